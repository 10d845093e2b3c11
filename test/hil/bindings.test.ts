import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSimLibrary } from '../../bindings/loader.js';
import { Sim, UNIT_MUL, UNIT_OR } from '../../bindings/sim.js';
import { SimBudgetError, SimStateError } from '../../bindings/status.js';
import { compareCase } from '../../fpga/hil.js';
import { randomSudoku } from '../../fpga/puzzles.js';
import { TsDevice } from '../../fpga/ts-device.js';
import { VerilatorDevice } from '../../fpga/verilator-device.js';
import { UserError } from '../../solver/api/user-error.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { mul, ONE, or } from '../../solver/rounds/fixed-point.js';

describe('loader', () => {
  test('a missing library is a UserError telling to run `make sim`', () => {
    const missing = join('/nonexistent', 'build', 'libsoftprop_sim.so');
    expect(() => loadSimLibrary(missing)).toThrow(UserError);
    expect(() => loadSimLibrary(missing)).toThrow('/nonexistent/build/libsoftprop_sim.so: simulator library not built: run `make sim`');
    expect(() => VerilatorDevice.open({ libraryPath: missing })).toThrow('simulator library not built: run `make sim`');
  });
});

describe('simulator handle', () => {
  let sim: Sim;
  beforeAll(() => {
    sim = Sim.open();
  });
  afterAll(() => sim?.close());

  test('sp_unit_batch multiplier and OR match solver/rounds/fixed-point.ts on a random sample and the edges', () => {
    const rng = Rng.seeded(99);
    const edges = [0, 1, 2, 0x3fff, 0x4000, 0x4001, 0x7ffe, 0x7fff, ONE];
    const n = 20000;
    const a = new Uint16Array(n);
    const b = new Uint16Array(n);
    for (let k = 0; k < n; k++) {
      a[k] = k < edges.length * edges.length ? (edges[k % edges.length] as number) : rng.int(0, ONE);
      b[k] = k < edges.length * edges.length ? (edges[Math.floor(k / edges.length)] as number) : rng.int(0, ONE);
    }
    for (const [op, ref] of [
      [UNIT_MUL, mul],
      [UNIT_OR, or],
    ] as const) {
      const out = sim.unitBatch(op, a, b, new Uint16Array(n));
      const bad: string[] = [];
      for (let k = 0; k < n; k++)
        if (out[k] !== ref(a[k] as number, b[k] as number))
          bad.push(`op${op}(${a[k]}, ${b[k]}) = ${out[k]}, expected ${ref(a[k] as number, b[k] as number)}`);
      expect(bad.slice(0, 5)).toEqual([]);
    }
  });

  test('params report the layout ID and the 8-lane build', () => {
    const p = sim.params();
    expect(p[10]).toBe(0x53500001);
    expect(p[9]).toBe(ONE);
    expect(p[0]).toBeGreaterThanOrEqual(1);
  });

  test('a closed handle throws instead of crashing', () => {
    const s = Sim.open();
    s.close();
    s.close();
    expect(() => s.reset()).toThrow(SimStateError);
  });
});

describe('cycle budget', () => {
  test('a run that needs more cycles than its budget is a SimBudgetError, and the device stays usable', () => {
    const problem = randomSudoku(Rng.seeded(3), 3, 25);
    const prog = compileArcs(problem);
    const tiny = VerilatorDevice.open({ cycleBudget: 50 });
    try {
      tiny.load(prog);
      tiny.setDomains(problem.init);
      expect(() => tiny.run('hard', 100)).toThrow(SimBudgetError);
      tiny.cycleBudget = undefined;
      const cmp = compareCase(new TsDevice(), tiny, { family: 'sudoku', problem, mode: 'hard', maxRounds: 100, domains: problem.init });
      expect(cmp.firstDiff).toBe(-2);
      expect(cmp.got.run.fixpoint || cmp.got.run.wipeout).toBe(true);
    } finally {
      tiny.close();
    }
  });
});
