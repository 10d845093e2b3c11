import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../../solver/api/user-error.js';
import { buildLine, type WorkerInit, type WorkerResult, type WorkerTask } from './generate.js';

/** Worker thread of generateDataset: answers each task with the instance's JSONL line. */
const init = workerData as WorkerInit;
const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread of generateDataset');
port.on('message', (task: WorkerTask) => {
  let result: WorkerResult;
  try {
    result = { index: task.index, line: buildLine(init, task.index, task.state) };
  } catch (e) {
    const user = e instanceof UserError;
    result = { index: task.index, error: user ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e), user };
  }
  port.postMessage(result);
});
