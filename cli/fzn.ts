import type { Command } from 'commander';
import { existing, nonNegativeInt, positiveInt, seedValue } from './flags.js';
import type { FznJob } from './fzn-run.js';
import { runInWorker } from './worker-command.js';

/** `softprop fzn` flags as commander parses them: the standard flags MiniZinc passes to a FlatZinc solver. */
export interface FznFlags {
  /** -a: every solution (satisfaction); optimisation reports each improving one anyway. */
  allSolutions?: boolean;
  /** -n N: stop after N solutions. */
  numSolutions?: number;
  /** -i: print intermediate solutions (what an optimisation does anyway). */
  intermediate?: boolean;
  /** -f: ignore the search annotations. */
  freeSearch?: boolean;
  /** -s: print `%%%mzn-stat:` statistics. */
  statistics?: boolean;
  /** -t MS: time limit in milliseconds. */
  timeLimit?: number;
  /** -r SEED: random seed. */
  randomSeed?: number;
  /** -p N: threads (one is used). */
  parallel?: number;
}

/**
 * `softprop fzn model.fzn`: a FlatZinc solver as MiniZinc calls one (share/minizinc/solvers/softprop.msc),
 * and `softprop minizinc-register`, which installs that configuration for the user's MiniZinc.
 */
export function register(program: Command): void {
  program
    .command('fzn')
    .description('solve a FlatZinc model and print its solutions as the FlatZinc specification says (what MiniZinc runs)')
    .argument('<file>', "FlatZinc file, or '-' for stdin")
    .option('-a, --all-solutions', 'every solution of a satisfaction problem (optimisation prints each improving one anyway)')
    .option('-n, --num-solutions <n>', 'stop after n solutions', positiveInt)
    .option('-i, --intermediate', 'print each improving solution (the default)')
    .option('-f, --free-search', 'ignore the search annotations: default strategy (dom/wdeg, restarts)')
    .option('-s, --statistics', 'print %%%mzn-stat statistics')
    .option('-t, --time-limit <ms>', 'time limit in milliseconds', positiveInt)
    .option('-r, --random-seed <seed>', 'seed of every random choice', seedValue)
    .option('-p, --parallel <n>', 'threads (softprop uses one)', nonNegativeInt)
    .action(async (file: string, flags: FznFlags) => {
      if (flags.parallel !== undefined && flags.parallel > 1)
        process.stderr.write(`softprop: -p ${flags.parallel}: softprop searches on one thread\n`);
      // On a worker thread, so that SIGINT can stop the search and the best solution is still printed.
      process.exitCode = await runInWorker(new URL('./fzn-run.js', import.meta.url), { fzn: { file, flags } } satisfies FznJob);
    });
  program
    .command('minizinc-register')
    .description('make softprop a solver of your MiniZinc: writes softprop.msc, with absolute paths to this checkout, into a solver folder')
    .option('--dir <dir>', 'solver configuration folder (default: ~/.minizinc/solvers)', existing('folder'))
    .action(async (flags: { dir?: string }) => (await import('./fzn-run.js')).registerWithMiniZinc(flags.dir));
}
