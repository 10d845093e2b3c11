import { EV_DOMAIN, IntStore } from './int-store.js';
import { type Advised, CP_CHEAP, CP_EXPENSIVE, type CpPropagator } from './propagator.js';

/**
 * A CP model under search: the store, its propagators and the queue that runs them to a fixpoint.
 *
 * Each variable has one watch list per event (EV_DOMAIN, EV_BOUNDS, EV_FIX); a change with event e
 * wakes the watchers of every event ≤ e. The queue is two FIFOs by cost, the cheap one drained
 * first; a propagator is queued at most once (the `queued` flags), so each FIFO (a power-of-two
 * ring) never holds more than the propagators posted. `failures` counts, per propagator, the
 * fixpoints it failed; each failure also adds 1 to the weight of every variable the propagator
 * watches, so dom/wdeg reads a variable's weight in O(1).
 *
 * A propagator posted with `postAdvised` has an idle flag in a store cell (so a backtrack restores
 * it): set when it runs, cleared when one of its advisors reports a change that matters; a queued
 * run that finds it set is skipped (nothing it could use has moved since its last run).
 */
export class Space {
  readonly store = new IntStore();
  readonly propagators: CpPropagator[] = [];
  /** Per propagator: CP_CHEAP or CP_EXPENSIVE. */
  private cost: number[] = [];
  /** Per propagator: the store cell of its idle flag (postAdvised), −1 for none. */
  private idle: number[] = [];
  /** Per propagator: failed fixpoints (dom/wdeg weights; read only: the variables' weights follow them). */
  failures = new Float64Array(16);
  /**
   * Per variable, per event 1..3 (index ev − 1): the propagators watching it, an advisor k as ~k
   * (in the same list, so advised propagators are queued in the order plain watching would give).
   */
  private watchers: number[][][] = [];
  /** Per advisor: its propagator and the tag it is told. */
  private advisorOf: number[] = [];
  private advisorTag: number[] = [];
  /** Per propagator: the distinct variables it watches (a failure adds to their weights). */
  private scope: number[][] = [];
  /** Per variable: the failures of the propagators watching it, kept as they happen. */
  private weight = new Float64Array(16);
  /** Per variable: the distinct propagators watching it. */
  private watchCount = new Int32Array(16);
  private queue: Int32Array[] = [new Int32Array(16), new Int32Array(16)];
  private head = [0, 0];
  private tail = [0, 0];
  private queued = new Uint8Array(16);
  /** Propagations run (statistics). */
  propagations = 0;

  constructor() {
    this.store.onChange = (v, ev) => this.wake(v, ev);
  }

  /** A new variable over lo..hi (see IntStore.newVar). */
  newVar(lo: number, hi: number): number {
    return this.added(this.store.newVar(lo, hi));
  }

  /** A new variable over sorted distinct values. */
  newVarOf(values: readonly number[]): number {
    return this.added(this.store.newVarOf(values));
  }

  private added(v: number): number {
    this.watchers.push([[], [], []]);
    if (v >= this.weight.length) {
      const w = new Float64Array(this.weight.length * 2);
      w.set(this.weight);
      this.weight = w;
      const d = new Int32Array(this.watchCount.length * 2);
      d.set(this.watchCount);
      this.watchCount = d;
    }
    return v;
  }

  /** Adds a propagator and queues it; returns its id. */
  post(p: CpPropagator, cost: number = CP_CHEAP): number {
    const id = this.propagators.length;
    this.propagators.push(p);
    this.cost.push(cost);
    this.idle.push(-1);
    this.scope.push([]);
    if (id >= this.queued.length) {
      const q = new Uint8Array(this.queued.length * 2);
      q.set(this.queued);
      this.queued = q;
      const f = new Float64Array(this.failures.length * 2);
      f.set(this.failures);
      this.failures = f;
      for (const c of [CP_CHEAP, CP_EXPENSIVE]) {
        const old = this.queue[c] as Int32Array;
        const grown = new Int32Array(old.length * 2);
        // The queues are circular: unroll into the new array so head..tail stays contiguous.
        const n = (this.tail[c] as number) - (this.head[c] as number);
        for (let k = 0; k < n; k++) grown[k] = old[((this.head[c] as number) + k) & (old.length - 1)] as number;
        this.queue[c] = grown;
        this.head[c] = 0;
        this.tail[c] = n;
      }
    }
    this.enqueue(id);
    return id;
  }

  /**
   * As `post`, with an idle flag (see above): its queued runs are skipped until one of its advisors
   * (`advise`, to be registered next) reports a change that matters.
   */
  postAdvised(p: Advised, cost: number = CP_CHEAP): number {
    const id = this.post(p, cost);
    this.idle[id] = this.store.newCells(1);
    return id;
  }

  /** Wakes propagator `id` whenever v changes with at least `event`. */
  watch(id: number, v: number, event: number = EV_DOMAIN): void {
    (this.watchers[v] as number[][])[event - 1]?.push(id);
    this.addToScope(id, v);
  }

  /**
   * As `watch`, and before each such wake-up calls the propagator's `advise(store, tag)`, so that it
   * can keep incremental state (in store cells) current with what changed.
   */
  advise(id: number, v: number, event: number, tag: number): void {
    (this.watchers[v] as number[][])[event - 1]?.push(~this.advisorOf.length);
    this.advisorOf.push(id);
    this.advisorTag.push(tag);
    this.addToScope(id, v);
  }

  private addToScope(id: number, v: number): void {
    const scope = this.scope[id] as number[];
    // Posters watch a variable's events one after another: comparing with the last is enough.
    if (scope[scope.length - 1] !== v) {
      scope.push(v);
      this.watchCount[v] = (this.watchCount[v] as number) + 1;
      this.weight[v] = (this.weight[v] as number) + (this.failures[id] as number);
    }
  }

  /** The propagators watching v, any event (allocates: for inspection, not for a search loop). */
  watchersOf(v: number): readonly number[] {
    const w = this.watchers[v] as number[][];
    return [...(w[0] as number[]), ...(w[1] as number[]), ...(w[2] as number[])].map((e) => (e >= 0 ? e : (this.advisorOf[~e] as number)));
  }

  /** The propagators whose variables all lie among `vars` (each decides a full assignment of them). */
  within(vars: Int32Array): Int32Array {
    const among = new Set(vars);
    const ids = new Set<number>();
    for (const v of among) for (const id of this.watchersOf(v)) if ((this.scope[id] as number[]).every((u) => among.has(u))) ids.add(id);
    return Int32Array.from(ids).sort();
  }

  /**
   * Whether fixing vars[i] to values[at + i] passes each propagator of `ids` (from `within(vars)`:
   * exact on a full assignment of their variables, so one run each decides). The store is left as
   * it was; what the fixing woke stays queued, as the next fixpoint would run it anyway.
   */
  admits(ids: Int32Array, vars: Int32Array, values: Int32Array, at: number): boolean {
    const s = this.store;
    const m = s.mark();
    let ok = true;
    for (let i = 0; ok && i < vars.length; i++) {
      const v = vars[i] as number;
      const x = values[at + i] as number;
      ok = s.contains(v, x) && s.setMin(v, x) && s.setMax(v, x);
    }
    for (let k = 0; ok && k < ids.length; k++) ok = this.run(ids[k] as number);
    s.undo(m);
    return ok;
  }

  /** The propagators watching v, each counted once (the `occurrence` and `most_constrained` heuristics' count). */
  degree(v: number): number {
    return this.watchCount[v] as number;
  }

  /** v's weighted degree: 1 + the failures of the distinct propagators watching it (dom/wdeg's weight; O(1)). */
  weightedDegree(v: number): number {
    return 1 + (this.weight[v] as number);
  }

  /**
   * Runs queued propagators until none is pending. Returns −1 at a fixpoint, or the id of the
   * propagator that failed (the queue is then emptied).
   */
  fixpoint(): number {
    for (;;) {
      const c =
        this.head[CP_CHEAP] !== this.tail[CP_CHEAP] ? CP_CHEAP : this.head[CP_EXPENSIVE] !== this.tail[CP_EXPENSIVE] ? CP_EXPENSIVE : -1;
      if (c < 0) {
        this.head[CP_CHEAP] = this.tail[CP_CHEAP] = this.head[CP_EXPENSIVE] = this.tail[CP_EXPENSIVE] = 0;
        return -1;
      }
      const q = this.queue[c] as Int32Array;
      const id = q[(this.head[c] as number) & (q.length - 1)] as number;
      this.head[c] = (this.head[c] as number) + 1;
      this.queued[id] = 0;
      this.propagations++;
      if (!this.run(id)) {
        this.failures[id] = (this.failures[id] as number) + 1;
        const scope = this.scope[id] as number[];
        for (let i = 0; i < scope.length; i++) this.weight[scope[i] as number] = (this.weight[scope[i] as number] as number) + 1;
        this.cancel();
        return id;
      }
    }
  }

  /** Runs propagator `id` unless it is idle; false when it failed. */
  private run(id: number): boolean {
    const p = this.propagators[id] as CpPropagator;
    const flag = this.idle[id] as number;
    if (flag < 0) return p.propagate(this.store);
    const s = this.store;
    if (s.cell[flag] === 1) return true;
    // Set before the run: a change of its own that matters clears it, and so runs it again, unless
    // the propagator is idempotent.
    s.setCell(flag, 1);
    if (!p.propagate(s)) return false;
    if ((p as Advised).idempotent) s.setCell(flag, 1);
    return true;
  }

  /** Queues every propagator (after a bound was tightened outside any propagator, e.g. by branch and bound). */
  enqueueAll(): void {
    for (let id = 0; id < this.propagators.length; id++) this.enqueue(id);
  }

  private wake(v: number, ev: number): void {
    const w = this.watchers[v] as number[][];
    for (let e = EV_DOMAIN; e <= ev; e++) {
      const list = w[e - 1] as number[];
      for (let i = 0; i < list.length; i++) {
        const entry = list[i] as number;
        if (entry >= 0) this.enqueue(entry);
        else {
          const id = this.advisorOf[~entry] as number;
          const flag = this.idle[id] as number;
          if ((this.propagators[id] as Advised).advise(this.store, this.advisorTag[~entry] as number) && flag >= 0)
            this.store.setCell(flag, 0);
          this.enqueue(id);
        }
      }
    }
  }

  private enqueue(id: number): void {
    if (this.queued[id]) return;
    this.queued[id] = 1;
    const c = this.cost[id] as number;
    const q = this.queue[c] as Int32Array;
    q[(this.tail[c] as number) & (q.length - 1)] = id;
    this.tail[c] = (this.tail[c] as number) + 1;
  }

  /** Empties the queue (a narrowing outside any propagator failed: what it woke need not run). */
  cancel(): void {
    for (let c = CP_CHEAP; c <= CP_EXPENSIVE; c++) {
      const q = this.queue[c] as Int32Array;
      for (let k = this.head[c] as number; k < (this.tail[c] as number); k++) this.queued[q[k & (q.length - 1)] as number] = 0;
      this.head[c] = this.tail[c] = 0;
    }
  }
}
