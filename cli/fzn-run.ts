import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { writeFileAtomic } from '../solver/api/atomic-file.js';
import { endLines, FznCheckError, SOLUTION_END, solveFlatZinc } from '../solver/cp/fzn/index.js';
import { solverConfig } from '../solver/cp/fzn/solver-config.js';
import { readInput } from '../solver/formats/read.js';
import type { FznFlags } from './fzn.js';
import { stdout } from './output.js';
import { type CommandIo, workerBody } from './worker-command.js';

/** Time kept back from -t to print the last lines before MiniZinc's deadline. */
const STATUS_MARGIN_MS = 100;

/**
 * `softprop fzn`'s work, on the worker thread: solves, printing each solution as it is found and
 * the FlatZinc status lines at the end. Returns 0 whatever the answer (MiniZinc reads it from the
 * output), 2 when a solution failed its independent check.
 */
export function runFzn(file: string, flags: FznFlags, io: CommandIo): number {
  const { text, name } = readInput(file);
  try {
    const r = solveFlatZinc(text, name, {
      all: flags.allSolutions,
      solutions: flags.numSolutions,
      free: flags.freeSearch,
      // MiniZinc's -t counts from the solver's start and it stops the process at the limit: the
      // time node took to start (and to load this thread) is spent already.
      timeoutMs: flags.timeLimit === undefined ? undefined : Math.max(0, flags.timeLimit - process.uptime() * 1000 - STATUS_MARGIN_MS),
      seed: flags.randomSeed,
      stop: {
        get stopped() {
          return io.interrupted();
        },
      },
      onSolution: (s) => io.out(s.text === '' ? `${SOLUTION_END}\n` : `${s.text}\n${SOLUTION_END}\n`),
    });
    for (const w of r.ignored) io.err(`softprop: ${name}: ${w} ignored\n`);
    const end = endLines(r, flags.statistics === true);
    if (end.length > 0) io.out(`${end.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof FznCheckError)) throw e;
    io.err(`softprop: internal error: ${e.message}\n`);
    return 2;
  }
}

/** What cli/fzn.ts hands the worker thread. */
export interface FznJob {
  fzn: { file: string; flags: FznFlags };
}

// This module is the worker's entry, and is also imported by `softprop solve`'s worker (cli/solve-run.ts)
// for .fzn files: only a worker started with an FznJob runs it.
if ((workerData as { data?: Partial<FznJob> } | null)?.data?.fzn) workerBody<FznJob>(({ fzn }, io) => runFzn(fzn.file, fzn.flags, io));

/** The checkout this module runs from (dist/cli/ → the repository). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `softprop minizinc-register`: writes softprop.msc with absolute paths to this checkout's solver
 * library and wrapper script into `dir` (default ~/.minizinc/solvers, created when missing).
 */
export async function registerWithMiniZinc(dir?: string): Promise<void> {
  const target = dir ?? join(homedir(), '.minizinc', 'solvers');
  mkdirSync(target, { recursive: true });
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const config = solverConfig(
    { mznlib: join(ROOT, 'share/minizinc/softprop'), executable: join(ROOT, 'share/minizinc/solvers/fzn-softprop') },
    version,
  );
  const path = join(target, 'softprop.msc');
  await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`);
  stdout.write(`${path}\n`);
}
