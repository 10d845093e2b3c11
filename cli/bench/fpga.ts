import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../bindings/loader.js';
import { idealCyclesPerRound, modelCyclesPerRound } from '../../fpga/cycle-model.js';
import { buildImage, nativeWorkload, packWeights } from '../../fpga/layout.js';
import { randomColouring, randomSudoku } from '../../fpga/puzzles.js';
import { VerilatorDevice } from '../../fpga/verilator-device.js';
import type { Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { valuesPerVar } from '../../solver/rounds/arc-lists.js';
import { type ArcProgram, compileArcs } from '../../solver/rounds/arcs.js';
import { ONE } from '../../solver/rounds/fixed-point.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import type { BenchOptions, BenchRow, BenchSection } from './report.js';
import { uartBytesPerRun, uartRunsPerSecond } from './uart-bound.js';

/**
 * FPGA section: the Verilated core driven through the koffi bindings against the native C harness
 * (build/bench_native) on the same workload in the same run; the core's cycles per round against
 * the cycle model and the ideal of hdl/SPEC.md 6.5; and, from build/bitstream-report.json, the
 * propagation rate the UP5K build would reach at its fmax against the TS fixed-point reference.
 *
 * Workload: fixed-mode rounds on a random 8-colouring of 96 nodes (edge density 0.2), random Q1.15
 * weights, sized to fit the UP5K build's memories (SPEC 6.1). A propagation is one arc revision
 * (all values of x against one arc x←y) or one clause-literal support, so a round makes
 * arcs + literals propagations. The cycle rows also cover a 9×9 sudoku and a random CSP (one
 * fixed-mode round each), so the lane loss of domains that do not fill the lanes shows.
 */
/** Alternating trials of bindings and native harness. */
const TRIALS = 3;

export const fpgaSection: BenchSection = async (opts) => {
  const rng = Rng.seeded(opts.seed);
  const problem = randomColouring(rng, 96, 0.2, 8);
  const prog = compileArcs(problem);
  const weights = randomWeights(rng, prog);
  const rounds = 24;
  const repeats = opts.quick ? 3 : 12;
  const perRound = prog.arcSrc.length + prog.litVar.length;
  const suite = `fpga/colouring96x8 fixed ${rounds} rounds`;

  const device = VerilatorDevice.open();
  try {
    device.load(prog);
    const lanes = device.params.lanes;
    // Alternate the two sides and keep each one's best trial: the machine is shared and noisy.
    let bind = measureBindings(device, weights, rounds, repeats);
    let native = runNative(device, prog, weights, rounds, repeats, opts);
    for (let t = 1; t < TRIALS; t++) {
      const b = measureBindings(device, weights, rounds, repeats);
      if (b.cyclesPerSecond > bind.cyclesPerSecond) bind = b;
      const n = native && runNative(device, prog, weights, rounds, repeats, opts);
      if (n && native && n.cyclesPerSecond > native.cyclesPerSecond) native = n;
    }
    const tsRate = measureReference(prog, weights, rounds, repeats);
    const rows: BenchRow[] = [];
    rows.push({
      suite,
      metric: 'simulated cycles/s through bindings (sp_run only)',
      value: bind.cyclesPerSecond,
      ...(native
        ? {
            baseline: native.cyclesPerSecond,
            baselineName: 'build/bench_native (C, same library)',
            ratio: bind.cyclesPerSecond / native.cyclesPerSecond,
            target: '>= 0.8',
            met: bind.cyclesPerSecond / native.cyclesPerSecond >= 0.8,
          }
        : { note: 'build/bench_native not built: run `make bench-native`' }),
    });
    rows.push({
      suite,
      metric: 'simulated propagations/s through bindings (weights in + run + weights out)',
      value: bind.endToEndRoundsPerSecond * perRound,
      ...(native
        ? {
            baseline: native.roundsPerSecond * perRound,
            baselineName: 'build/bench_native (sp_run only)',
            ratio: bind.endToEndRoundsPerSecond / native.roundsPerSecond,
            note: 'ratio: bindings end to end / native run only',
          }
        : {}),
    });
    const measured = bind.cycles / bind.rounds;
    const model = modelCyclesPerRound(prog, lanes);
    rows.push({
      suite,
      metric: `cycles/round against the cycle model (L=${lanes})`,
      value: measured,
      baseline: model,
      baselineName: 'cycle model, hdl/SPEC.md 6.5',
      ratio: measured / model,
      note: 'ratio: measured / model (1 = the model is exact)',
    });
    rows.push(idealRow(suite, prog, lanes, measured));
    rows.push(projectedRow(suite, measured, perRound, tsRate * perRound));
    // The link's bound: a run of `rounds` rounds makes rounds * perRound propagations.
    const weightWords = buildImage(prog, device.params).weightWords;
    for (const baud of [115_200, 3_000_000])
      rows.push({
        suite,
        metric: `UART link bound at ${baud} baud: propagations/s (weights in + run + weights out)`,
        value: uartRunsPerSecond(weightWords, baud) * rounds * perRound,
        baseline: tsRate * perRound,
        baselineName: 'TS fixed-point reference, this run',
        note: `${uartBytesPerRun(weightWords)} line bytes per run of ${rounds} rounds, 10 bits a byte`,
      });
    for (const [name, p] of [
      ['9x9 sudoku', randomSudoku(rng, 3, 30)],
      [
        'random CSP, 60 variables, d 6..12',
        randomProblem(rng, { vars: 60, domain: 12, density: 0.15, tightness: 0.5, kinds: ['table', 'neq'], holes: false }),
      ],
    ] as [string, Problem][])
      rows.push(oneRoundRow(device, `fpga/${name} fixed 1 round`, compileArcs(p), rng));
    const resources = resourceRow(suite);
    if (resources) rows.push(resources);
    return rows;
  } finally {
    device.close();
  }
};

/** Random Q1.15 weights in [ONE/2, ONE] on every value of every domain, 0 past a domain's end. */
function randomWeights(rng: Rng, prog: ArcProgram): Uint16Array {
  const D = valuesPerVar(prog);
  const w = new Uint16Array(prog.nVars * D);
  for (let x = 0; x < prog.nVars; x++) for (let a = 0; a < (prog.domSize[x] as number); a++) w[x * D + a] = rng.int(ONE >> 1, ONE);
  return w;
}

/** One fixed-mode round of `prog` on random weights: measured cycles against the ideal. */
function oneRoundRow(device: VerilatorDevice, suite: string, prog: ArcProgram, rng: Rng): BenchRow {
  device.load(prog);
  device.setWeights(randomWeights(rng, prog));
  return idealRow(suite, prog, device.params.lanes, device.run('fixed', 1).cycles ?? Number.NaN);
}

/**
 * Measured cycles per round against the ideal, as measured / ideal like every cycles row (1 is the
 * ideal; issue 12 asks for at most 1.1), the cycle model in the note.
 */
function idealRow(suite: string, prog: ArcProgram, lanes: number, measured: number): BenchRow {
  const ideal = idealCyclesPerRound(prog, lanes);
  return {
    suite,
    metric: `cycles/round against the ideal (L=${lanes})`,
    value: measured,
    baseline: ideal,
    baselineName: 'ideal of hdl/SPEC.md 6.5 (one value-lane step per lane and cycle)',
    ratio: measured / ideal,
    note: `ratio: measured / ideal (1 = ideal, higher is slower); cycle model ${modelCyclesPerRound(prog, lanes)}`,
  };
}

interface BindingsRate {
  cycles: number;
  rounds: number;
  cyclesPerSecond: number;
  endToEndRoundsPerSecond: number;
}

/** Like bench_native: weights reloaded before every run, only sp_run timed; end to end also timed. */
function measureBindings(device: VerilatorDevice, weights: Uint16Array, rounds: number, repeats: number): BindingsRate {
  const out = new Uint16Array(weights.length);
  let cycles = 0;
  let done = 0;
  let runNs = 0n;
  let allNs = 0n;
  for (let k = 0; k < repeats; k++) {
    const t0 = process.hrtime.bigint();
    device.setWeights(weights);
    const t1 = process.hrtime.bigint();
    const r = device.run('fixed', rounds);
    const t2 = process.hrtime.bigint();
    device.readWeights(out);
    allNs += process.hrtime.bigint() - t0;
    runNs += t2 - t1;
    cycles += r.cycles ?? 0;
    done += r.rounds;
  }
  return { cycles, rounds: done, cyclesPerSecond: cycles / (Number(runNs) / 1e9), endToEndRoundsPerSecond: done / (Number(allNs) / 1e9) };
}

/** Rounds/s of the bit-exact TS fixed-point reference on the same weights and round limit. */
function measureReference(prog: ArcProgram, weights: Uint16Array, rounds: number, repeats: number): number {
  const ref = new FixedPropagator(prog);
  const w = new Uint16Array(weights.length);
  let done = 0;
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < repeats; k++) {
    w.set(weights);
    done += ref.run(w, rounds).total;
  }
  return done / (Number(process.hrtime.bigint() - t0) / 1e9);
}

interface NativeRate {
  cyclesPerSecond: number;
  roundsPerSecond: number;
}

/** Runs build/bench_native on the same image and weights; undefined when it is not built. */
function runNative(
  device: VerilatorDevice,
  prog: ArcProgram,
  weights: Uint16Array,
  rounds: number,
  repeats: number,
  opts: BenchOptions,
): NativeRate | undefined {
  const exe = join(packageRoot(), 'build', 'bench_native');
  if (!existsSync(exe)) {
    opts.log('bench fpga: build/bench_native not built (make bench-native); no native baseline');
    return undefined;
  }
  const img = buildImage(prog, device.params);
  const dir = mkdtempSync(join(tmpdir(), 'softprop-bench-fpga-'));
  try {
    const file = join(dir, 'workload.txt');
    writeFileSync(file, nativeWorkload(img, packWeights(img, weights, valuesPerVar(prog)), 1, rounds));
    const p = spawnSync(exe, [file, String(repeats)], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`bench_native failed (${p.status}): ${p.stderr}`);
    const r = JSON.parse(p.stdout) as { rounds: number; seconds: number; cyclesPerSecond: number };
    return { cyclesPerSecond: r.cyclesPerSecond, roundsPerSecond: r.rounds / r.seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The UP5K build's resource use from build/bitstream-report.json: LCs, DSPs, BRAMs, SPRAMs (used / available). */
function resourceRow(suite: string): BenchRow | undefined {
  const report = join(packageRoot(), 'build', 'bitstream-report.json');
  if (!existsSync(report)) return undefined;
  type Use = { used: number; available: number };
  const r = JSON.parse(readFileSync(report, 'utf8')) as Record<'logicCells' | 'dsps' | 'blockRams' | 'singlePortRams', Use>;
  const use = (u: Use): string => `${u.used}/${u.available}`;
  return {
    suite,
    metric: 'iCE40 UP5K logic cells used (build/bitstream-report.json)',
    value: r.logicCells.used,
    note: `LCs ${use(r.logicCells)}, DSPs ${use(r.dsps)}, BRAMs ${use(r.blockRams)}, SPRAMs ${use(r.singlePortRams)}`,
  };
}

/** Propagations/s the UP5K build would reach at nextpnr's fmax, against the TS reference measured now. */
function projectedRow(suite: string, cyclesPerRound: number, perRound: number, tsPropsPerSecond: number): BenchRow {
  const metric = 'projected propagations/s on iCE40 UP5K at fmax';
  const report = join(packageRoot(), 'build', 'bitstream-report.json');
  const base = {
    suite,
    metric,
    baseline: tsPropsPerSecond,
    baselineName: 'TS fixed-point reference (solver/rounds/fixed-propagate.ts), this run',
  };
  if (!existsSync(report)) return { ...base, value: Number.NaN, note: 'build/bitstream-report.json absent: run `make bitstream`' };
  const r = JSON.parse(readFileSync(report, 'utf8')) as { fmax: Record<string, { achievedMHz: number }> };
  const mhz = Math.min(...Object.values(r.fmax).map((f) => f.achievedMHz));
  const value = ((mhz * 1e6) / cyclesPerRound) * perRound;
  return { ...base, value, ratio: value / tsPropsPerSecond, note: `fmax ${mhz.toFixed(1)} MHz, ${cyclesPerRound.toFixed(0)} cycles/round` };
}
