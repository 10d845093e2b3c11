import type { Command } from 'commander';
// Types only: the device layer loads when the command runs.
import type { HilReport } from '../fpga/hil.js';
import { existing, nonNegativeInt, seedOption } from './flags.js';
import { stdout } from './output.js';
import { type CommandIo, EXIT_INTERRUPTED, runInWorker } from './worker-command.js';

/** Exit code when the core and the TS reference disagree on any output word, length, run report or cycle count. */
const EXIT_MISMATCH = 2;

/** The exit code of a HIL run: 2 when any case mismatched (a word, the output length, the run report, the cycle count), else 0. */
export function hilExitCode(r: HilReport): number {
  return r.mismatches.length > 0 ? EXIT_MISMATCH : 0;
}

function summary(r: HilReport): string {
  const fam = Object.entries(r.byFamily)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `hil: ${r.problems} problems (seed ${r.seed})${r.interrupted ? ', interrupted' : ''}: ${fam}; hard ${r.byMode.hard}, fixed ${r.byMode.fixed}`,
    `compared ${r.wordsCompared} output words: ${r.mismatches.length} mismatches`,
    ...r.mismatches.map((m) => `  case ${m.caseIndex} (${m.family}, ${m.mode}): ${m.detail}${m.reproducer ? ` -> ${m.reproducer}` : ''}`),
    `core: ${r.rounds} rounds, ${r.cycles} cycles, ${r.cyclesPerRound.toFixed(1)} cycles/round (model ${r.modelCyclesPerRound.toFixed(1)}, ideal ${r.idealCyclesPerRound.toFixed(1)}); ${r.cycleModelDeviations} runs off the cycle model`,
    `simulated: ${(r.simCyclesPerSecond / 1e6).toFixed(2)} M cycles/s, ${r.simRoundsPerSecond.toFixed(0)} rounds/s`,
  ].join('\n');
}

/** `softprop hil` flags as commander parses them. */
export interface HilFlags {
  problems: number;
  seed: number;
  json?: boolean;
  out: string;
  replay?: string;
  lib?: string;
}

/** `softprop hil`: hardware-in-the-loop check of the Verilated core against the TS reference. */
export function register(program: Command): void {
  program
    .command('hil')
    .description(
      'run generated problems on the simulated core and the bit-exact TS reference, compare every output word (exit 2 on any mismatch)',
    )
    .option('--problems <n>', 'number of generated cases', nonNegativeInt, 1000)
    .addOption(seedOption('random seed'))
    .option('--json', 'print the report as JSON')
    .option('--out <dir>', 'folder for mismatch reproducers', 'hil-out')
    .option('--replay <file>', 're-run one reproducer file instead of generating cases', existing('file'))
    .option('--lib <path>', 'simulator library (default build/libsoftprop_sim.so)')
    .action(async (o: HilFlags) => {
      if (o.replay !== undefined) {
        const { replayReproducer } = await import('../fpga/hil.js');
        const { hilCase, cmp, detail } = replayReproducer(o.replay, { libraryPath: o.lib });
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
      process.exitCode = await runInWorker(new URL('./hil-worker.js', import.meta.url), o);
    });
}

/** Runs the generated cases (on the worker thread of cli/hil-worker.ts) and prints the report; returns the exit code. */
export async function runHilCases(o: HilFlags, io: CommandIo): Promise<number> {
  const { runHil } = await import('../fpga/hil.js');
  const report = runHil({
    problems: o.problems,
    seed: o.seed,
    outDir: o.out,
    libraryPath: o.lib,
    log: (line) => io.err(`${line}\n`),
    interrupt: io.interrupted,
  });
  io.out(o.json ? `${JSON.stringify(report)}\n` : `${summary(report)}\n`);
  return report.interrupted ? EXIT_INTERRUPTED : hilExitCode(report);
}
