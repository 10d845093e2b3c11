import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import type { generateDataset as GenerateDataset } from '../../encoder/datasets/generate.js';
import { buildLine } from '../../encoder/datasets/generate.js';
import { instanceStates } from '../../encoder/datasets/streams.js';
import { softprop } from '../support/cli.js';

// Worker threads run compiled JavaScript: these tests use the build made by test/support/global-setup.ts.
const repo = resolve(import.meta.dirname, '../..');
let generateDataset: typeof GenerateDataset;
const out = mkdtempSync(join(tmpdir(), 'softprop-workers-'));

beforeAll(async () => {
  ({ generateDataset } = await import(join(repo, 'dist/encoder/datasets/generate.js')));
});

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

const cases: [string, FamilyFlags][] = [
  ['sudoku', { givens: 30 }],
  ['latin', { size: 6 }],
  ['coloring', { size: 20 }],
  ['cnf', { size: 20 }],
  ['rb', { size: 8 }],
];

describe('dataset generation with worker threads', () => {
  it('writes the same bytes with 1 and 2 workers, equal to building each instance in this thread', async () => {
    for (const [family, flags] of cases) {
      const files = [1, 2].map((w) => join(out, `${family}-${w}.jsonl`));
      for (const [k, file] of files.entries()) await generateDataset({ family, flags, count: 7, seed: 4, out: file, workers: k + 1 });
      const params = await familyByName(family).params(flags);
      const expected = instanceStates(4, 7)
        .map((s, i) => buildLine({ family, params }, i, s))
        .join('');
      expect(readFileSync(files[0] as string, 'utf8')).toBe(expected);
      expect(readFileSync(files[1] as string, 'utf8')).toBe(expected);
    }
  });

  it('writes the same states with 1 and 2 workers, equal to building them in this thread', async () => {
    const states = [
      ['sudoku', { givens: 24, nodes: 200_000 }, { keep: 'live', max: 6 }],
      ['coloring', { size: 14, colors: 3, density: 0.4, nodes: 5000 }, { keep: 'all', max: 5 }],
    ] as const;
    for (const [family, flags, keep] of states) {
      const files = [1, 2].map((w) => join(out, `${family}-states-${w}.jsonl`));
      const runs = [];
      for (const [k, file] of files.entries())
        runs.push(await generateDataset({ family, flags, count: 5, seed: 9, out: file, workers: k + 1, states: keep }));
      const params = await familyByName(family).params(flags);
      const init = { family, params, states: { ...keep, nodes: flags.nodes } };
      const expected = instanceStates(9, 5)
        .map((s, i) => buildLine(init, i, s))
        .join('');
      expect(expected.split('\n').length - 1).toBeGreaterThan(5);
      expect(runs.map((r) => r.records)).toEqual([expected.split('\n').length - 1, expected.split('\n').length - 1]);
      expect(readFileSync(files[0] as string, 'utf8')).toBe(expected);
      expect(readFileSync(files[1] as string, 'utf8')).toBe(expected);
    }
  });

  it('leaves no file behind when an instance fails in a worker', async () => {
    const file = join(out, 'failed.jsonl');
    // A budget too small is the user's to fix: a UserError (the build's own class), not a crash.
    await expect(
      generateDataset({ family: 'sudoku', flags: { nodes: 1 }, count: 3, seed: 1, out: file, workers: 2 }),
    ).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/^instance \d: no full 9x9 grid within 1 search nodes/),
    });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(out).filter((f) => f.includes('failed'))).toEqual([]);
    await expect(
      generateDataset({ family: 'coloring', flags: {}, count: 1, seed: 1, out: join(out, 'no/such/dir.jsonl'), workers: 1 }),
    ).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/dir\.jsonl: cannot write: no such file or directory \(ENOENT\)$/),
    });
  });

  it('runs as `softprop generate`: exit 0 and the file, exit 1 with a one-line message on bad flags', () => {
    const cli = (...args: string[]) => softprop(['generate', ...args]);
    const file = join(out, 'cli.jsonl');
    const ok = cli('coloring', '--count', '5', '--seed', '2', '--size', '12', '--out', file, '--workers', '2');
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/wrote 5 coloring instances/);
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBe(5);
    const bad = cli('sudoku', '--count', '2', '--colors', '3', '--out', join(out, 'bad.jsonl'));
    expect([bad.code, bad.err]).toEqual([1, 'softprop: --colors does not apply to sudoku\n']);
    expect(existsSync(join(out, 'bad.jsonl'))).toBe(false);
  });
});
