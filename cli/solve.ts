import { type Command, Option } from 'commander';
// Types only: this module registers the command; the solving (cli/solve-run.ts) loads on the worker thread.
import type { EncoderReport } from '../encoder/guided-solve.js';
import type { CoreClock } from '../fpga/core-clock.js';
import type { DeviceName } from '../fpga/device.js';
import type { DeviceExtension } from '../fpga/external.js';
import type { SolveOptions } from '../solver/api/solve.js';
import { UserError } from '../solver/api/user-error.js';
import { FORMAT_NAMES } from '../solver/formats/instance.js';
import {
  deviceOption,
  encoderEvery,
  encoderRoundsOption,
  encoderVariablesOption,
  existing,
  type GuideFlags,
  inferenceOption,
  nonNegativeInt,
  positiveInt,
  positiveNumber,
  seedOption,
} from './flags.js';
import { runInWorker } from './worker-command.js';

/** `softprop solve` flags as commander parses them. */
export interface SolveFlags extends GuideFlags {
  format?: string;
  colors?: number;
  chromatic?: boolean;
  all?: boolean;
  count?: boolean;
  timeout?: number;
  nodes?: number;
  seed: number;
  json?: boolean;
  /** XCSP3 competition output: `c`, `o` per improving solution, one `s`, the solution as `v` lines. */
  competition?: boolean;
  varOrder?: 'domwdeg' | 'mindom';
  /** Trained encoder folder (softprop train --out): guides the search for the first solution. */
  encoder?: string;
  /** Propagation device run at every search node after the engine's own propagation (fpga/external.ts). */
  device?: DeviceName;
  /** The device plug-in built from --device (also `extend`): its totals are reported per problem. */
  offload?: DeviceExtension;
  /** The clock the device's cycles are timed at (fpga/core-clock.ts); undefined for a device without a clock. */
  deviceClock?: CoreClock;
  /** The search extension built from --device. */
  extend?: SolveOptions['extend'];
  /** The encoder-guided solve built from --encoder. */
  guide?: SolveOptions<EncoderReport>['guide'];
}

/** The flags that only mean something with --encoder DIR, in the order they are refused. */
const ENCODER_FLAGS: readonly (readonly [keyof SolveFlags, string])[] = [
  ['encoderAny', '--encoder-any'],
  ['encoderEvery', '--encoder-every'],
  ['encoderVars', '--encoder-vars'],
  ['encoderAfter', '--encoder-after'],
  ['encoderRounds', '--encoder-rounds'],
  ['inference', '--inference'],
];

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
    .option('--competition', "XCSP3 competition output ('o' per improving solution, one 's' line, 'v' lines; 's UNSUPPORTED' when refused)")
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
    .option(
      '--encoder-any',
      "apply --encoder to problems outside what it was trained on (its meta.json's scope), which are refused otherwise",
    )
    .option(
      '--encoder-every <k>',
      "re-score with --encoder at every k-th decision node from the current domains, for the value order ('root' or 0: only at the root; default: the model's meta.json guidance, else root)",
      encoderEvery,
    )
    .addOption(encoderVariablesOption())
    .option(
      '--encoder-after <nodes>',
      "search without the encoder for this many nodes first; consult it only if the problem is still open (default: the model's meta.json guidance, else 0: at once)",
      nonNegativeInt,
    )
    .addOption(encoderRoundsOption())
    .addOption(inferenceOption())
    .addOption(deviceOption('also propagate on a device at every search node'))
    .action(async (file: string, flags: SolveFlags) => {
      if (flags.encoder !== undefined && (flags.all || flags.count || flags.chromatic))
        throw new UserError('--encoder guides the search for one solution: it does not combine with --all, --count or --chromatic');
      if (flags.competition && (flags.all || flags.count || flags.json))
        throw new UserError('--competition prints one answer: it does not combine with --all, --count or --json');
      if (flags.encoder === undefined) {
        const given = ENCODER_FLAGS.find(([key]) => flags[key] !== undefined && flags[key] !== false);
        if (given) throw new UserError(`${given[1]} applies to --encoder DIR`);
      }
      // The search runs on a worker thread, so that SIGINT can stop it (cli/worker-command.ts).
      process.exitCode = await runInWorker(new URL('./solve-worker.js', import.meta.url), { file, flags });
    });
}
