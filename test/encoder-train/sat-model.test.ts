import { afterAll, beforeAll, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import { recordItem } from '../../encoder/datasets/record.js';
import { Encoder, solveGuided } from '../../encoder/guided-solve.js';
import { UserError } from '../../solver/api/user-error.js';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';

/**
 * The shipped 3-SAT model: its scope is CNF (clause structure, domain 2), so it guides a CNF the
 * sudoku model refuses, and it is refused on a sudoku; what it guides is solved and checked.
 */

const MODEL = 'encoder/models/3sat';

let strict: Encoder;
beforeAll(async () => {
  strict = await Encoder.load(MODEL, 'wasm', { refuseOutside: true });
});
afterAll(() => strict.dispose());

async function one(family: string, flags: Record<string, unknown>, seed: number): Promise<Problem> {
  const f = familyByName(family);
  const record = f.generate(Rng.seeded(seed), await f.params(flags));
  return recordItem(JSON.parse(JSON.stringify(record)), 'gen', 1).problem;
}

it('the 3-SAT model guides planted 3-SAT larger than it was trained on, to checked solutions', async () => {
  expect(strict.scope?.structures).toEqual(['clause']);
  expect(strict.scope?.families).toEqual(['cnf']);
  for (const seed of [1, 2, 3]) {
    const p = await one('cnf', { size: 150, ratio: 4.2, planted: true }, seed);
    const r = solveGuided(p, strict, { seed: 1, nodes: 100_000 });
    expect(r.status).toBe('sat');
    expect(checkSolution(p, r.solution as Int32Array)).toBeNull();
  }
});

it('the 3-SAT model refuses a sudoku, naming what it was trained on', async () => {
  const sudoku = await one('sudoku', { size: 3 }, 4);
  expect(() => solveGuided(sudoku, strict, { seed: 1 })).toThrow(UserError);
  expect(() => solveGuided(sudoku, strict, { seed: 1 })).toThrow(
    'encoder/models/3sat: the model was trained on cnf (clause, largest domain 2, 50..100 variables) and this problem is outside that: its constraints are alldiff+grid',
  );
});
