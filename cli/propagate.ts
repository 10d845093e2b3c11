import { type Command, Option } from 'commander';
import type { DeviceName } from '../fpga/device.js';
import { PROPAGATE_MODES, type PropagateMode } from '../solver/api/propagate-mode.js';
import { FORMAT_NAMES } from '../solver/formats/instance.js';
import { deviceOption, existing, nonNegativeInt, positiveInt } from './flags.js';

/** The flags of `softprop propagate`, one field per option (all option handling is in this file). */
export interface PropagateFlags {
  mode: PropagateMode;
  weights?: string;
  rounds: number;
  json?: boolean;
  format?: string;
  colors?: number;
  /** Run the hard / fixed rounds on this device (fpga/) instead of the TS reference. */
  device?: DeviceName;
  /** VCD waveform of the core (the verilator device only). */
  trace?: string;
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
    .addOption(deviceOption('run the hard or fixed rounds on a device (verilator: the simulated core)'))
    .option('--trace <file.vcd>', 'with --device verilator: write a VCD waveform of the core (open: gtkwave FILE hdl/gtkwave/sp_core.gtkw)')
    // The solver and the device layer load only when the command runs.
    .action(async (file: string, flags: PropagateFlags) => (await import('./propagate-run.js')).runPropagate(file, flags));
}
