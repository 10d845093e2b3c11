import { type Command, Option } from 'commander';
// Types only: the device layer loads when the command runs.
import type { DeviceName } from '../fpga/device.js';
import type { HilReport } from '../fpga/hil.js';
import type { HilCase } from '../fpga/hil-cases.js';
import type { OpenDeviceOptions } from '../fpga/open-device.js';
import { UserError } from '../solver/api/user-error.js';
import { FORMAT_NAMES } from '../solver/formats/instance.js';
import { deviceOption, existing, nonNegativeInt, positiveInt, seedOption } from './flags.js';
import { stdout } from './output.js';
import { type CommandIo, EXIT_INTERRUPTED, runInWorker } from './worker-command.js';

/** Exit code when the core and the TS reference disagree on any output word, length, run report or cycle count. */
const EXIT_MISMATCH = 2;

/** The exit code of a HIL run: 2 when any case mismatched (a word, the output length, the run report, the cycle count), else 0. */
export function hilExitCode(r: HilReport): number {
  return r.mismatches.length > 0 ? EXIT_MISMATCH : 0;
}

/** The report as text; `file` names the input of `hil FILE` (generated cases name their seed). */
function summary(r: HilReport, file?: string): string {
  const fam = Object.entries(r.byFamily)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `hil: ${r.problems} ${file === undefined ? `problems (seed ${r.seed})` : `runs of ${file}`}${r.interrupted ? ', interrupted' : ''}: ${fam}; hard ${r.byMode.hard}, fixed ${r.byMode.fixed}`,
    `compared ${r.wordsCompared} output words: ${r.mismatches.length} mismatches`,
    ...r.mismatches.map((m) => `  case ${m.caseIndex} (${m.family}, ${m.mode}): ${m.detail}${m.reproducer ? ` -> ${m.reproducer}` : ''}`),
    `core: ${r.rounds} rounds, ${r.cycles} cycles, ${r.cyclesPerRound.toFixed(1)} cycles/round (model ${r.modelCyclesPerRound.toFixed(1)}, ideal ${r.idealCyclesPerRound.toFixed(1)}); ${r.cycleModelDeviations} runs off the cycle model`,
    `simulated: ${(r.simCyclesPerSecond / 1e6).toFixed(2)} M cycles/s, ${r.simRoundsPerSecond.toFixed(0)} rounds/s`,
    ...(r.link
      ? [
          `link: ${r.link.requests} requests, ${r.link.retries} retries (${r.link.timeouts} timeouts, ${r.link.badCrc} bad CRC, ` +
            `${r.link.deviceCrcErrors} CRC_ERROR, ${r.link.wrongSeq} wrong SEQ), ${r.link.frameShrinks} frames split; ` +
            `${r.link.bytesSent} bytes sent, ${r.link.bytesReceived} received`,
        ]
      : []),
  ].join('\n');
}

/** `softprop hil` flags as commander parses them. */
export interface HilFlags {
  problems: number;
  /** The device compared with the TS reference (default verilator). */
  device?: DeviceName;
  /** Rounds at most per run of a FILE's problems. */
  rounds: number;
  format?: string;
  colors?: number;
  seed: number;
  json?: boolean;
  out: string;
  replay?: string;
  lib?: string;
  /** VCD waveform of the core (the verilator device only). */
  trace?: string;
}

/** `softprop hil [FILE]`: hardware-in-the-loop check of a device (the Verilated core by default) against the TS reference. */
export function register(program: Command): void {
  program
    .command('hil')
    .description(
      'run generated problems, or the problems of FILE (hard and fixed mode each), on a device and on the bit-exact TS reference, ' +
        'compare every output word (exit 2 on any mismatch)',
    )
    .argument('[file]', "problem file (sudoku, DIMACS col/cnf, JSON model, XCSP3), '-' for stdin; default: generated cases")
    .addOption(deviceOption('the device checked against the reference (default verilator: the simulated core)'))
    .option('--problems <n>', 'number of generated cases', nonNegativeInt, 1000)
    .option('--rounds <n>', "rounds at most per run of FILE's problems", nonNegativeInt, 1000)
    .addOption(
      new Option('--format <name>', 'input format of FILE (default: from the file name or content)').choices(FORMAT_NAMES as string[]),
    )
    .option('--colors <k>', 'number of colours for a graph colouring (.col) FILE', positiveInt)
    .addOption(seedOption('random seed'))
    .option('--json', 'print the report as JSON')
    .option('--out <dir>', 'folder for mismatch reproducers', 'hil-out')
    .option('--replay <file>', 're-run one reproducer file instead of generating cases', existing('file'))
    .option('--lib <path>', 'simulator library (default build/libsoftprop_sim.so; with --trace build/libsoftprop_sim_trace.so)')
    .option(
      '--trace <file.vcd>',
      'with the verilator device: write a VCD waveform of the core (open: gtkwave FILE hdl/gtkwave/sp_core.gtkw)',
    )
    .action(async (file: string | undefined, o: HilFlags) => {
      if (o.replay !== undefined) {
        const { replayReproducer } = await import('../fpga/hil.js');
        const { openDevice } = await import('../fpga/open-device.js');
        const device = openDevice(o.device ?? 'verilator', deviceOptions(o));
        let replay: ReturnType<typeof replayReproducer>;
        try {
          replay = replayReproducer(o.replay, {}, device);
        } finally {
          device.close();
        }
        const { hilCase, cmp, detail } = replay;
        const match = cmp.firstDiff === -2;
        stdout.write(
          o.json
            ? `${JSON.stringify({ file: o.replay, family: hilCase.family, mode: hilCase.mode, match, detail })}\n`
            : `${o.replay}: ${match ? 'core matches the reference' : 'MISMATCH'}: ${detail}\n`,
        );
        if (!match) process.exitCode = EXIT_MISMATCH;
        return;
      }
      // The cases run on a worker thread, so that SIGINT stops them with the summary so far (exit 130).
      process.exitCode = await runInWorker(new URL('./hil-worker.js', import.meta.url), { ...o, file });
    });
}

/** The device's options from the flags; a trace needs the verilator device. */
function deviceOptions(o: HilFlags): OpenDeviceOptions {
  if (o.trace !== undefined && (o.device ?? 'verilator') !== 'verilator')
    throw new UserError(`--trace ${o.trace}: a waveform needs the verilator device`);
  return { libraryPath: o.lib, trace: o.trace };
}

/** Both modes of every problem in `file` (hil FILE), named by instance. */
async function fileCases(file: string, o: HilFlags): Promise<HilCase[]> {
  const { readInput, readInstances } = await import('../solver/formats/read.js');
  const { problemCases } = await import('../fpga/hil.js');
  const { text, name } = readInput(file);
  return [...readInstances(text, name, o)].flatMap((inst) => problemCases(inst.name, inst.problem, o.rounds));
}

/** Runs the generated cases (on the worker thread of cli/hil-worker.ts) and prints the report; returns the exit code. */
export async function runHilCases(o: HilFlags & { file?: string }, io: CommandIo): Promise<number> {
  const { runHil } = await import('../fpga/hil.js');
  const { openDevice } = await import('../fpga/open-device.js');
  const cases = o.file === undefined ? undefined : await fileCases(o.file, o);
  const device = openDevice(o.device ?? 'verilator', deviceOptions(o));
  let report: HilReport;
  try {
    report = runHil(
      {
        problems: o.problems,
        seed: o.seed,
        outDir: o.out,
        log: (line) => io.err(`${line}\n`),
        interrupt: io.interrupted,
        ...(cases ? { cases } : {}),
      },
      device,
    );
  } finally {
    device.close();
  }
  io.out(o.json ? `${JSON.stringify(report)}\n` : `${summary(report, o.file)}\n`);
  return report.interrupted ? EXIT_INTERRUPTED : hilExitCode(report);
}
