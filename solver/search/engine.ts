import type { Problem } from '../model/problem.js';
import { wordsPerDomain } from '../model/problem.js';
import { type StopCheck, StoppedByLimit } from '../model/stop.js';
import type { SearchContext } from './context.js';
import type { AllDiffLevel, StateArena } from './propagators/alldiff.js';
import { AllDiffGac, postAllDiff } from './propagators/alldiff.js';
import { ClausePropagator } from './propagators/clause.js';
import { NeqPropagator } from './propagators/neq.js';
import type { Propagator } from './propagators/propagator.js';
import { COST_CHEAP, WAKE_DOM, WAKE_FIX } from './propagators/propagator.js';
import { TablePropagator } from './propagators/table.js';
import { Slab } from './slab.js';
import { Store, type UndoMode } from './store.js';

/** A propagator outside the engine (e.g. the FPGA) run after the internal fixpoint. */
export interface ExternalPropagator {
  /** Replaces dom (n*words words) by its fixpoint under the decomposed arc program (hdl/SPEC.md); returns false on wipe-out. */
  fixpoint(dom: Uint32Array): boolean;
}

export interface EngineOptions {
  /** Consistency of all-different (default 'gac'). */
  alldiff?: AllDiffLevel;
  external?: ExternalPropagator;
  /** How the store undoes decisions (default: by size, `Store.modeFor`); both give the same search. */
  undo?: UndoMode;
  /** Polled while propagators are posted (a table over large domains is transposed); true throws StoppedByLimit. */
  stop?: StopCheck;
}

/** Propagator runs between two polls of `Engine.stop`. */
const STOP_POLL = 64;

/** The propagator of one constraint of the problem. */
function post(p: Problem, ci: number, words: number, alldiff: AllDiffLevel, state: StateArena): Propagator {
  const c = p.constraints[ci]!;
  switch (c.kind) {
    case 'table':
      return new TablePropagator(c.x, c.y, c.rows, p.domSize, words);
    case 'neq':
      return new NeqPropagator(c.x, c.y);
    case 'alldiff':
      return postAllDiff(c.vars, alldiff, words, state);
    case 'clause':
      return new ClausePropagator(c.vars, c.sets);
  }
}

/** CSR lists of the propagators woken by each variable, for one wake event. */
function subscriptions(props: Propagator[], n: number, wake: number, slab: Slab): { start: Int32Array; list: Int32Array } {
  const start = slab.int32(n + 1);
  for (let id = 0; id < props.length; id++) {
    const q = props[id]!;
    if (q.wake !== wake) continue;
    for (let k = 0; k < q.vars.length; k++) start[(q.vars[k] as number) + 1] = (start[(q.vars[k] as number) + 1] as number) + 1;
  }
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = slab.int32(n);
  fill.set(start.subarray(0, n));
  const list = slab.int32(start[n] as number);
  for (let id = 0; id < props.length; id++) {
    const q = props[id]!;
    if (q.wake !== wake) continue;
    for (let k = 0; k < q.vars.length; k++) {
      const x = q.vars[k] as number;
      list[fill[x] as number] = id;
      fill[x] = (fill[x] as number) + 1;
    }
  }
  return { start, list };
}

/**
 * The propagation engine: the store, one propagator per constraint (propagator id = constraint
 * index), and two FIFO queues (cheap propagators before matching-based ones) run to a common
 * fixpoint. Also keeps the failure weights that dom/wdeg branching reads.
 */
export class Engine {
  readonly store: Store;
  /** Number of constraints: the id `propagate` reports for a failure no constraint caused. */
  readonly noConstraint: number;
  /** Failure weight of each constraint (starts at 1). */
  readonly weight: Float64Array;
  /** Sum of the weights of the constraints on each variable. */
  readonly varWeight: Float64Array;
  /** Propagator runs so far. */
  propagations = 0;
  /** Calls to the external propagator so far. */
  externalCalls = 0;
  /** Polled by `propagate` every STOP_POLL propagator runs; true throws StoppedByLimit (the search sets it to its limits). */
  stop: StopCheck | undefined = undefined;
  private sincePoll = 0;
  private readonly constraints: Problem['constraints'];
  private readonly alldiff: AllDiffLevel;
  private readonly domSize: Int32Array;
  /** varWeight before any failure: each variable's degree. */
  private readonly degree: Float64Array;
  /** The matching arena, and its content as posted (what reset restores). */
  private readonly state: Int32Array;
  private readonly stateInit: Int32Array;
  private readonly props: Propagator[];
  private readonly cost: Uint8Array;
  private readonly dom: { start: Int32Array; list: Int32Array };
  private readonly fix: { start: Int32Array; list: Int32Array };
  private readonly queue: Int32Array[];
  private readonly head = new Int32Array(2);
  private readonly count = new Int32Array(2);
  private readonly queued: Uint8Array;
  private readonly external: ExternalPropagator | undefined;
  /** A copy of the domains the external propagator narrows. */
  private readonly externalWork: Uint32Array;

  constructor(p: Problem, opts: EngineOptions = {}) {
    const n = p.domSize.length;
    const words = wordsPerDomain(p);
    const alldiff = opts.alldiff ?? 'gac';
    const m = p.constraints.length;
    // Every array of the engine and its store comes from one slab (see Slab for why).
    let stateSize = 0;
    let watches = 0;
    for (const c of p.constraints) {
      if (c.kind === 'alldiff' && alldiff === 'gac') stateSize += AllDiffGac.stateSize(c.vars.length, words);
      watches += c.kind === 'table' || c.kind === 'neq' ? 2 : c.vars.length;
    }
    const nExternal = opts.external ? n * words : 0;
    const undo = opts.undo ?? Store.modeFor(n, words);
    const slab = new Slab(
      Store.bytes(n, words, undo) +
        Slab.bytes(m, 8) +
        2 * Slab.bytes(n, 8) +
        3 * Slab.bytes(m, 4) +
        2 * Slab.bytes(m, 1) +
        2 * Slab.bytes(stateSize, 4) +
        // Both subscription lists (together at most one entry per watched variable of each propagator).
        2 * (Slab.bytes(n + 1, 4) + Slab.bytes(n, 4)) +
        Slab.bytes(watches, 4) +
        8 +
        Slab.bytes(nExternal, 4),
    );
    this.store = new Store(p.init, n, words, undo, slab);
    this.noConstraint = m;
    this.props = new Array<Propagator>(m);
    this.cost = slab.uint8(m);
    this.weight = slab.float64(m);
    this.varWeight = slab.float64(n);
    const state: StateArena = { array: slab.int32(stateSize), used: 0 };
    for (let ci = 0; ci < m; ci++) {
      if (opts.stop?.()) throw new StoppedByLimit('posting propagators');
      const q = post(p, ci, words, alldiff, state);
      this.props[ci] = q;
      this.cost[ci] = q.cost;
      this.weight[ci] = 1;
      for (let k = 0; k < q.vars.length; k++) this.varWeight[q.vars[k] as number] = (this.varWeight[q.vars[k] as number] as number) + 1;
    }
    this.constraints = p.constraints.slice();
    this.alldiff = alldiff;
    this.domSize = p.domSize.slice();
    this.degree = slab.float64(n);
    this.degree.set(this.varWeight);
    this.state = state.array;
    this.stateInit = slab.int32(stateSize);
    this.stateInit.set(state.array);
    this.dom = subscriptions(this.props, n, WAKE_DOM, slab);
    this.fix = subscriptions(this.props, n, WAKE_FIX, slab);
    this.queue = [slab.int32(m), slab.int32(m)];
    this.queued = slab.uint8(m);
    this.external = opts.external;
    this.externalWork = slab.uint32(nExternal);
  }

  /**
   * Whether `reset(p.init)` makes this engine the one `new Engine(p, opts)` would build: p has the
   * constraints this engine was posted from (the same objects, in order) and the same domain sizes.
   */
  fits(p: Problem, opts: EngineOptions): boolean {
    if (this.external || opts.external || (opts.alldiff ?? 'gac') !== this.alldiff) return false;
    if (opts.undo !== undefined && opts.undo !== this.store.mode) return false;
    // The same constraint objects: a caller may have replaced or added some in the same array.
    const cs = p.constraints;
    if (cs.length !== this.constraints.length) return false;
    for (let ci = 0; ci < cs.length; ci++) if (cs[ci] !== this.constraints[ci]) return false;
    const d = p.domSize;
    if (d.length !== this.domSize.length) return false;
    for (let v = 0; v < d.length; v++) if (d[v] !== this.domSize[v]) return false;
    return true;
  }

  /** Back to the state of a new engine over the domains `init`: weights, matchings and counters as posted. */
  reset(init: Uint32Array): void {
    this.store.reset(init);
    this.weight.fill(1);
    this.varWeight.set(this.degree);
    this.state.set(this.stateInit);
    this.propagations = 0;
    this.externalCalls = 0;
    this.clearQueues();
  }

  /** Wakes every propagator and checks the initial domains: the root propagation. */
  start(): number {
    for (let v = 0; v < this.store.n; v++) if (this.store.isEmptyAt(v)) return this.fail(this.noConstraint);
    for (let id = 0; id < this.props.length; id++) this.schedule(id);
    return this.propagate();
  }

  /**
   * Runs the woken propagators (and then the external one) to a fixpoint. Returns -1, or the id
   * of the constraint that failed (`noConstraint` for an emptied domain outside any propagator).
   */
  propagate(): number {
    if (!this.wake(-1)) return this.fail(this.noConstraint);
    const { queue, head, count, queued, props, store } = this;
    for (;;) {
      const c = count[0] !== 0 ? 0 : count[1] !== 0 ? 1 : -1;
      if (c < 0) {
        if (!this.external) return -1;
        const r = this.runExternal();
        if (r < 0) return -1;
        if (r > 0) return this.fail(this.noConstraint);
        continue;
      }
      const id = queue[c]![head[c]!] as number;
      head[c] = head[c]! + 1 === props.length ? 0 : head[c]! + 1;
      count[c]!--;
      queued[id] = 0;
      this.propagations++;
      if (++this.sincePoll === STOP_POLL) {
        this.sincePoll = 0;
        if (this.stop?.()) {
          this.fail(this.noConstraint);
          throw new StoppedByLimit('propagating');
        }
      }
      if (!props[id]!.propagate(store) || !this.wake(id)) return this.fail(id);
    }
  }

  private schedule(id: number): void {
    if (this.queued[id] === 1) return;
    this.queued[id] = 1;
    const c = this.cost[id] === COST_CHEAP ? 0 : 1;
    let tail = this.head[c]! + this.count[c]!;
    if (tail >= this.props.length) tail -= this.props.length;
    this.queue[c]![tail] = id;
    this.count[c]!++;
  }

  /** Schedules the watchers of every touched variable except `self` (propagators are idempotent); false on an empty domain. */
  private wake(self: number): boolean {
    const store = this.store;
    const { start: ds, list: dl } = this.dom;
    const { start: fs, list: fl } = this.fix;
    for (let v = store.popTouched(); v >= 0; v = store.popTouched()) {
      const fixed = store.fixedValue(v);
      if (fixed === -2) return false;
      for (let k = ds[v] as number, e = ds[v + 1] as number; k < e; k++) if (dl[k] !== self) this.schedule(dl[k] as number);
      if (fixed >= 0) for (let k = fs[v] as number, e = fs[v + 1] as number; k < e; k++) if (fl[k] !== self) this.schedule(fl[k] as number);
    }
    return true;
  }

  /** -1: external fixpoint changed nothing; 0: it narrowed some domains (now woken); 1: wipe-out. */
  private runExternal(): number {
    const store = this.store;
    const dom = store.dom;
    // The external propagator works on a copy, so that every change reaches the store through setWord.
    const work = this.externalWork;
    const w = store.words;
    work.set(dom);
    this.externalCalls++;
    if (!this.external!.fixpoint(work)) return 1;
    for (let v = 0; v < store.n; v++) {
      for (let k = v * w; k < v * w + w; k++) {
        // Only narrowing is accepted: an external propagator cannot bring values back.
        const d = ((work[k] as number) & (dom[k] as number)) >>> 0;
        if (d === dom[k]) continue;
        store.setWord(k, d);
        store.touch(v);
      }
    }
    if (store.nTouched === 0) return -1;
    return this.wake(-1) ? 0 : 1;
  }

  private clearQueues(): void {
    for (let c = 0; c < 2; c++) {
      for (let k = 0, h = this.head[c]!; k < this.count[c]!; k++, h = h + 1 === this.props.length ? 0 : h + 1)
        this.queued[this.queue[c]![h] as number] = 0;
      this.count[c] = 0;
      this.head[c] = 0;
    }
  }

  /** Empties the queues and bumps the failed constraint's weight (dom/wdeg); returns its id. */
  private fail(ci: number): number {
    this.clearQueues();
    this.store.clearTouched();
    if (ci < this.noConstraint) {
      this.weight[ci] = (this.weight[ci] as number) + 1;
      const vars = this.props[ci]!.vars;
      for (let k = 0; k < vars.length; k++) {
        this.varWeight[vars[k] as number] = (this.varWeight[vars[k] as number] as number) + 1;
        this.store.markDirty(vars[k] as number);
      }
    }
    return ci;
  }
}

/**
 * The idle engine `context` holds for p's constraint list, taken out of it and reset to p.init
 * (the engine a new one would be), when it fits p and `opts`; else a new engine.
 */
export function takeEngine(context: SearchContext | undefined, p: Problem, opts: EngineOptions): Engine {
  const idle = context?.engines.get(p.constraints);
  if (idle === undefined || !idle.fits(p, opts)) return new Engine(p, opts);
  context?.engines.delete(p.constraints);
  idle.reset(p.init);
  return idle;
}

/**
 * Hard propagation to fixpoint from p.init (no search): the domains reached, and whether some
 * constraint failed. With `context`, the engine comes from there when an idle one fits p (a search
 * of p left it; reset to p.init it is the engine a new one would be), and is left there idle, so
 * that a search of p that follows (the guided solve after the encoder's input view) resets it
 * rather than building its own.
 */
export function propagateHard(
  p: Problem,
  opts: { alldiff?: AllDiffLevel; context?: SearchContext } = {},
): { domains: Uint32Array; failed: boolean; propagations: number } {
  const engine = takeEngine(opts.context, p, { alldiff: opts.alldiff });
  const failed = engine.start() >= 0;
  opts.context?.engines.set(p.constraints, engine);
  return { domains: engine.store.dom.slice(), failed, propagations: engine.propagations };
}
