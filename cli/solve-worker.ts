import type { SolveFlags } from './solve.js';
import { runSolve, withPlugins } from './solve-run.js';
import { workerBody } from './worker-command.js';

/** The thread `softprop solve` runs on (cli/worker-command.ts): builds the plug-ins, then solves. */
workerBody<{ file: string; flags: SolveFlags }>(async ({ file, flags }, io) => runSolve(file, await withPlugins(flags), io));
