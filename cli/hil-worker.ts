import { type HilFlags, runHilCases } from './hil.js';
import { workerBody } from './worker-command.js';

/** The thread `softprop hil` runs its cases on (cli/worker-command.ts). */
workerBody<HilFlags & { file?: string }>((flags, io) => runHilCases(flags, io));
