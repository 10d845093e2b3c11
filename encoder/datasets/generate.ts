import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AtomicFile } from '../../solver/api/atomic-file.js';
import { UserError } from '../../solver/api/user-error.js';
import { Rng } from '../../solver/model/rng.js';
import { familyByName } from './families.js';
import type { FamilyFlags } from './family.js';
import { intFlag, nodesFlag } from './flags.js';
import { recordLine } from './record.js';
import { type StatesOptions, stateRecords } from './states.js';
import { instanceStates } from './streams.js';

export interface GenerateOptions {
  /** sudoku | latin | coloring | cnf | rb */
  family: string;
  flags: FamilyFlags;
  count: number;
  seed: number;
  /** JSONL output, written atomically. */
  out: string;
  /** Worker threads; 1 generates in this thread. The output does not depend on it. */
  workers: number;
  /** Write the decision states each instance's search meets instead of the instance (states.ts; `flags.nodes` is their budget). */
  states?: { keep: StatesOptions['keep']; max: number };
  /** Called after each instance is written, with the number written so far. */
  onProgress?: (done: number) => void;
}

export interface GenerateSummary {
  /** Instances generated. */
  count: number;
  /** Records written: `count`, or with `states` the states kept. */
  records: number;
  seconds: number;
}

/** A task for a worker: build instance `index` from Rng state `state`. */
export interface WorkerTask {
  index: number;
  state: number[];
}

/** A worker's answer: the instance's JSONL line, or the error that stopped it (`user`: a UserError, e.g. a budget too small). */
export type WorkerResult = { index: number; line: string } | { index: number; error: string; user: boolean };

/** What a worker needs to start: the family and its validated parameters, and the states options in states mode. */
export interface WorkerInit {
  family: string;
  params: unknown;
  states?: StatesOptions;
}

/** Tasks kept queued per worker so it never idles waiting for the next message. */
const IN_FLIGHT = 2;

/** Generates `count` instances of a family into a JSONL dataset (see record.ts for the format). */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateSummary> {
  if (!Number.isInteger(opts.count) || opts.count < 1) throw new UserError(`--count must be a positive integer, got ${opts.count}`);
  if (!Number.isInteger(opts.seed)) throw new UserError(`--seed must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new UserError(`--workers must be a positive integer, got ${opts.workers}`);
  const family = familyByName(opts.family);
  for (const k of Object.keys(opts.flags) as (keyof FamilyFlags)[]) {
    // In states mode every family takes --nodes, the budget of the states' searches.
    const states = opts.states !== undefined && k === 'nodes';
    if (opts.flags[k] !== undefined && !family.flags.includes(k) && !states) throw new UserError(`--${k} does not apply to ${family.name}`);
  }
  const params = await family.params(opts.flags);
  let statesOpts: StatesOptions | undefined;
  if (opts.states) {
    if (opts.states.keep !== 'live' && opts.states.keep !== 'all')
      throw new UserError(`--states must be live or all, got ${String(opts.states.keep)}`);
    statesOpts = { keep: opts.states.keep, max: intFlag('max-states', opts.states.max, 50, 1), nodes: nodesFlag(opts.flags.nodes) };
  }
  const states = instanceStates(opts.seed, opts.count);
  const start = performance.now();
  const file = await AtomicFile.create(opts.out);
  try {
    // Lines arrive in any order from workers; write them in index order.
    const pending = new Map<number, string>();
    let next = 0;
    let records = 0;
    // Writes are chained so chunks reach the file in order even when workers answer at once.
    let written: Promise<void> = Promise.resolve();
    const emit = (index: number, line: string): Promise<void> => {
      pending.set(index, line);
      let chunk = '';
      for (let l = pending.get(next); l !== undefined; l = pending.get(next)) {
        pending.delete(next++);
        chunk += l;
        for (let k = l.indexOf('\n'); k >= 0; k = l.indexOf('\n', k + 1)) records++;
      }
      if (chunk) {
        const done = next;
        written = written.then(async () => {
          await file.write(chunk);
          opts.onProgress?.(done);
        });
      }
      return written;
    };
    const init: WorkerInit = { family: family.name, params, states: statesOpts };
    if (opts.workers === 1) await inThread(init, states, emit);
    else await inWorkers(init, states, Math.min(opts.workers, opts.count), emit);
    await file.commit();
    return { count: opts.count, records, seconds: (performance.now() - start) / 1000 };
  } catch (e) {
    await file.abort();
    throw e;
  }
}

/**
 * Builds instance `index` from its Rng state: its line, or in states mode the lines of its states
 * (drawn from the same stream after the instance). The single code path of threads and workers.
 */
export function buildLine(init: WorkerInit, index: number, state: number[]): string {
  const rng = Rng.fromState(state);
  const record = familyByName(init.family).generate(rng, init.params);
  if (!init.states) return recordLine(record);
  return stateRecords(record, index, rng, init.states).map(recordLine).join('');
}

async function inThread(init: WorkerInit, states: number[][], emit: (i: number, line: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < states.length; i++) {
    await emit(i, buildLine(init, i, states[i] as number[]));
    // Let the progress bar's timer run between instances.
    await new Promise((r) => setImmediate(r));
  }
}

function workerScript(): URL {
  const url = new URL('./worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(url))) {
    throw new UserError(`worker threads need the compiled build (${fileURLToPath(url)} is missing): run npm run build, or use --workers 1`);
  }
  return url;
}

function inWorkers(
  init: WorkerInit,
  states: number[][],
  nWorkers: number,
  emit: (i: number, line: string) => Promise<void>,
): Promise<void> {
  const script = workerScript();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let dispatched = 0;
    let finished = 0;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const feed = (w: Worker) => {
      if (dispatched < states.length) {
        const task: WorkerTask = { index: dispatched, state: states[dispatched] as number[] };
        dispatched++;
        w.postMessage(task);
      }
    };
    for (let k = 0; k < nWorkers; k++) {
      const w = new Worker(script, { workerData: init });
      workers.push(w);
      w.on('message', (m: WorkerResult) => {
        if (failed) return;
        if ('error' in m)
          return fail(m.user ? new UserError(`instance ${m.index}: ${m.error}`) : new Error(`instance ${m.index}: ${m.error}`));
        feed(w);
        emit(m.index, m.line).then(() => {
          if (++finished === states.length) {
            for (const x of workers) void x.terminate();
            resolve();
          }
        }, fail);
      });
      w.on('error', fail);
      w.on('exit', (code) => {
        if (finished < states.length) fail(new Error(`dataset worker exited with code ${code}`));
      });
      for (let t = 0; t < IN_FLIGHT; t++) feed(w);
    }
  });
}
