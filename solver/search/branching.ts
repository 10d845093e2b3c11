import { popcount32 } from '../model/problem.js';
import { Rng } from '../model/rng.js';
import type { Engine } from './engine.js';
import type { Store } from './store.js';

/** Value choice: the value to try first (the left branch x = a). */
export interface ValueOrder {
  /** Value to try first for variable v; dom words are dom[at .. at+words) and non-empty. */
  pick(v: number, dom: Uint32Array, at: number): number;
}

export type VarOrder = 'domwdeg' | 'mindom';

/**
 * Variable choice by a plug-in, consulted before the VarChooser at every decision (e.g. the
 * encoder's most confident variable). Returns an unfixed variable, or −1 to leave the choice to the
 * VarChooser. `dom` holds `words` words per variable.
 */
export interface VariablePick {
  select(dom: Uint32Array, words: number): number;
}

/** The smallest value (Gecode's INT_VAL_MIN). */
export const minValue: ValueOrder = {
  pick(_v: number, dom: Uint32Array, at: number): number {
    let k = 0;
    while ((dom[at + k] as number) === 0) k++;
    const x = dom[at + k] as number;
    return k * 32 + 31 - Math.clz32(x & -x);
  },
};

/**
 * Variable choice among the unfixed variables: smallest domain size / weighted degree (dom/wdeg,
 * weights from the engine's failure counts) or smallest domain. Ties go to the lower rank: the
 * variable index, or a permutation drawn from `seed` when one is given.
 *
 * A small store is scanned whole at every choice. Over a trail-mode store (a large problem, whose
 * search opens about one level per variable) a scan per choice would be n² work, so the choice is
 * kept in a tournament tree instead: each leaf holds its variable while unfixed, each inner node
 * the better of its children, and the variables the store lists as changed (domain narrowed or
 * restored, weight bumped) are replayed up their paths before each choice. The order compared is
 * the scan's (a strict total order), so both pick the same variable. Under dom/wdeg a variable of
 * weight 0 (in no constraint) comes after every weighted one whatever its size, and among those by
 * rank alone, so they stay out of the tree in a list by rank with a cursor at the first that may be
 * unfixed. The tree also keeps the number of fixed variables holding each value, for `usedValues`.
 */
export class VarChooser {
  private readonly rank: Int32Array;
  private readonly store: Store;
  private readonly weight: Float64Array | null;
  /** Trail mode: the tree (node 1 the root, leaf of v at `leaves + v`, -1 for none). */
  private readonly tree: Int32Array | null = null;
  private readonly leaves: number = 0;
  /** Trail mode: each variable's domain size when its leaf was last set. */
  private readonly sizes: Int32Array | null = null;
  /** Trail mode: the value each variable is fixed to (-1 when it is not), and how many hold each value. */
  private readonly fixedTo: Int32Array | null = null;
  private readonly holders: Int32Array | null = null;
  /** Trail mode, dom/wdeg: the variables of weight 0 by rank, each one's position there (-1: in the tree), and the cursor. */
  private readonly free: Int32Array | null = null;
  private readonly freeAt: Int32Array | null = null;
  private freeCursor = 0;

  constructor(engine: Engine, order: VarOrder, seed: number | undefined) {
    const store = engine.store;
    const n = store.n;
    this.store = store;
    this.weight = order === 'domwdeg' ? engine.varWeight : null;
    this.rank = new Int32Array(n);
    // Without a seed the rank is the index; the permutation is built only when asked for (it is
    // a noticeable share of a sudoku search).
    if (seed === undefined) for (let v = 0; v < n; v++) this.rank[v] = v;
    else {
      const perm = Array.from({ length: n }, (_, i) => i);
      Rng.seeded(seed).shuffle(perm);
      for (let r = 0; r < n; r++) this.rank[perm[r] as number] = r;
    }
    if (store.mode !== 'trail') return;
    let leaves = 1;
    while (leaves < n) leaves *= 2;
    this.leaves = leaves;
    this.tree = new Int32Array(2 * leaves).fill(-1);
    this.sizes = new Int32Array(n);
    this.fixedTo = new Int32Array(n).fill(-1);
    this.holders = new Int32Array(store.words * 32);
    this.freeAt = new Int32Array(n).fill(-1);
    const weight = this.weight;
    if (weight !== null) {
      const byRank = new Int32Array(n);
      for (let v = 0; v < n; v++) byRank[this.rank[v] as number] = v;
      let nFree = 0;
      for (let v = 0; v < n; v++) if (weight[v] === 0) nFree++;
      this.free = new Int32Array(nFree);
      for (let r = 0, k = 0; r < n; r++) {
        const v = byRank[r] as number;
        if (weight[v] !== 0) continue;
        this.free[k] = v;
        this.freeAt[v] = k++;
      }
    }
    // The tree is built from the current domains: the changes listed so far are in it.
    while (store.popDirty() >= 0);
    for (let v = 0; v < n; v++) this.setLeaf(v);
    for (let i = leaves - 1; i >= 1; i--) this.tree[i] = this.better(this.tree[2 * i] as number, this.tree[2 * i + 1] as number);
  }

  /** The variable to branch on, or -1 when every variable is fixed. */
  select(): number {
    if (this.tree !== null) {
      this.sync();
      const best = this.tree[1] as number;
      return best >= 0 || this.free === null ? best : this.nextFree(this.free);
    }
    const store = this.store;
    const dom = store.dom;
    const w = store.words;
    const weight = this.weight;
    const rank = this.rank;
    let best = -1;
    let bestSize = 0;
    let bestWeight = 1;
    for (let v = 0; v < store.n; v++) {
      let size: number;
      if (w === 1) {
        const d = dom[v] as number;
        if ((d & (d - 1)) === 0) continue;
        size = popcount32(d);
      } else {
        size = store.size(v);
        if (size <= 1) continue;
      }
      const wt = weight === null ? 1 : (weight[v] as number);
      // size / wt < bestSize / bestWeight, without dividing.
      const lhs = size * bestWeight;
      const rhs = bestSize * wt;
      if (best < 0 || lhs < rhs || (lhs === rhs && (rank[v] as number) < (rank[best] as number))) {
        best = v;
        bestSize = size;
        bestWeight = wt;
      }
    }
    return best;
  }

  /** The values held by fixed variables (one domain's words) into `out`. */
  usedValues(out: Uint32Array): void {
    out.fill(0);
    const store = this.store;
    if (this.holders === null) {
      for (let v = 0; v < store.n; v++) {
        const a = store.fixedValue(v);
        if (a >= 0) out[a >>> 5] = (out[a >>> 5] as number) | (1 << (a & 31));
      }
      return;
    }
    this.sync();
    const holders = this.holders;
    for (let a = 0; a < holders.length; a++) if ((holders[a] as number) > 0) out[a >>> 5] = (out[a >>> 5] as number) | (1 << (a & 31));
  }

  /** Trail mode: the unfixed variable of weight 0 of lowest rank (-1 when none), moving the cursor to it. */
  private nextFree(free: Int32Array): number {
    const sizes = this.sizes as Int32Array;
    while (this.freeCursor < free.length && (sizes[free[this.freeCursor] as number] as number) <= 1) this.freeCursor++;
    return this.freeCursor < free.length ? (free[this.freeCursor] as number) : -1;
  }

  /** Trail mode: replays the variables the store listed as changed into the tree. */
  private sync(): void {
    const tree = this.tree as Int32Array;
    const freeAt = this.freeAt as Int32Array;
    for (let v = this.store.popDirty(); v >= 0; v = this.store.popDirty()) {
      this.setLeaf(v);
      const at = freeAt[v] as number;
      if (at >= 0) {
        // Unfixed again (a backtrack): the cursor goes back to it.
        if (((this.sizes as Int32Array)[v] as number) > 1 && at < this.freeCursor) this.freeCursor = at;
        continue;
      }
      for (let i = (this.leaves + v) >>> 1; i >= 1; i >>>= 1) {
        const was = tree[i] as number;
        const now = this.better(tree[2 * i] as number, tree[2 * i + 1] as number);
        tree[i] = now;
        // The same winner, and not v (whose key changed): every node above sees what it saw before.
        if (now === was && now !== v) break;
      }
    }
  }

  /** Trail mode: v's size, fixed value and (unless it is in the free list) leaf from its current domain. */
  private setLeaf(v: number): void {
    const store = this.store;
    const fixedTo = this.fixedTo as Int32Array;
    const holders = this.holders as Int32Array;
    const a = store.fixedValue(v);
    const was = fixedTo[v] as number;
    if (was !== a) {
      if (was >= 0) holders[was] = (holders[was] as number) - 1;
      if (a >= 0) holders[a] = (holders[a] as number) + 1;
      fixedTo[v] = a >= 0 ? a : -1;
    }
    (this.sizes as Int32Array)[v] = store.size(v);
    if ((this.freeAt as Int32Array)[v] === -1) (this.tree as Int32Array)[this.leaves + v] = a === -1 ? v : -1;
  }

  /** Whichever of variables a and b (-1: none) the choice prefers. */
  private better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const weight = this.weight;
    const wa = weight === null ? 1 : (weight[a] as number);
    const wb = weight === null ? 1 : (weight[b] as number);
    // size / weight smaller, then rank lower: the scan's order.
    const sizes = this.sizes as Int32Array;
    const lhs = (sizes[a] as number) * wb;
    const rhs = (sizes[b] as number) * wa;
    return lhs < rhs || (lhs === rhs && (this.rank[a] as number) < (this.rank[b] as number)) ? a : b;
  }
}
