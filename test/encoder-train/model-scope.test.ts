import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { type DatasetItem, recordItem } from '../../encoder/datasets/record.js';
import { Encoder, solveGuided } from '../../encoder/guided-solve.js';
import { outsideScope, readScope, scopeOf } from '../../encoder/model-scope.js';
import { UserError } from '../../solver/api/user-error.js';
import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import { Rng } from '../../solver/model/rng.js';
import { softprop } from '../support/cli.js';

/**
 * What a model is for: the scope `train` records (families, structures, sizes) and the refusal of
 * problems outside it by the guided solve of the CLI, on the shipped sudoku model.
 */

const SUDOKU_MODEL = 'encoder/models/sudoku';
const CNF = 'p cnf 3 2\n1 -2 0\n2 3 0\n';

/** `count` instances of a generator family, made by the project's generators (seeded). */
async function generated(family: string, flags: FamilyFlags, count: number, seed: number): Promise<DatasetItem[]> {
  const f = familyByName(family);
  const params = await f.params(flags);
  const rng = Rng.seeded(seed);
  return Array.from({ length: count }, (_, i) => recordItem(f.generate(rng.split(), params), 'gen', i + 1));
}

let strict: Encoder;
let lenient: Encoder;
beforeAll(async () => {
  strict = await Encoder.load(SUDOKU_MODEL, 'wasm', { refuseOutside: true });
  lenient = await Encoder.load(SUDOKU_MODEL, 'wasm');
});
afterAll(() => {
  strict.dispose();
  lenient.dispose();
});

it('scopeOf records families, structures, variable counts and largest domains of training items', async () => {
  const items = [...(await generated('latin', { size: 5, holes: 0.5 }, 3, 1)), ...(await generated('latin', { size: 7 }, 2, 2))];
  const coloring = await generated('coloring', { size: 12, colors: 3 }, 1, 3);
  expect(scopeOf([...items, ...coloring])).toEqual({
    families: ['coloring', 'latin'],
    structures: ['alldiff', 'neq'],
    variables: { min: 12, max: 49 },
    largestDomain: { min: 3, max: 7 },
  });
  // A latin square of an order in between is in scope, one beyond is not, nor a sudoku grid.
  const s = scopeOf(items);
  expect(outsideScope(s, ((await generated('latin', { size: 6 }, 1, 4))[0] as DatasetItem).problem)).toBeNull();
  expect(outsideScope(s, ((await generated('latin', { size: 8 }, 1, 4))[0] as DatasetItem).problem)).toBe('its largest domain is 8');
  expect(outsideScope(s, ((await generated('sudoku', { size: 3 }, 1, 4))[0] as DatasetItem).problem)).toBe(
    'its constraints are alldiff+grid',
  );
});

it('the shipped sudoku model refuses a CNF and a latin square of another size, and accepts a 9×9 sudoku', async () => {
  expect(strict.scope?.structures).toEqual(['alldiff+grid']);
  const cnf = parseCnf(CNF, 'f.cnf').problem;
  const latin = ((await generated('latin', { size: 10, holes: 0.5 }, 1, 5))[0] as DatasetItem).problem;
  const sudoku = ((await generated('sudoku', { size: 3 }, 1, 6))[0] as DatasetItem).problem;
  const refusal = (p: typeof cnf): string => {
    try {
      solveGuided(p, strict, { seed: 1 });
    } catch (e) {
      if (e instanceof UserError) return e.message;
      throw e;
    }
    return 'accepted';
  };
  const head = `${SUDOKU_MODEL}: the model was trained on sudoku (alldiff+grid, largest domain 9, 81 variables) and this problem is outside that`;
  expect(refusal(cnf)).toBe(`${head}: its constraints are clause (--encoder-any applies it anyway)`);
  expect(refusal(latin)).toBe(`${head}: its constraints are alldiff (--encoder-any applies it anyway)`);
  expect(refusal(sudoku)).toBe('accepted');
  // Loaded without refuseOutside (the library's default, the CLI's --encoder-any) it guides anything.
  expect(solveGuided(cnf, lenient, { seed: 1 }).status).toBe('sat');
  expect(solveGuided(latin, lenient, { seed: 1 }).status).toBe('sat');
});

it('a malformed scope in meta.json is a one-line UserError naming the file', () => {
  expect(readScope({}, 'm/meta.json')).toBeUndefined();
  expect(() => readScope({ scope: { families: [], structures: ['neq'], variables: { min: 3, max: 2 } } }, 'm/meta.json')).toThrow(
    new UserError('m/meta.json: "scope" "variables" must be {"min", "max"}, integers with 1 ≤ min ≤ max'),
  );
  expect(() => readScope({ scope: [] }, 'm/meta.json')).toThrow(new UserError('m/meta.json: "scope" must be an object'));
});

it('softprop solve --encoder refuses a problem outside the model (one line, exit 1) unless --encoder-any', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-scope-'));
  const file = join(dir, 'f.cnf');
  writeFileSync(file, CNF);
  const refused = softprop(['solve', file, '--encoder', SUDOKU_MODEL]);
  expect([refused.code, refused.out]).toEqual([1, '']);
  expect(refused.err).toMatch(/^softprop: encoder\/models\/sudoku: the model was trained on sudoku .* its constraints are clause .*\n$/);
  const forced = softprop(['solve', file, '--encoder', SUDOKU_MODEL, '--encoder-any']);
  expect([forced.code, forced.out.split('\n')[1]]).toEqual([0, 's SATISFIABLE']);
  const alone = softprop(['solve', file, '--encoder-any']);
  expect([alone.code, alone.err]).toEqual([1, 'softprop: --encoder-any applies to --encoder DIR\n']);
});
