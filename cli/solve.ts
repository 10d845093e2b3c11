import { type Command, Option } from 'commander';
// Types only: tfjs and the device layer (koffi's native addon) load only when --encoder or --device asks for them.
import type { EncoderReport } from '../encoder/guided-solve.js';
import { DEVICE_KINDS, type DeviceKind } from '../fpga/device.js';
import { type ProblemResult, SolutionCheckError, type SolveOptions, solveFile } from '../solver/api/solve.js';
import { UserError } from '../solver/api/user-error.js';
import { FORMAT_NAMES } from '../solver/formats/instance.js';
import type { SearchGuide } from '../solver/search/search.js';
import { existing, positiveInt, positiveNumber, seedOption } from './flags.js';
import { stdout } from './output.js';

/** `softprop solve` flags as commander parses them. */
export interface SolveFlags {
  format?: string;
  colors?: number;
  chromatic?: boolean;
  all?: boolean;
  count?: boolean;
  timeout?: number;
  nodes?: number;
  seed: number;
  json?: boolean;
  varOrder?: 'domwdeg' | 'mindom';
  /** Trained encoder folder (softprop train --out): guides the search for the first solution. */
  encoder?: string;
  /** Propagation device run at every search node after the engine's own propagation (fpga/external.ts). */
  device?: DeviceKind;
  /** The search extension built from --device. */
  extend?: SolveOptions['extend'];
  /** The encoder-guided solve built from --encoder. */
  guide?: SolveOptions<EncoderReport>['guide'];
}

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

export function register(program: Command): void {
  program
    .command('solve')
    .description('solve a sudoku file, DIMACS colouring or CNF, JSON model or XCSP3 instance; every solution is re-checked before printing')
    .argument('<file>', "input file, or '-' for stdin")
    .addOption(new Option('--format <format>', 'input format (default: from the file name or content)').choices(FORMAT_NAMES))
    .option('--colors <k>', 'number of colours for a .col graph', positiveInt)
    .option('--chromatic', 'for a .col graph: find the smallest number of colours (DSATUR bound, then search downward)')
    .option('--all', 'print every solution')
    .option('--count', 'count solutions (each is still checked)')
    .option('--timeout <s>', 'time limit per problem in seconds (per colour count with --chromatic; default there 10)', positiveNumber)
    .option('--nodes <n>', 'search node limit per problem', positiveInt)
    .addOption(seedOption('seed for tie-breaking and restarts'))
    .option('--json', 'one JSON object per problem instead of text')
    .addOption(
      new Option(
        '--var-order <order>',
        'variable choice of the generic engine (sudoku files otherwise use their dedicated grid search)',
      ).choices(['domwdeg', 'mindom']),
    )
    .option(
      '--encoder <dir>',
      "trained encoder (softprop train --out): search its hardened domains first, then the full ones; reports each problem's nodes beside the same search without it",
      existing('folder'),
    )
    .addOption(
      new Option('--device <device>', 'also propagate on a device at every search node (verilator: the simulated core)').choices(
        DEVICE_KINDS,
      ),
    )
    .action(async (file: string, flags: SolveFlags) => {
      if (flags.encoder !== undefined && (flags.all || flags.count || flags.chromatic))
        throw new UserError('--encoder guides the search for one solution: it does not combine with --all, --count or --chromatic');
      runSolve(file, {
        ...flags,
        extend: flags.device ? (await import('../fpga/external.js')).withDevice(flags.device) : flags.extend,
        guide: flags.encoder ? await guideFrom(flags.encoder) : flags.guide,
      });
    });
}

/** The encoder plug-in of --encoder DIR (loads tfjs). */
async function guideFrom(dir: string): Promise<SearchGuide<EncoderReport>> {
  const { Encoder, encoderGuide } = await import('../encoder/guided-solve.js');
  return encoderGuide(await Encoder.load(dir));
}

/** Solves `file`, printing each result as it comes; exit 0 when all are decided, 3 when a limit stopped one, 2 on a failed check. */
export function runSolve(file: string, flags: SolveFlags): void {
  const out = new LineWriter();
  const guided = new GuideTally();
  let undecided = 0;
  try {
    for (const r of solveFile(file, solveOptions(flags))) {
      if (!r.decided) undecided++;
      guided.add(r);
      out.line(flags.json ? JSON.stringify(jsonResult(r, flags)) : textResult(r, flags));
    }
  } catch (e) {
    out.flush();
    if (!(e instanceof SolutionCheckError)) throw e;
    process.stderr.write(`softprop: internal error: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  out.flush();
  guided.summarise();
  process.exitCode = undecided > 0 ? 3 : 0;
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

  summarise(): void {
    if (this.problems === 0) return;
    process.stderr.write(
      `encoder: ${this.zero} of ${this.problems} solved with zero backtracks (${this.zeroWithout} without the encoder); ` +
        `nodes ${this.nodes} (${this.nodesWithout} without)\n`,
    );
  }
}

const STATUS_LINE = { sat: 's SATISFIABLE', unsat: 's UNSATISFIABLE', unknown: 's UNKNOWN' } as const;

/** Sudoku: one line per puzzle (solution, count, or `unsat` / `unknown`); other formats: DIMACS-style `s`, `c` and `v` lines. */
function textResult(r: ProblemResult<EncoderReport>, flags: SolveFlags): string {
  const inst = r.instance;
  if (inst.format === 'sudoku') {
    if (flags.count) return `${r.count}${r.decided ? '' : '+'}`;
    if (r.solutions.length > 0) return r.solutions.map((s) => inst.render(s)).join('\n');
    return r.status;
  }
  const lines = [`c ${inst.name}`, STATUS_LINE[r.status]];
  if (r.chromatic)
    lines.push(
      `c colours ${r.chromatic.colours} ${r.chromatic.optimal ? 'optimal' : `not proven optimal (clique lower bound ${r.chromatic.lowerBound})`}`,
    );
  if (flags.count || flags.all) lines.push(`c solutions ${r.count}${r.decided ? '' : ' (at least; a limit stopped the search)'}`);
  if (!flags.count) for (const s of r.solutions) lines.push(inst.render(s));
  const st = r.stats;
  lines.push(`c nodes ${st.nodes} failures ${st.failures} time ${st.timeMs.toFixed(1)} ms`);
  const g = r.guide;
  if (g)
    lines.push(
      `c encoder: zero-backtrack ${g.zeroBacktrack ? 'yes' : 'no'}, nodes ${g.nodes}, backtracks ${g.backtracks}; ` +
        `without it: zero-backtrack ${g.withoutEncoder.zeroBacktrack ? 'yes' : 'no'}, nodes ${g.withoutEncoder.nodes}, backtracks ${g.withoutEncoder.backtracks}`,
    );
  return lines.join('\n');
}

function jsonResult(r: ProblemResult<EncoderReport>, flags: SolveFlags): Record<string, unknown> {
  const first = r.solutions[0];
  return {
    name: r.instance.name,
    status: r.status,
    decided: r.decided,
    solution: flags.count || !first ? null : r.instance.labelled(first),
    ...(flags.all ? { solutions: r.solutions.map((s) => r.instance.labelled(s)) } : {}),
    ...(flags.all || flags.count ? { count: r.count } : {}),
    ...(r.chromatic ? { chromatic: r.chromatic } : {}),
    stats: r.stats,
    ...(r.guide ? { encoder: r.guide } : {}),
  };
}

/** Batches stdout writes so thousands of one-line results stream without one syscall each. */
class LineWriter {
  private buf: string[] = [];
  private size = 0;
  private last = performance.now();

  line(s: string): void {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 16 || performance.now() - this.last > 200) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) stdout.write(`${this.buf.join('\n')}\n`);
    this.buf = [];
    this.size = 0;
    this.last = performance.now();
  }
}
