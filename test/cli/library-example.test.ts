import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';

/**
 * The README's library example is cli/demo/library-example.mjs, run here as a user would run it:
 * with node, importing softprop/solver and softprop/encoder through the package's exports (the
 * built dist/). Its printed values are checked against independent rules, and the README's code
 * block must be the file, so neither can drift from the API.
 */

const EXAMPLE = 'cli/demo/library-example.mjs';

/** The code block of the README's Library section. */
function readmeExample(): string | undefined {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library\n'));
  return /\n```js\n([\s\S]*?)```\n/.exec(section)?.[1];
}

/** Whether a 9×9 grid string keeps the puzzle's givens and has every digit once per row, column and box. */
function validSudoku(puzzle: string, grid: string): boolean {
  if (!/^[1-9]{81}$/.test(grid)) return false;
  if ([...puzzle].some((c, i) => c !== '.' && c !== grid[i])) return false;
  const units: number[][] = [];
  for (let k = 0; k < 9; k++) {
    const box = [3 * Math.floor(k / 3), 3 * (k % 3)] as const;
    units.push(
      Array.from({ length: 9 }, (_, j) => 9 * k + j),
      Array.from({ length: 9 }, (_, j) => 9 * j + k),
      Array.from({ length: 9 }, (_, j) => 9 * (box[0] + Math.floor(j / 3)) + box[1] + (j % 3)),
    );
  }
  return units.every((u) => new Set(u.map((i) => grid[i])).size === 9);
}

it('the README example is the file, and the file runs: a model solved, an encoder trained, a guided sudoku solve with its report', () => {
  const source = readFileSync(EXAMPLE, 'utf8');
  expect(readmeExample(), 'README "## Library" code block').toBe(source);

  const r = spawnSync('node', [EXAMPLE], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const [model, trained, sudoku, ...rest] = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(rest).toEqual([]);

  // The model: x[0..2] in 1..3, all different, x[0] > x[2] + 1.
  expect(model.model).toBe('sat');
  const x = [0, 1, 2].map((i) => model.assignment[`x[${i}]`]);
  expect(x.every((v) => Number.isInteger(v) && v >= 1 && v <= 3)).toBe(true);
  expect(new Set(x).size).toBe(3);
  expect(x[0]).toBeGreaterThan(x[2] + 1);

  // 12 instances, one held out, batches of 4: three steps.
  expect(trained).toEqual({ trained: true, steps: 3 });

  const puzzle = /const puzzle = '([.1-9]{81})'/.exec(source)?.[1] as string;
  expect(sudoku.sudoku).toBe('sat');
  expect(validSudoku(puzzle, sudoku.solution)).toBe(true);
  expect(Number.isInteger(sudoku.nodes) && sudoku.nodes >= 0).toBe(true);
  // The report's search without the encoder is the generic engine's, as `softprop solve` runs it.
  const plain = softprop(['solve', join(fixtures({ 'p.txt': `${puzzle}\n` }), 'p.txt'), '--json', '--var-order', 'domwdeg']);
  expect(plain.code).toBe(0);
  expect(sudoku.without).toBe(JSON.parse(plain.out).stats.nodes);
});
