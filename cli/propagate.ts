import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { DeviceKind } from '../fpga/device.js';
import { propagateOnDevice } from '../fpga/device-propagate.js';
import { DEVICE_KINDS, openDevice } from '../fpga/open-device.js';
import { detectFormat } from '../solver/formats/detect.js';
import { parseCnf } from '../solver/formats/dimacs-cnf.js';
import { colouringInstance, parseCol } from '../solver/formats/dimacs-col.js';
import { FORMAT_NAMES, type Instance } from '../solver/formats/instance.js';
import { parseJsonModel } from '../solver/formats/json-model.js';
import { parseSudoku } from '../solver/formats/sudoku.js';
import { parseXcsp3 } from '../solver/formats/xcsp3.js';
import { MAX_DOMAIN } from '../solver/problem.js';
import {
  PROPAGATE_MODES,
  type PropagateMode,
  type PropagateOptions,
  type PropagateResult,
  propagateProblem,
} from '../solver/propagate-api.js';
import { UserError } from '../solver/user-error.js';
import { parseWeightsJson } from '../solver/weights-json.js';
import { nonNegativeInt, positiveInt } from './flags.js';

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
  const results: { name: string; names?: string[]; result: PropagateResult }[] = [];
  const device = flags.device && openDevice(flags.device);
  for (const inst of readInstances(file, flags)) {
    const opts: PropagateOptions = { mode: flags.mode, rounds: flags.rounds };
    if (flags.weights !== undefined) opts.weights = parseWeightsJson(readText(flags.weights), flags.weights, inst.problem);
    const result = device ? propagateOnDevice(inst.problem, opts, device) : propagateProblem(inst.problem, opts);
    results.push({ name: inst.name, names: inst.problem.names, result });
  }
  device?.close();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(results.map(({ name, names, result }) => ({ name, names, ...result })))}\n`);
    return;
  }
  for (const { name, names, result: r } of results) {
    const end = r.wipeout ? 'wipe-out' : r.fixpoint ? 'fixpoint' : 'round limit';
    process.stdout.write(`${name}: mode ${r.mode}, ${r.rounds} round${r.rounds === 1 ? '' : 's'}, ${end}\n`);
    r.weights.forEach((w, x) => {
      process.stdout.write(
        `${names?.[x] ?? `x${x}`}: ${w.map((v) => (r.mode === 'hard' || r.mode === 'solver' ? String(v) : v.toPrecision(6))).join(' ')}\n`,
      );
    });
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${(e as Error).message}`);
  }
}

/** Every problem in the file (a sudoku file holds one per line). */
function readInstances(file: string, flags: PropagateFlags): Instance[] {
  const text = readText(file);
  const name = file === '-' ? '<stdin>' : file;
  switch (detectFormat(name, text, flags.format)) {
    case 'col': {
      const k = flags.colors;
      if (k === undefined) throw new UserError(`${name}: a graph colouring needs --colors K`);
      if (k < 1 || k > MAX_DOMAIN) throw new UserError(`--colors must be in 1..${MAX_DOMAIN}`);
      return [colouringInstance(parseCol(text, name), k)];
    }
    case 'sudoku':
      return [...parseSudoku(text, name)];
    case 'cnf':
      return [parseCnf(text, name)];
    case 'json':
      return [parseJsonModel(text, name)];
    case 'xcsp3':
      return [parseXcsp3(text, name)];
  }
}
