// tfjs and the device layer (koffi's native addon) load only when --encoder or --device asks for them.
import type { EncoderReport } from '../encoder/guided-solve.js';
import { type CoreClock, coreClock, cyclesMs } from '../fpga/core-clock.js';
import type { DeviceTotals } from '../fpga/external.js';
import { assignment } from '../solver/api/assignment.js';
import { type ProblemResult, SolutionCheckError, type SolveOptions, solveText } from '../solver/api/solve.js';
import { UserError } from '../solver/api/user-error.js';
import { jsonModelText, solveJsonModel } from '../solver/cp/json/index.js';
import { instantiationLine, solveXcsp3 } from '../solver/cp/xcsp3/index.js';
import { detectFormat } from '../solver/formats/detect.js';
import type { Instance } from '../solver/formats/instance.js';
import { ObjectiveRefused } from '../solver/formats/json-model.js';
import { readInput } from '../solver/formats/read.js';
import { Xcsp3Refused } from '../solver/formats/xcsp3.js';
import type { SearchGuide } from '../solver/search/search.js';
import { type CpModel, competitionValues, runCpModel } from './cp-model-run.js';
import { runFzn } from './fzn-run.js';
import type { SolveFlags } from './solve.js';
import { type CommandIo, EXIT_INTERRUPTED } from './worker-command.js';

/** `softprop solve`'s work, on the worker thread (cli/solve-worker.ts): plug-ins, solving, printing. */

/** The one place where flags become solve options (plug-in flags such as a device or an encoder add their fields here). */
export function solveOptions(flags: SolveFlags): SolveOptions<EncoderReport> {
  return {
    format: flags.format,
    colors: flags.colors,
    chromatic: flags.chromatic,
    all: flags.all,
    count: flags.count,
    timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
    nodes: flags.nodes,
    seed: flags.seed,
    varOrder: flags.varOrder,
    extend: flags.extend,
    guide: flags.guide,
  };
}

/**
 * The encoder plug-in of --encoder DIR (loads tfjs); problems outside the model's scope are refused
 * unless --encoder-any; --encoder-every K re-scores at every K-th decision; --encoder-rounds N runs N message rounds a call.
 */
async function guideFrom(flags: SolveFlags & { encoder: string }): Promise<SearchGuide<EncoderReport>> {
  const { Encoder, encoderGuide } = await import('../encoder/guided-solve.js');
  const encoder = await Encoder.load(flags.encoder, undefined, { refuseOutside: flags.encoderAny !== true, inference: flags.inference });
  // Flags not given take the model's recorded guidance (encoder/model-guidance.ts).
  return encoderGuide(encoder, {
    every: flags.encoderEvery,
    variables: flags.encoderVars,
    after: flags.encoderAfter,
    rounds: flags.encoderRounds,
  });
}

/** The flags with their plug-ins built (run on the thread that solves: plug-ins are not cloneable). */
export async function withPlugins(flags: SolveFlags): Promise<SolveFlags> {
  const offload = flags.device ? (await import('../fpga/external.js')).withDevice(flags.device) : flags.offload;
  return {
    ...flags,
    offload,
    deviceClock: flags.device && flags.device !== 'ts' ? coreClock() : flags.deviceClock,
    extend: offload ?? flags.extend,
    guide: flags.encoder !== undefined ? await guideFrom({ ...flags, encoder: flags.encoder }) : flags.guide,
  };
}

/**
 * Solves `file`, printing each result as it comes (with --all, each solution as it is found) and
 * returns the exit code: 0 when all are decided, 3 when a limit stopped one, 2 on a failed check,
 * EXIT_INTERRUPTED when `io` was interrupted (the problem it stopped is reported as the limit would).
 */
export function runSolve(file: string, flags: SolveFlags, io: CommandIo): number {
  const notXcsp3 = () => new UserError(`${file}: --competition applies to XCSP3 instances`);
  // A FlatZinc model goes to the CP engine, with `softprop fzn`'s output.
  if (/\.fzn$/i.test(file)) {
    if (flags.competition) throw notXcsp3();
    return runFzn(
      file,
      { allSolutions: flags.all, timeLimit: flags.timeout === undefined ? undefined : flags.timeout * 1000, randomSeed: flags.seed },
      io,
    );
  }
  const input = readInput(file);
  const format = detectFormat(input.name, input.text, flags.format);
  if (flags.competition && format !== 'xcsp3') throw notXcsp3();
  try {
    return solveAll(input, flags, io);
  } catch (e) {
    // The bitmask engine is the faster one inside its subset (it counted Talisman-4-2 in half the CP
    // engine's time, and decided Rlfap-scen-11-f06 where the CP engine did not within 20 s); the CP engine takes
    // what it refuses: the rest of XCSP3-core, and objectives (XCSP3 and JSON models). An XCSP3
    // refusal carries the parsed document (malformed XML is refused again by the CP engine's parse).
    if (!(e instanceof UserError) || (format !== 'xcsp3' && !(e instanceof ObjectiveRefused))) throw e;
    const xml = e instanceof Xcsp3Refused ? e.root : input.text;
    const model: CpModel =
      format === 'xcsp3'
        ? { name: input.name, solve: (o) => solveXcsp3(xml, input.name, o), render: instantiationLine }
        : { name: input.name, solve: (o) => solveJsonModel(input.text, input.name, o), render: jsonModelText };
    return onCpEngine(model, flags, io, e.message);
  } finally {
    flags.offload?.close();
  }
}

/** runCpModel; with --competition, a model the CP engine refuses too is answered `s UNSUPPORTED` before the error. */
function onCpEngine(model: CpModel, flags: SolveFlags, io: CommandIo, why: string): number {
  try {
    return runCpModel(model, flags, io, why);
  } catch (e) {
    if (flags.competition && e instanceof UserError) io.out(`c ${e.message}\ns UNSUPPORTED\n`);
    throw e;
  }
}

/** runSolve for every format but FlatZinc, on the bitmask engine. */
function solveAll(input: { text: string; name: string }, flags: SolveFlags, io: CommandIo): number {
  const out = new LineWriter(io.out);
  const guided = new GuideTally();
  const device = new DeviceTally(flags);
  const tally = { sat: 0, unsat: 0, unknown: 0 };
  let undecided = 0;
  let streamed = 0;
  let last: ProblemResult<EncoderReport> | undefined;
  const opts: SolveOptions<EncoderReport> = {
    ...solveOptions(flags),
    onSolution: (inst, values) => out.line(flags.json ? jsonSolution(inst, values) : textSolution(inst, values, streamed++ === 0)),
    // Polled every few search nodes: also the moment to pass on solutions found a while ago.
    interrupt: () => {
      out.due();
      return io.interrupted();
    },
  };
  try {
    for (const r of solveText(input.text, input.name, opts)) {
      tally[r.status]++;
      if (!r.decided) undecided++;
      guided.add(r);
      last = r;
      const used = device.next();
      out.line(flags.json ? JSON.stringify(jsonResult(r, flags, used), roundTimes) : textResult(r, flags, used));
      streamed = 0;
      if (io.interrupted()) break;
    }
  } catch (e) {
    out.flush();
    if (!(e instanceof SolutionCheckError)) throw e;
    io.err(`softprop: internal error: ${e.message}\n`);
    return 2;
  }
  out.flush();
  io.err(guided.summary());
  io.err(device.summary());
  if (!io.interrupted()) return undecided > 0 ? 3 : 0;
  const n = tally.sat + tally.unsat + tally.unknown;
  const at = last ? `; the last, ${last.instance.name}, after ${last.stats.nodes} nodes in ${last.stats.timeMs.toFixed(1)} ms` : '';
  io.err(
    `softprop: interrupted: ${n} problem${n === 1 ? '' : 's'} reported (${tally.sat} sat, ${tally.unsat} unsat, ${tally.unknown} unknown)${at}\n`,
  );
  return EXIT_INTERRUPTED;
}

/** Totals of the guide's reports, summarised on stderr (sudoku output is one line per puzzle). */
class GuideTally {
  private problems = 0;
  private zero = 0;
  private zeroWithout = 0;
  private nodes = 0;
  private nodesWithout = 0;

  add(r: ProblemResult<EncoderReport>): void {
    const g = r.guide;
    if (!g) return;
    this.problems++;
    if (g.zeroBacktrack) this.zero++;
    if (g.withoutEncoder.zeroBacktrack) this.zeroWithout++;
    this.nodes += g.nodes;
    this.nodesWithout += g.withoutEncoder.nodes;
  }

  /** The stderr summary ('' when no guide ran). */
  summary(): string {
    if (this.problems === 0) return '';
    return (
      `encoder: ${this.zero} of ${this.problems} solved with zero backtracks (${this.zeroWithout} without the encoder); ` +
      `nodes ${this.nodes} (${this.nodesWithout} without)\n`
    );
  }
}

/** A device's work, with the time its cycles take at the core's clock when it has one. */
type DeviceWork = DeviceTotals & { cycleTimeMs?: number; clockMHz?: number };

/** What the --device did for each problem (the extension's totals since the previous problem), and in all. */
class DeviceTally {
  private seen: DeviceTotals = { calls: 0, rounds: 0, cycles: 0 };

  constructor(private readonly flags: SolveFlags) {}

  /** The device's work since the last call; undefined without --device. */
  next(): DeviceWork | undefined {
    const now = this.flags.offload?.totals();
    if (!now) return undefined;
    const used = { calls: now.calls - this.seen.calls, rounds: now.rounds - this.seen.rounds, cycles: now.cycles - this.seen.cycles };
    this.seen = now;
    return timed(used, this.flags.deviceClock);
  }

  /** The stderr summary ('' without --device), naming where the clock rate comes from. */
  summary(): string {
    const o = this.flags.offload;
    if (!o) return '';
    const clock = this.flags.deviceClock;
    return `device ${o.name}: ${deviceText(timed(o.totals(), clock))}${clock ? ` (${clock.source})` : ''}\n`;
  }
}

function timed(d: DeviceTotals, clock: CoreClock | undefined): DeviceWork {
  return clock ? { ...d, cycleTimeMs: cyclesMs(d.cycles, clock), clockMHz: clock.mhz } : d;
}

function deviceText(d: DeviceWork): string {
  const time = d.cycleTimeMs === undefined ? '' : ` time ${d.cycleTimeMs.toFixed(3)} ms at ${d.clockMHz?.toFixed(2)} MHz`;
  return `calls ${d.calls} rounds ${d.rounds} cycles ${d.cycles}${time}`;
}

const STATUS_LINE = { sat: 's SATISFIABLE', unsat: 's UNSATISFIABLE', unknown: 's UNKNOWN' } as const;

/** Ends each solution of --all in text mode, as MiniZinc does. */
const SOLUTION_END = '----------';
/** Follows the last solution when the search enumerated them all (not when a limit stopped it). */
const SEARCH_COMPLETE = '==========';

/** One solution of --all as text; the first of a DIMACS-style problem brings its `c` and `s` lines. */
function textSolution(inst: Instance, values: Int32Array, first: boolean): string {
  const head = inst.format !== 'sudoku' && first ? `c ${inst.name}\n${STATUS_LINE.sat}\n` : '';
  return `${head}${inst.render(values)}\n${SOLUTION_END}`;
}

/** One solution of --all as a JSON line: `{name, solution, assignment}`. */
function jsonSolution(inst: Instance, values: Int32Array): string {
  return JSON.stringify({ name: inst.name, solution: inst.labelled(values), assignment: assignment(inst, values) });
}

/**
 * What follows a problem's solutions (with --all they were printed as found). Sudoku: one line per
 * puzzle (solution, count, or `unsat` / `unknown`); other formats: DIMACS-style `s`, `c` and `v` lines
 * (with --device, a `c device` line of the device's calls, rounds and cycles, and the time the cycles take
 * at the core's clock).
 */
function textResult(r: ProblemResult<EncoderReport>, flags: SolveFlags, device: DeviceWork | undefined): string {
  const inst = r.instance;
  const lines: string[] = [];
  const streamed = flags.all && r.count > 0;
  if (inst.format === 'sudoku') {
    if (!streamed && !flags.count) lines.push(r.solutions[0] && !flags.all ? inst.render(r.solutions[0]) : r.status);
    if (flags.all && r.decided) lines.push(SEARCH_COMPLETE);
    if (flags.count) lines.push(`${r.count}${r.decided ? '' : '+'}`);
    return lines.join('\n');
  }
  if (flags.competition) {
    const v = r.solutions[0] ? competitionValues(inst.render(r.solutions[0]), undefined) : [];
    return [`c ${inst.name}`, STATUS_LINE[r.status], ...v, `c nodes ${r.stats.nodes} failures ${r.stats.failures}`].join('\n');
  }
  if (!streamed) lines.push(`c ${inst.name}`, STATUS_LINE[r.status]);
  if (!flags.all && !flags.count) for (const s of r.solutions) lines.push(inst.render(s));
  if (flags.all && r.decided) lines.push(SEARCH_COMPLETE);
  if (r.chromatic)
    lines.push(
      `c colours ${r.chromatic.colours} ${r.chromatic.optimal ? 'optimal' : `not proven optimal (clique lower bound ${r.chromatic.lowerBound})`}`,
    );
  if (flags.count || flags.all) lines.push(`c solutions ${r.count}${r.decided ? '' : ' (at least; a limit stopped the search)'}`);
  const st = r.stats;
  lines.push(`c nodes ${st.nodes} failures ${st.failures} time ${st.timeMs.toFixed(1)} ms`);
  if (device) lines.push(`c device ${deviceText(device)}`);
  const g = r.guide;
  if (g)
    lines.push(
      `c encoder: zero-backtrack ${g.zeroBacktrack ? 'yes' : 'no'}, nodes ${g.nodes}, backtracks ${g.backtracks}; ` +
        `without it: zero-backtrack ${g.withoutEncoder.zeroBacktrack ? 'yes' : 'no'}, nodes ${g.withoutEncoder.nodes}, backtracks ${g.withoutEncoder.backtracks}`,
    );
  return lines.join('\n');
}

/** A problem's JSON object; its solution and assignment are null with --all (streamed before) or --count. */
function jsonResult(r: ProblemResult<EncoderReport>, flags: SolveFlags, device: DeviceWork | undefined): Record<string, unknown> {
  const first = flags.all || flags.count ? undefined : r.solutions[0];
  return {
    name: r.instance.name,
    status: r.status,
    decided: r.decided,
    solution: first ? r.instance.labelled(first) : null,
    assignment: first ? assignment(r.instance, first) : null,
    ...(flags.all || flags.count ? { count: r.count } : {}),
    ...(r.chromatic ? { chromatic: r.chromatic } : {}),
    stats: r.stats,
    ...(r.guide ? { encoder: r.guide } : {}),
    ...(device ? { device } : {}),
  };
}

/** JSON.stringify replacer: milliseconds (`timeMs`, `encoderMs`, …) to the microsecond. */
function roundTimes(key: string, value: unknown): unknown {
  return key.endsWith('Ms') && typeof value === 'number' ? Math.round(value * 1000) / 1000 : value;
}

/** Batches output so thousands of one-line results stream without one write each. */
class LineWriter {
  private buf: string[] = [];
  private size = 0;
  private last = performance.now();

  constructor(private readonly sink: (text: string) => void) {}

  line(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 16) this.flush();
    else this.due();
  }

  /** Flushes when the last flush is more than 200 ms old, so no line waits longer than that. */
  due(): void {
    if (this.buf.length > 0 && performance.now() - this.last > 200) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) this.sink(`${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
    this.last = performance.now();
  }
}
