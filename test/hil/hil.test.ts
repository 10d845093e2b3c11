import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hilExitCode } from '../../cli/hil.js';
import type { Device, DeviceMode, DeviceRun } from '../../fpga/device.js';
import { compareCase, type HilMismatch, replayReproducer, runHil } from '../../fpga/hil.js';
import { drawHilCase, type HilCase } from '../../fpga/hil-cases.js';
import { readReproducer } from '../../fpga/hil-reproducer.js';
import { randomCnf, randomColouring, randomSudoku } from '../../fpga/puzzles.js';
import { TsDevice } from '../../fpga/ts-device.js';
import { VerilatorDevice } from '../../fpga/verilator-device.js';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import type { ArcProgram } from '../../solver/rounds/arcs.js';
import { ONE } from '../../solver/rounds/fixed-point.js';

// Without build/libsoftprop_sim.so, VerilatorDevice.open fails with the loader's message (`make sim`).
let core: VerilatorDevice;
beforeAll(() => {
  core = VerilatorDevice.open();
});
afterAll(() => core?.close());

describe('HIL: Verilated core vs bit-exact TS reference', () => {
  // 12 s of simulation at low load on this 2-core machine, 126 s once under a load of 10 (the suite default is 120 s).
  test('thousands of generated cases agree word for word, in both modes and every family', { timeout: 300_000 }, () => {
    const r = runHil({ problems: 5000, seed: 20260401 }, core);
    expect(r.mismatches.map((m) => `case ${m.caseIndex} (${m.family}, ${m.mode}): ${m.detail}`)).toEqual([]);
    expect(r.problems).toBe(5000);
    for (const f of ['random', 'random-large', 'random-wide', 'sudoku', 'colouring', 'cnf']) expect(r.byFamily[f]).toBeGreaterThan(100);
    expect(r.byMode.hard).toBeGreaterThan(2000);
    expect(r.byMode.fixed).toBeGreaterThan(2000);
    expect(r.rounds).toBeGreaterThan(5000);
    // Every round costs at least the 6.5 model's fixed terms; the core reports real cycles.
    expect(r.cyclesPerRound).toBeGreaterThan(2);
    // hdl/SPEC.md 6.5 states the exact cycle count of a round; every run must follow it.
    expect(r.cycleModelDeviations).toBe(0);
  });

  const big: [string, (rng: Rng) => Problem][] = [
    ['9x9 sudoku', (rng) => randomSudoku(rng, 3, 30)],
    ['16x16 sudoku', (rng) => randomSudoku(rng, 4, 120)],
    ['colouring of 40 nodes', (rng) => randomColouring(rng, 40, 0.25, 5)],
    ['3-CNF at the threshold', (rng) => randomCnf(rng, 60, 256, 3)],
  ];
  for (const [name, make] of big)
    for (const mode of ['hard', 'fixed'] as DeviceMode[])
      test(`${name}, ${mode} mode, to the fixpoint`, () => {
        const rng = Rng.seeded(name.length * 31 + mode.length);
        const problem = make(rng);
        const D = Math.max(...problem.domSize);
        const c: HilCase =
          mode === 'hard'
            ? { family: name, problem, mode, maxRounds: 1000, domains: problem.init.slice() }
            : { family: name, problem, mode, maxRounds: 1000, weights: weightsOn(rng, problem, D) };
        const cmp = compareCase(new TsDevice(), core, c);
        expect(cmp.got.run).toEqual({ ...cmp.expected.run, cycles: cmp.got.run.cycles });
        expect([...cmp.got.state]).toEqual([...cmp.expected.state]);
        expect(cmp.got.run.rounds).toBeGreaterThan(0);
      });

  // The corpus's CNF clauses have at most 4 literals, so a clause of more than LANES = 8 literals,
  // folded in several passes of 8 lanes (hdl/SPEC.md 6.4, phase 2), is met only here.
  test('CNF clauses wider than the 8 lanes (2 to 3 passes each), both modes, agree word for word', () => {
    const wrong: string[] = [];
    for (let s = 0; s < 120; s++) {
      const rng = Rng.seeded(1000 + s);
      const vars = rng.int(12, 30);
      const problem = randomCnf(rng, vars, rng.int(1, 12), rng.int(9, Math.min(vars, 24)));
      for (const mode of ['hard', 'fixed'] as DeviceMode[]) {
        const c: HilCase =
          mode === 'hard'
            ? { family: 'wide-cnf', problem, mode, maxRounds: 4, domains: problem.init.slice() }
            : { family: 'wide-cnf', problem, mode, maxRounds: 4, weights: weightsOn(rng, problem, 2) };
        const cmp = compareCase(new TsDevice(), core, c);
        if (cmp.firstDiff !== -2)
          wrong.push(`seed ${s}, ${mode}: ${cmp.firstDiff === -1 ? 'run report' : `word ${cmp.firstDiff}`} differs`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** Random Q1.15 weights on the initial domains. */
function weightsOn(rng: Rng, p: Problem, D: number): Uint16Array {
  const w = new Uint16Array(p.domSize.length * D);
  const words = Math.ceil(D / 32);
  for (let x = 0; x < p.domSize.length; x++)
    for (let a = 0; a < (p.domSize[x] as number); a++)
      if (((p.init[x * words + (a >>> 5)] as number) >>> (a & 31)) & 1) w[x * D + a] = rng.float() < 0.3 ? ONE : rng.int(1, ONE);
  return w;
}

/** A device that passes every call to `inner` and then corrupts the run report or the output state. */
class FaultyDevice implements Device {
  readonly kind = 'verilator' as const;
  constructor(
    private readonly inner: Device,
    private readonly fault: { run?: (r: DeviceRun) => DeviceRun; state?: <T extends Uint32Array | Uint16Array>(s: T) => T },
  ) {}
  get lanes(): number | undefined {
    return this.inner.lanes;
  }
  load(prog: ArcProgram): void {
    this.inner.load(prog);
  }
  setDomains(d: Uint32Array): void {
    this.inner.setDomains(d);
  }
  setWeights(w: Uint16Array): void {
    this.inner.setWeights(w);
  }
  run(mode: DeviceMode, maxRounds: number): DeviceRun {
    const r = this.inner.run(mode, maxRounds);
    return this.fault.run ? this.fault.run(r) : r;
  }
  readDomains(): Uint32Array {
    const s = this.inner.readDomains();
    return this.fault.state ? this.fault.state(s) : s;
  }
  readWeights(): Uint16Array {
    const s = this.inner.readWeights();
    return this.fault.state ? this.fault.state(s) : s;
  }
  close(): void {
    this.inner.close();
  }
}

/** The same words with one more (a zero) at the end. */
function oneWordMore<T extends Uint32Array | Uint16Array>(s: T): T {
  const t = new (s.constructor as new (n: number) => T)(s.length + 1);
  t.set(s);
  return t;
}

describe('HIL mismatch handling', () => {
  test('a corrupted word is reported, shrunk and written as a replayable reproducer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softprop-hil-'));
    // Flips the low bit of the first fractional weight of a fixed-mode run.
    const flipFractional = <T extends Uint32Array | Uint16Array>(out: T): T => {
      const i = out instanceof Uint16Array ? out.findIndex((v) => v > 1 && v < ONE) : -1;
      if (i >= 0) out[i] = (out[i] as number) ^ 1;
      return out;
    };
    const faulty = () => new FaultyDevice(new TsDevice(), { state: flipFractional });
    const r = runHil({ problems: 40, seed: 7, outDir: dir }, faulty());
    expect(r.mismatches.length).toBeGreaterThan(0);
    for (const m of r.mismatches) {
      expect(m.mode).toBe('fixed');
      expect(m.firstDiff).toBeGreaterThanOrEqual(0);
      const file = m.reproducer as string;
      const { reproducer, hilCase } = readReproducer(file);
      expect(reproducer.got.state[m.firstDiff]).not.toBe(reproducer.expected.state[m.firstDiff]);
      // Shrinking keeps the mismatch with at most the original constraints and rounds.
      const original = drawnCase(7, m.caseIndex);
      expect(hilCase.problem.constraints.length).toBeLessThanOrEqual(original.problem.constraints.length);
      expect(hilCase.maxRounds).toBeLessThanOrEqual(original.maxRounds);
      expect(replayReproducer(file, {}, faulty()).cmp.firstDiff).toBe(m.firstDiff);
      expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('softprop-hil-reproducer/1');
    }
  });

  // Each fault on the real core must fail every case and the run (exit 2).
  const faults: [string, ConstructorParameters<typeof FaultyDevice>[1], (m: HilMismatch) => void][] = [
    [
      'a cycle count one above the cycle model',
      { run: (r) => ({ ...r, cycles: (r.cycles as number) + 1 }) },
      (m) => {
        expect(m.firstDiff).toBe(-1);
        const [model, core] = [...m.detail.matchAll(/cycles=(\d+)/g)].map((x) => Number(x[1]));
        expect(core).toBe((model as number) + 1);
      },
    ],
    ['one output word too many', { state: oneWordMore }, (m) => expect(m.detail).toMatch(/core=0x0 \(ts (\d+) words, core \d+\)/)],
    [
      'one output word missing',
      { state: (s) => s.subarray(0, s.length - 1) as typeof s },
      (m) => expect(m.detail).toMatch(/ts=0x[0-9a-f]+ core=none \(ts \d+ words, core \d+\)/),
    ],
    [
      'one bit flipped',
      {
        state: (s) => {
          s[s.length >> 1] = (s[s.length >> 1] as number) ^ 4;
          return s;
        },
      },
      (m) => expect(m.detail).toMatch(/^output\[\d+\] ts=0x[0-9a-f]+ core=0x[0-9a-f]+;/),
    ],
  ];
  for (const [name, fault, check] of faults)
    test(`${name}: every case mismatches and \`softprop hil\` exits 2`, () => {
      const r = runHil({ problems: 12, seed: 3 }, new FaultyDevice(core, fault));
      expect(r.mismatches.map((m) => m.caseIndex)).toEqual([...Array(12).keys()]);
      for (const m of r.mismatches) check(m);
      expect(hilExitCode(r)).toBe(2);
    });

  test('the same cases on the core itself pass: exit 0', () => {
    const r = runHil({ problems: 12, seed: 3 }, new FaultyDevice(core, {}));
    expect(r.mismatches).toEqual([]);
    expect(r.cycleModelDeviations).toBe(0);
    expect(hilExitCode(r)).toBe(0);
  });
});

function drawnCase(seed: number, index: number): HilCase {
  const rng = Rng.seeded(seed);
  let c = drawHilCase(rng);
  for (let i = 0; i < index; i++) c = drawHilCase(rng);
  return c;
}
