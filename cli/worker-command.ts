import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { UserError } from '../solver/api/user-error.js';
import { stdout } from './output.js';

/**
 * A command whose work runs in a worker thread, so that SIGINT or SIGTERM can stop it. A search is
 * one synchronous loop: on the thread running it, a `process.on('SIGINT')` handler would wait for
 * the search to end. Here the main thread stays idle: the first signal sets a shared flag that the
 * command polls (the search's `interrupt` hook), so the command reports what it has and returns;
 * a second signal exits at once. SIGTERM is how MiniZinc stops a solver at its --time-limit, and
 * the solver must still print its best solution and statistics then.
 */

/** Exit code after SIGINT (128 + the signal's number, as shells report it). */
export const EXIT_INTERRUPTED = 130;
/** Exit code after SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

/** The signals that stop a command, with the exit code each leaves. */
const STOP_SIGNALS = [
  ['SIGINT', EXIT_INTERRUPTED],
  ['SIGTERM', EXIT_TERMINATED],
] as const;

/** What the command's body gets on its thread: its output and the interrupt flag. */
export interface CommandIo {
  /** Text for standard output (the main thread writes it through the checked stdout, in order). */
  out(text: string): void;
  /** Text for standard error. */
  err(text: string): void;
  /** Whether SIGINT or SIGTERM has asked the command to stop. */
  interrupted(): boolean;
}

/** Messages from the worker, in the order it sends them; `exit` or `fail` comes last. */
type Message = { out: string } | { err: string } | { exit: number } | { fail: { user: boolean; message: string; stack?: string } };

interface Data<D> {
  data: D;
  flag: Int32Array;
}

/**
 * Runs the worker module `url` (which calls `workerBody`) with `data` (structured-cloneable),
 * relays its output, and resolves with its exit code, or the signal's (EXIT_INTERRUPTED,
 * EXIT_TERMINATED) once a signal has stopped it. Rejects
 * with a UserError for the body's UserError, or with the output's write error.
 */
export function runInWorker<D>(url: URL, data: D): Promise<number> {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(url, { workerData: { data, flag } satisfies Data<D> });
  let signals = 0;
  let signalled = 0;
  const handlers = STOP_SIGNALS.map(([signal, code]) => {
    const onSignal = (): void => {
      if (++signals > 1) process.exit(code);
      signalled = code;
      Atomics.store(flag, 0, 1);
    };
    process.on(signal, onSignal);
    return [signal, onSignal] as const;
  });
  return new Promise<number>((resolve, reject) => {
    const settle = (end: () => void): void => {
      for (const [signal, onSignal] of handlers) process.off(signal, onSignal);
      end();
    };
    worker.on('message', (m: Message) => {
      try {
        if ('out' in m) stdout.write(m.out);
        else if ('err' in m) process.stderr.write(m.err);
        else if ('exit' in m) settle(() => resolve(signals > 0 ? signalled : m.exit));
        else
          settle(() =>
            reject(m.fail.user ? new UserError(m.fail.message) : Object.assign(new Error(m.fail.message), { stack: m.fail.stack })),
          );
      } catch (e) {
        // The output failed (cli/output.ts has said so): the work is pointless now.
        void worker.terminate();
        settle(() => reject(e));
      }
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`internal error: the worker stopped (exit code ${code}) before it finished`))),
    );
  });
}

/**
 * The worker's side: runs `body` with the data `runInWorker` was given and reports its exit code
 * or its error to the main thread. Does nothing on the main thread.
 */
export function workerBody<D>(body: (data: D, io: CommandIo) => number | Promise<number>): void {
  if (isMainThread || parentPort === null) return;
  const port = parentPort;
  const { data, flag } = workerData as Data<D>;
  const io: CommandIo = {
    out: (text) => port.postMessage({ out: text } satisfies Message),
    err: (text) => port.postMessage({ err: text } satisfies Message),
    interrupted: () => Atomics.load(flag, 0) !== 0,
  };
  Promise.resolve()
    .then(() => body(data, io))
    .then(
      (code) => port.postMessage({ exit: code } satisfies Message),
      (e: unknown) => {
        const err = e instanceof Error ? e : new Error(String(e));
        port.postMessage({ fail: { user: e instanceof UserError, message: err.message, stack: err.stack } } satisfies Message);
      },
    );
}
