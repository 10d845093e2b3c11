import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { propagateOnDevice } from '../../fpga/device-propagate.js';
import { randomCnf, randomSudoku } from '../../fpga/puzzles.js';
import { VerilatorDevice } from '../../fpga/verilator-device.js';
import { propagateProblem } from '../../solver/api/propagate.js';
import type { Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';

let core: VerilatorDevice;
beforeAll(() => {
  core = VerilatorDevice.open();
});
afterAll(() => core?.close());

describe('propagate --device verilator prints what the TS reference prints', () => {
  const rng = Rng.seeded(11);
  const cases: [string, Problem][] = [
    ['9x9 sudoku', randomSudoku(rng, 3, 30)],
    ['3-CNF', randomCnf(rng, 30, 120, 3)],
    ['random CSP', randomProblem(rng, { vars: 20, domain: 40, density: 0.3, tightness: 0.4 })],
  ];
  for (const [name, p] of cases)
    for (const mode of ['hard', 'fixed'] as const)
      test(`${name}, ${mode}, with and without user weights`, () => {
        const weights = Array.from(p.domSize, (d) => Array.from({ length: d }, () => rng.float()));
        for (const opts of [
          { mode, rounds: 1000 },
          { mode, rounds: 3, weights },
        ]) {
          const { cycles, ...onCore } = propagateOnDevice(p, opts, core);
          expect(onCore).toEqual(propagateProblem(p, opts));
          expect(cycles).toBeGreaterThan(0);
        }
      });

  test('soft and solver modes are refused with a UserError', () => {
    expect(() => propagateOnDevice(cases[0]![1], { mode: 'soft', rounds: 5 }, core)).toThrow('--device runs the hard and fixed modes only');
  });
});
