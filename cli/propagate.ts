import { type Command, Option } from 'commander';
import { DEVICE_KINDS, type DeviceKind } from '../fpga/device.js';
import { propagateOnDevice } from '../fpga/device-propagate.js';
import { openDevice } from '../fpga/open-device.js';
import { sourceValue, variableName } from '../solver/api/assignment.js';
import {
  PROPAGATE_MODES,
  type PropagateMode,
  type PropagateOptions,
  type PropagateResult,
  propagateProblem,
} from '../solver/api/propagate.js';
import { parseWeightsJson } from '../solver/api/weights-json.js';
import { FORMAT_NAMES, type Instance } from '../solver/formats/instance.js';
import { readInput, readInstances } from '../solver/formats/read.js';
import { existing, nonNegativeInt, positiveInt } from './flags.js';
import { stdout } from './output.js';

/** The flags of `softprop propagate`, one field per option (all option handling is in this file). */
export interface PropagateFlags {
  mode: PropagateMode;
  weights?: string;
  rounds: number;
  json?: boolean;
  format?: string;
  colors?: number;
  /** Run the hard / fixed rounds on this device (fpga/) instead of the TS reference. */
  device?: DeviceKind;
}

export function register(program: Command): void {
  program
    .command('propagate')
    .description('propagate a problem without search and print the weights (or domains) it ends with')
    .argument('<file>', "problem file (sudoku, DIMACS col/cnf, JSON model, XCSP3), '-' for stdin")
    .addOption(
      new Option(
        '--mode <mode>',
        'hard: synchronous rounds of the decomposed arc program on bitmasks; soft: Float32 reference rounds on weights; ' +
          'fixed: bit-exact Q1.15 rounds (what the hardware computes); solver: the search engine’s propagation to fixpoint (all-different GAC)',
      )
        .choices(PROPAGATE_MODES as string[])
        .default('soft'),
    )
    .option(
      '--weights <file>',
      'JSON array with one array of initial weights in [0, 1] per variable, one per value index (default: all 1.0; values outside the initial domain stay 0)',
      existing('file'),
    )
    .option('--rounds <n>', 'rounds at most; a run stops earlier at a fixpoint or wipe-out', nonNegativeInt, 1000)
    .option('--json', 'print the results as JSON')
    .addOption(new Option('--format <name>', 'input format (default: from the file name or content)').choices(FORMAT_NAMES as string[]))
    .option('--colors <k>', 'number of colours for a graph colouring (.col) input', positiveInt)
    .addOption(
      new Option('--device <device>', 'run the hard or fixed rounds on a device (verilator: the simulated core)').choices(DEVICE_KINDS),
    )
    .action((file: string, flags: PropagateFlags) => runPropagate(file, flags));
}

export function runPropagate(file: string, flags: PropagateFlags): void {
  const results: { inst: Instance; result: PropagateResult }[] = [];
  const device = flags.device && openDevice(flags.device);
  const { text, name } = readInput(file);
  for (const inst of readInstances(text, name, flags)) {
    const opts: PropagateOptions = { mode: flags.mode, rounds: flags.rounds };
    if (flags.weights !== undefined) opts.weights = parseWeightsJson(readInput(flags.weights).text, flags.weights, inst.problem);
    const result = device ? propagateOnDevice(inst.problem, opts, device) : propagateProblem(inst.problem, opts);
    results.push({ inst, result });
  }
  device?.close();
  if (flags.json) {
    stdout.write(`${JSON.stringify(results.map(({ inst, result }) => ({ name: inst.name, ...labelsOf(inst, result), ...result })))}\n`);
    return;
  }
  for (const { inst, result: r } of results) {
    const end = r.wipeout ? 'wipe-out' : r.fixpoint ? 'fixpoint' : 'round limit';
    stdout.write(`${inst.name}: mode ${r.mode}, ${r.rounds} round${r.rounds === 1 ? '' : 's'}, ${end}\n`);
    const { names, values } = labelsOf(inst, r);
    r.weights.forEach((w, x) => {
      const shown = w.flatMap((v, a) => {
        const label = values[x]?.[a];
        // Weights past a variable's own values (the shared stride) are always 0: left out.
        return label === null || label === undefined ? [] : [`${label}=${r.mode === 'hard' || r.mode === 'solver' ? v : v.toPrecision(6)}`];
      });
      stdout.write(`${names[x]}: ${shown.join(' ')}\n`);
    });
  }
}

/** Each variable's name and the source value of each of its weights (null past its own values). */
function labelsOf(inst: Instance, r: PropagateResult): { names: string[]; values: (number | null)[][] } {
  return {
    names: r.weights.map((_, x) => variableName(inst, x)),
    values: r.weights.map((w, x) => w.map((_, a) => sourceValue(inst, x, a) ?? null)),
  };
}
