import { largestDomain, type Problem, wordsPerDomain } from '../solver/model/problem.js';
import { Rng } from '../solver/model/rng.js';
import { type ArcProgram, compileArcs } from '../solver/rounds/arcs.js';
import { ONE } from '../solver/rounds/fixed-point.js';
import { idealCyclesPerRound, modelCyclesPerRound } from './cycle-model.js';
import type { Device, DeviceMode, DeviceRun } from './device.js';
import { drawHilCase, type HilCase } from './hil-cases.js';
import { type DeviceOutcome, readReproducer, reproducerOf, writeReproducer } from './hil-reproducer.js';
import { TsDevice } from './ts-device.js';
import type { LinkStats } from './uart-link.js';
import { VerilatorDevice } from './verilator-device.js';

/**
 * Hardware-in-the-loop: runs generated problems (random CSPs, wide multi-word domains, sudoku,
 * colouring, k-CNF; hard and fixed mode), or a user's own, on a device (the Verilated core, or a
 * core behind the UART link) and on the bit-exact TS reference, and compares the run reports
 * (rounds, fixpoint, wipe-out, cycles) and every output word.
 */
export interface HilOptions {
  /** Number of generated cases (ignored when `cases` is given). */
  problems: number;
  /** Cases to run instead of generated ones (problemCases: a user's problems). */
  cases?: readonly HilCase[];
  seed: number;
  /** Folder for mismatch reproducers (none written when absent). */
  outDir?: string;
  /** Simulator library (default build/libsoftprop_sim.so). */
  libraryPath?: string;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Polled before each case: true stops the run there, and the report covers the cases run (SIGINT in the CLI). */
  interrupt?: () => boolean;
}

export interface HilMismatch {
  caseIndex: number;
  family: string;
  mode: DeviceMode;
  /**
   * First differing output index (the shorter output's length when one output has more words and
   * they agree up to there), or -1 when only the run report (rounds, flags, cycles) differs.
   */
  firstDiff: number;
  detail: string;
  /** Path of the reproducer (after shrinking), when an output folder was given. */
  reproducer?: string;
}

export interface HilReport {
  seed: number;
  /** Cases run: all asked for, or fewer when `interrupted`. */
  problems: number;
  interrupted: boolean;
  byFamily: Record<string, number>;
  byMode: Record<DeviceMode, number>;
  /** Output words (hard) plus weights (fixed) compared. */
  wordsCompared: number;
  mismatches: HilMismatch[];
  /** Rounds and clock cycles the core ran over all cases. */
  rounds: number;
  cycles: number;
  /** Measured cycles per round, and the same per round from the model of hdl/SPEC.md 6.5 and its ideal. */
  cyclesPerRound: number;
  modelCyclesPerRound: number;
  /** Runs whose cycle count is not rounds × the 6.5 model (the model is exact for the core, so each is also a mismatch). */
  cycleModelDeviations: number;
  idealCyclesPerRound: number;
  /** Wall time inside the core's run calls, and simulated cycles / rounds per second of it. */
  simSeconds: number;
  simCyclesPerSecond: number;
  simRoundsPerSecond: number;
  /** What the host link detected and recovered, for a device behind one (fpga/uart-link.ts). */
  link?: LinkStats;
}

/** Both devices' outcome of a case and the first difference (-2 when they agree). */
export interface CaseComparison {
  expected: DeviceOutcome;
  got: DeviceOutcome;
  firstDiff: number;
  /** Seconds spent in the core's run call. */
  hwSeconds: number;
}

function outcome(dev: Device, prog: ArcProgram, c: HilCase): { out: DeviceOutcome; seconds: number } {
  dev.load(prog);
  if (c.mode === 'hard') dev.setDomains(c.domains as Uint32Array);
  else dev.setWeights(c.weights as Uint16Array);
  const t0 = process.hrtime.bigint();
  const run = dev.run(c.mode, c.maxRounds);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // The whole state the device holds, whatever its length: a device with a word too many or too
  // few differs from the reference there.
  const state = c.mode === 'hard' ? dev.readDomains() : dev.readWeights();
  return { out: { run, state }, seconds };
}

/**
 * Runs one case on both devices and compares the run reports and every output word. When `hw` has
 * a clock, the expected cycle count is the cycle model's (hdl/SPEC.md 6.5) for the reference's
 * rounds: the model is exact for the core, so any other count is a mismatch.
 */
export function compareCase(ref: Device, hw: Device, c: HilCase): CaseComparison {
  const prog = compileArcs(c.problem);
  const expected = outcome(ref, prog, c).out;
  const { out: got, seconds } = outcome(hw, prog, c);
  if (hw.lanes !== undefined) expected.run = { ...expected.run, cycles: modelCyclesPerRound(prog, hw.lanes) * expected.run.rounds };
  const n = Math.min(expected.state.length, got.state.length);
  let firstDiff = -2;
  for (let i = 0; i < n; i++)
    if (expected.state[i] !== got.state[i]) {
      firstDiff = i;
      break;
    }
  if (firstDiff === -2 && expected.state.length !== got.state.length) firstDiff = n;
  const a = expected.run;
  const b = got.run;
  if (firstDiff === -2 && (a.rounds !== b.rounds || a.fixpoint !== b.fixpoint || a.wipeout !== b.wipeout || a.cycles !== b.cycles))
    firstDiff = -1;
  return { expected, got, firstDiff, hwSeconds: seconds };
}

/**
 * Shrinks a mismatching case: the smallest round limit that still differs, then drops constraints
 * one at a time while the mismatch stays. Returns the smaller case and its comparison.
 */
export function shrinkCase(ref: Device, hw: Device, c: HilCase): { hilCase: HilCase; cmp: CaseComparison } {
  let best = c;
  let cmp = compareCase(ref, hw, c);
  for (let r = 1; r < best.maxRounds; r++) {
    const trial = { ...best, maxRounds: r };
    const t = compareCase(ref, hw, trial);
    if (t.firstDiff !== -2) {
      best = trial;
      cmp = t;
      break;
    }
  }
  for (let k = best.problem.constraints.length - 1; k >= 0; k--) {
    const constraints = best.problem.constraints.filter((_, i) => i !== k);
    const trial = { ...best, problem: { ...best.problem, constraints } };
    const t = compareCase(ref, hw, trial);
    if (t.firstDiff !== -2) {
      best = trial;
      cmp = t;
    }
  }
  return { hilCase: best, cmp };
}

const hex = (v: number | undefined) => (v === undefined ? 'none' : `0x${v.toString(16)}`);

function describe(cmp: CaseComparison): string {
  const a = cmp.expected.run;
  const b = cmp.got.run;
  const cycles = (r: DeviceRun) => (r.cycles === undefined ? '' : ` cycles=${r.cycles}`);
  const report = `ts rounds=${a.rounds} fixpoint=${a.fixpoint} wipeout=${a.wipeout}${cycles(a)}; core rounds=${b.rounds} fixpoint=${b.fixpoint} wipeout=${b.wipeout}${cycles(b)}`;
  if (cmp.firstDiff < 0) return report;
  const i = cmp.firstDiff;
  const n = cmp.expected.state.length;
  const m = cmp.got.state.length;
  const lengths = n === m ? '' : ` (ts ${n} words, core ${m})`;
  return `output[${i}] ts=${hex(cmp.expected.state[i])} core=${hex(cmp.got.state[i])}${lengths}; ${report}`;
}

/**
 * Runs `problems` generated cases on the TS reference and `device` (default: a Verilated core opened
 * and closed here; a device passed in stays open).
 */
export function runHil(opts: HilOptions, device?: Device): HilReport {
  const hw: Device = device ?? VerilatorDevice.open({ libraryPath: opts.libraryPath });
  const ref = new TsDevice();
  const rng = Rng.seeded(opts.seed);
  const report: HilReport = {
    seed: opts.seed,
    problems: 0,
    interrupted: false,
    byFamily: {},
    byMode: { hard: 0, fixed: 0 },
    wordsCompared: 0,
    mismatches: [],
    rounds: 0,
    cycles: 0,
    cyclesPerRound: 0,
    modelCyclesPerRound: 0,
    cycleModelDeviations: 0,
    idealCyclesPerRound: 0,
    simSeconds: 0,
    simCyclesPerSecond: 0,
    simRoundsPerSecond: 0,
  };
  const lanes = hw.lanes;
  let model = 0;
  let ideal = 0;
  const total = opts.cases?.length ?? opts.problems;
  try {
    for (let i = 0; i < total; i++) {
      if (opts.interrupt?.()) {
        report.interrupted = true;
        break;
      }
      const c = opts.cases?.[i] ?? drawHilCase(rng);
      const cmp = compareCase(ref, hw, c);
      report.problems++;
      report.byFamily[c.family] = (report.byFamily[c.family] ?? 0) + 1;
      report.byMode[c.mode]++;
      report.wordsCompared += cmp.expected.state.length;
      const rounds = cmp.got.run.rounds;
      report.rounds += rounds;
      report.cycles += cmp.got.run.cycles ?? 0;
      report.simSeconds += cmp.hwSeconds;
      if (lanes !== undefined) {
        const prog = compileArcs(c.problem);
        const m = modelCyclesPerRound(prog, lanes) * rounds;
        model += m;
        ideal += idealCyclesPerRound(prog, lanes) * rounds;
        if (cmp.got.run.cycles !== m) report.cycleModelDeviations++;
      }
      if (cmp.firstDiff !== -2) {
        const small = shrinkCase(ref, hw, c);
        const m: HilMismatch = {
          caseIndex: i,
          family: c.family,
          mode: c.mode,
          firstDiff: small.cmp.firstDiff,
          detail: describe(small.cmp),
        };
        if (opts.outDir !== undefined)
          m.reproducer = writeReproducer(
            opts.outDir,
            `mismatch-seed${opts.seed}-case${i}.json`,
            reproducerOf(opts.seed, i, small.hilCase, small.cmp.expected, small.cmp.got, small.cmp.firstDiff),
          );
        report.mismatches.push(m);
        opts.log?.(`case ${i} (${c.family}, ${c.mode}): MISMATCH ${m.detail}${m.reproducer ? ` -> ${m.reproducer}` : ''}`);
      }
      if (opts.log && (i + 1) % 500 === 0) opts.log(`hil: ${i + 1}/${total} cases, ${report.mismatches.length} mismatches`);
    }
    if (hw.linkStats) report.link = hw.linkStats();
  } finally {
    if (!device) hw.close();
  }
  if (report.rounds > 0) {
    report.cyclesPerRound = report.cycles / report.rounds;
    report.modelCyclesPerRound = model / report.rounds;
    report.idealCyclesPerRound = ideal / report.rounds;
  }
  if (report.simSeconds > 0) {
    report.simCyclesPerSecond = report.cycles / report.simSeconds;
    report.simRoundsPerSecond = report.rounds / report.simSeconds;
  }
  return report;
}

/**
 * The cases of a user's problem: hard mode from its initial domains and fixed mode from weights
 * ONE on them (0 elsewhere), each with up to `maxRounds` rounds; `family` names the problem.
 */
export function problemCases(family: string, problem: Problem, maxRounds: number): HilCase[] {
  const n = problem.domSize.length;
  const w = wordsPerDomain(problem);
  const D = largestDomain(problem.domSize);
  const weights = new Uint16Array(n * D);
  for (let x = 0; x < n; x++)
    for (let a = 0; a < (problem.domSize[x] as number); a++)
      if (((problem.init[x * w + (a >>> 5)] as number) >>> (a & 31)) & 1) weights[x * D + a] = ONE;
  return [
    { family, problem, mode: 'hard', maxRounds, domains: problem.init.slice() },
    { family, problem, mode: 'fixed', maxRounds, weights },
  ];
}

/** Re-runs a reproducer file on the TS reference and `device` (default: a Verilated core). */
export function replayReproducer(
  file: string,
  opts: Pick<HilOptions, 'libraryPath'> = {},
  device?: Device,
): { hilCase: HilCase; cmp: CaseComparison; detail: string } {
  const { hilCase } = readReproducer(file);
  const hw = device ?? VerilatorDevice.open({ libraryPath: opts.libraryPath });
  try {
    const cmp = compareCase(new TsDevice(), hw, hilCase);
    return { hilCase, cmp, detail: describe(cmp) };
  } finally {
    if (!device) hw.close();
  }
}
