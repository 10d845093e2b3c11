import type { EvaluateFlags } from './evaluate.js';
import { runEvaluate } from './evaluate-run.js';
import { workerBody } from './worker-command.js';

/** The thread `softprop evaluate` runs on (cli/worker-command.ts). */
workerBody<{ file: string; flags: EvaluateFlags }>(({ file, flags }, io) => runEvaluate(file, flags, io));
