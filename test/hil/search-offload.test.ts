import { describe, expect, test } from 'vitest';
import { deviceExternal } from '../../fpga/external.js';
import { randomColouring, randomSudoku } from '../../fpga/puzzles.js';
import type { Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';
import { search } from '../../solver/search/search.js';

function problems(): [string, Problem][] {
  const rng = Rng.seeded(4242);
  const out: [string, Problem][] = [];
  for (let i = 0; i < 30; i++)
    out.push([
      `random #${i}`,
      randomProblem(rng, { vars: rng.int(3, 9), domain: rng.int(2, 6), density: 0.4, tightness: 0.35, holes: i % 2 === 0 }),
    ]);
  out.push(
    ['4x4 sudoku', randomSudoku(rng, 2, 4)],
    ['9x9 sudoku', randomSudoku(rng, 3, 28)],
    ['colouring', randomColouring(rng, 12, 0.4, 4)],
  );
  return out;
}

describe('search with the Verilated core as external propagator', () => {
  for (const [name, p] of problems())
    test(`${name}: same status, solution count and first solution as without offload`, () => {
      const opts = { all: true, maxSolutions: 50, seed: 1 };
      const plain = search(p, opts);
      const ext = deviceExternal('verilator', p);
      try {
        const offload = search(p, { ...opts, external: ext });
        expect(offload.status).toBe(plain.status);
        expect(offload.solutions).toBe(plain.solutions);
        expect(offload.solution ? [...offload.solution] : undefined).toEqual(plain.solution ? [...plain.solution] : undefined);
        if (offload.solution) expect(checkSolution(p, offload.solution)).toBeNull();
        // The engine calls the device once its own propagation is at a fixpoint without failure.
        if (plain.status === 'sat') expect(ext.calls).toBeGreaterThan(0);
      } finally {
        ext.close();
      }
    });
});
