import { popcount32 } from '../../model/problem.js';
import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, COST_EXPENSIVE, WAKE_DOM, WAKE_FIX } from './propagator.js';

export type AllDiffLevel = 'gac' | 'decomposed';

/** Posts all-different at the requested consistency level. */
export function postAllDiff(vars: Int32Array, level: AllDiffLevel, words: number, state: StateArena): Propagator {
  if (level === 'decomposed') return new AllDiffDecomposed(vars, words);
  const q = new AllDiffGac(vars, words, state.array, state.used);
  state.used += AllDiffGac.stateSize(vars.length, words);
  return q;
}

/** One array holding the matching state of every GAC all-different of an engine, and how much of it is taken. */
export interface StateArena {
  array: Int32Array;
  used: number;
}

function hasDuplicates(vars: Int32Array): boolean {
  for (let i = 1; i < vars.length; i++) for (let j = 0; j < i; j++) if (vars[i] === vars[j]) return true;
  return false;
}

/**
 * The pairwise not-equal decomposition as one propagator: the values of fixed variables leave every
 * other variable, repeated until no new variable gets fixed (the arc-consistency fixpoint of the
 * k(k-1)/2 not-equal constraints, the same one the arc program reaches); two variables fixed to
 * one value fail.
 */
export class AllDiffDecomposed implements Propagator {
  readonly wake = WAKE_FIX;
  readonly cost = COST_CHEAP;
  /** A variable listed twice must differ from itself. */
  private readonly impossible: boolean;
  /** Values of the fixed variables, one domain's words. */
  private readonly taken: Uint32Array;

  constructor(
    readonly vars: Int32Array,
    words: number,
  ) {
    this.impossible = hasDuplicates(vars);
    this.taken = new Uint32Array(words);
  }

  propagate(s: Store): boolean {
    if (this.impossible) return false;
    const { vars, taken } = this;
    const w = s.words;
    const dom = s.dom;
    const k = vars.length;
    taken.fill(0);
    // Values taken so far and the number of fixed variables they came from.
    let nFixed = 0;
    for (let i = 0; i < k; i++) {
      const a = s.fixedValue(vars[i] as number);
      if (a === -2) return false;
      if (a < 0) continue;
      const bit = 1 << (a & 31);
      if (((taken[a >>> 5] as number) & bit) !== 0) return false;
      taken[a >>> 5] = (taken[a >>> 5] as number) | bit;
      nFixed++;
    }
    for (let seen = 0; nFixed !== seen; ) {
      seen = nFixed;
      for (let i = 0; i < k; i++) {
        const at = (vars[i] as number) * w;
        // Fixed variables hold one taken value: skip them.
        let left = 0;
        let inTaken = 0;
        for (let kw = 0; kw < w; kw++) {
          const d = dom[at + kw] as number;
          left += popcount32(d & ~(taken[kw] as number));
          inTaken |= d & (taken[kw] as number);
        }
        if (inTaken === 0 || (left === 0 && popcountDomain(dom, at, w) === 1)) continue;
        if (left === 0) return false;
        for (let kw = 0; kw < w; kw++) s.setWord(at + kw, (dom[at + kw] as number) & ~(taken[kw] as number));
        s.touch(vars[i] as number);
        if (left === 1) {
          // Newly fixed: its value is taken too.
          for (let kw = 0; kw < w; kw++) taken[kw] = (taken[kw] as number) | (dom[at + kw] as number);
          nFixed++;
        }
      }
    }
    return true;
  }
}

function popcountDomain(dom: Uint32Array, at: number, w: number): number {
  let c = 0;
  for (let kw = 0; kw < w; kw++) c += popcount32(dom[at + kw] as number);
  return c;
}

/** Work arrays shared by every all-different propagator (propagation never re-enters one), grown on demand. */
const scratch = {
  stamp: 0,
  /** Visit marks for augmenting paths (equal to `stamp` when visited). */
  seen: new Int32Array(64),
  /** One-word path: successors of each matched value (values its owner can take instead), a bitmask over values. */
  succ: new Int32Array(32),
  /** One-word path: matched values the owner of each matched value may keep (its component). */
  keep: new Int32Array(32),
  /** One-word path: the domain of each variable position, read once per call. */
  doms: new Int32Array(32),
  /** One-word path: the variable position an augmenting search reached each value from. */
  from: new Int32Array(32),
  // Tarjan state over k variable nodes plus the sink (node k).
  index: new Int32Array(64),
  low: new Int32Array(64),
  comp: new Int32Array(64),
  stack: new Int32Array(64),
  onStack: new Uint8Array(64),
  hasFree: new Uint8Array(64),
  sp: 0,
  counter: 0,
  nComp: 0,
  /** Values matched inside each component, `w` words per component. */
  compVals: new Uint32Array(64),
};

function reserve(k: number, w: number): void {
  if (scratch.seen.length <= k) {
    const m = 2 * (k + 1);
    scratch.seen = new Int32Array(m);
    scratch.index = new Int32Array(m);
    scratch.low = new Int32Array(m);
    scratch.comp = new Int32Array(m);
    scratch.stack = new Int32Array(m);
    scratch.onStack = new Uint8Array(m);
    scratch.hasFree = new Uint8Array(m);
  }
  if (scratch.compVals.length < (k + 1) * w) scratch.compVals = new Uint32Array(2 * (k + 1) * w);
}

/**
 * `target` plus the values among `among` whose successors (bitmasks over values < 32) lead into it:
 * a backward fixpoint, usually reached in one or two passes.
 */
function reachingInto(succ: Int32Array, among: number, target: number): number {
  let into = target;
  for (let grew = true; grew; ) {
    grew = false;
    for (let cs = among & ~into; cs !== 0; cs &= cs - 1) {
      const bc = cs & -cs;
      if (((succ[31 - Math.clz32(bc)] as number) & into) !== 0) {
        into |= bc;
        grew = true;
      }
    }
  }
  return into;
}

/**
 * Régin's generalised arc consistency for all-different. A maximum matching var -> value is kept
 * between calls (only a hint: repaired from the current domains on every call, so backtracking
 * needs no undo). With every variable matched, value b of x (b matched to variable y) belongs to
 * some solution iff y can give b up: y reaches x in the graph "i -> j when M(j) ∈ dom(i)", or y
 * reaches a variable with a free value. Free values are always consistent.
 * With one-word domains, reachability is computed over the matched values as bitmasks; with more
 * words, Tarjan's algorithm on the graph plus a sink (var -> sink
 * when it has a free value, sink -> every var) turns both cases into "x and y in one strongly
 * connected component".
 */
export class AllDiffGac implements Propagator {
  readonly wake = WAKE_DOM;
  readonly cost = COST_EXPENSIVE;
  private readonly impossible: boolean;
  private readonly k: number;
  private readonly w: number;
  /**
   * The matching, in a slice of an engine-wide array (one allocation for all constraints: per
   * propagator typed arrays made posting sudoku's 27 constraints cost a third of solving it):
   * [valAt, valAt + k) matched value of each variable position (-1 none); [ownerAt, ownerAt + 32w)
   * variable position matched to each value (-1 none); then w words of the matched-values bitmask.
   */
  private readonly m: Int32Array;
  private readonly valAt: number;
  private readonly ownerAt: number;
  private readonly matchedAt: number;

  /** Words of matching state a propagator over k variables takes in the shared array. */
  static stateSize(k: number, words: number): number {
    return k + 33 * words;
  }

  constructor(
    readonly vars: Int32Array,
    words: number,
    state: Int32Array,
    at: number,
  ) {
    this.impossible = hasDuplicates(vars);
    const k = vars.length;
    this.k = k;
    this.w = words;
    this.m = state;
    this.valAt = at;
    this.ownerAt = at + k;
    this.matchedAt = at + k + 32 * words;
    // Plain loops: a TypedArray.fill call costs more than these few dozen words (27 per sudoku).
    for (let j = at; j < this.matchedAt; j++) state[j] = -1;
    for (let j = this.matchedAt; j < this.matchedAt + words; j++) state[j] = 0;
    reserve(k, words);
  }

  propagate(s: Store): boolean {
    if (this.impossible) return false;
    if (this.w === 1) return this.k <= 32 && this.repairOneWord(s.dom) && this.pruneOneWord(s);
    if (!this.repairMatching(s.dom)) return false;
    this.components(s.dom);
    this.prune(s);
    return true;
  }

  private match(i: number, b: number): void {
    const m = this.m;
    const old = m[this.valAt + i] as number;
    if (old >= 0) this.unmatchValue(old);
    m[this.valAt + i] = b;
    m[this.ownerAt + b] = i;
    m[this.matchedAt + (b >>> 5)] = (m[this.matchedAt + (b >>> 5)] as number) | (1 << (b & 31));
  }

  private unmatchValue(b: number): void {
    const m = this.m;
    m[this.ownerAt + b] = -1;
    m[this.matchedAt + (b >>> 5)] = (m[this.matchedAt + (b >>> 5)] as number) & ~(1 << (b & 31));
  }

  /** Drops matches no longer in the domains, then augments every unmatched variable; false when no matching covers all. */
  private repairMatching(dom: Uint32Array): boolean {
    const { k, w, vars, m, valAt } = this;
    for (let i = 0; i < k; i++) {
      const b = m[valAt + i] as number;
      if (b >= 0 && (((dom[(vars[i] as number) * w + (b >>> 5)] as number) >>> (b & 31)) & 1) === 0) {
        this.unmatchValue(b);
        m[valAt + i] = -1;
      }
    }
    for (let i = 0; i < k; i++) {
      if ((m[valAt + i] as number) >= 0) continue;
      scratch.stamp++;
      if (!this.augment(dom, i)) return false;
    }
    return true;
  }

  /** Kuhn's augmenting path from variable position i: a free value first, else displace an owner. */
  private augment(dom: Uint32Array, i: number): boolean {
    const { w, m, ownerAt, matchedAt } = this;
    const at = (this.vars[i] as number) * w;
    scratch.seen[i] = scratch.stamp;
    for (let kw = 0; kw < w; kw++) {
      const free = (dom[at + kw] as number) & ~(m[matchedAt + kw] as number);
      if (free !== 0) {
        this.match(i, kw * 32 + 31 - Math.clz32(free & -free));
        return true;
      }
    }
    for (let kw = 0; kw < w; kw++) {
      let rest = dom[at + kw] as number;
      while (rest !== 0) {
        const low = rest & -rest;
        rest ^= low;
        const b = kw * 32 + 31 - Math.clz32(low);
        const j = m[ownerAt + b] as number;
        if (j === i || scratch.seen[j] === scratch.stamp) continue;
        if (this.augment(dom, j)) {
          this.match(i, b);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * One-word domains: reads each position's domain into `scratch.doms` once, drops the matches no
   * longer in them, and re-matches each unmatched position by a breadth-first search over values
   * as bitmasks (the matching is only a hint: any maximum matching gives the same pruning).
   * False when some position cannot be matched.
   */
  private repairOneWord(dom: Uint32Array): boolean {
    const { k, vars, m, valAt, ownerAt, matchedAt } = this;
    const { doms, from } = scratch;
    let matched = m[matchedAt] as number;
    let unmatched = 0;
    for (let i = 0; i < k; i++) {
      const d = dom[vars[i] as number] as number;
      doms[i] = d;
      const b = m[valAt + i] as number;
      if (b < 0) unmatched |= 1 << i;
      else if (((d >>> b) & 1) === 0) {
        matched &= ~(1 << b);
        m[ownerAt + b] = -1;
        m[valAt + i] = -1;
        unmatched |= 1 << i;
      }
    }
    for (; unmatched !== 0; unmatched &= unmatched - 1) {
      const i = 31 - Math.clz32(unmatched & -unmatched);
      let seen = doms[i] as number;
      for (let f = seen; f !== 0; f &= f - 1) from[31 - Math.clz32(f & -f)] = i;
      let frontier = seen;
      let free = frontier & ~matched;
      // Each round moves one step along alternating paths: the owners of the frontier's values offer theirs.
      while (free === 0) {
        let next = 0;
        for (let f = frontier; f !== 0; f &= f - 1) {
          const j = m[ownerAt + 31 - Math.clz32(f & -f)] as number;
          const fresh = (doms[j] as number) & ~seen & ~next;
          for (let g = fresh; g !== 0; g &= g - 1) from[31 - Math.clz32(g & -g)] = j;
          next |= fresh;
        }
        if (next === 0) {
          m[matchedAt] = matched;
          return false;
        }
        seen |= next;
        frontier = next;
        free = frontier & ~matched;
      }
      // Flip the path back from the free value: each position takes the value it reached, giving up its own.
      let c = 31 - Math.clz32(free & -free);
      matched |= 1 << c;
      for (;;) {
        const j = from[c] as number;
        const prev = m[valAt + j] as number;
        m[valAt + j] = c;
        m[ownerAt + c] = j;
        if (j === i) break;
        c = prev;
      }
    }
    m[matchedAt] = matched;
    return true;
  }

  /**
   * One-word domains (every value below 32, so at most 32 variables can be matched): the nodes are
   * the matched values, value b standing for its owner, with b -> c when c is in dom(owner(b)).
   * Successor sets are then plain domain masks, and reachability is a few passes of mask
   * operations; no owner lookups. Var i keeps value c when c's owner reaches i (then both are in
   * one strongly connected component) or reaches a free value.
   */
  private pruneOneWord(s: Store): boolean {
    const { k, vars, m, valAt } = this;
    const dom = s.dom;
    const matched = m[this.matchedAt] as number;
    const { succ, keep, doms } = scratch;
    // Values whose owner has a free value, and values whose owner can take another matched value.
    let freeOwners = 0;
    let sources = 0;
    // The positions of the sources' owners (k <= 32 here: k values are matched).
    let owners = 0;
    for (let i = 0; i < k; i++) {
      const d = doms[i] as number;
      const b = m[valAt + i] as number;
      const bit = 1 << b;
      if ((d & ~matched) !== 0) freeOwners |= bit;
      const next = d & matched & ~bit;
      succ[b] = next;
      if (next !== 0) {
        sources |= bit;
        owners |= 1 << i;
      }
    }
    // Only owners of sources may lose values.
    if (sources === 0) return true;
    // Values anyone may keep: their owner reaches a free value and can give its own value up.
    const anyKeep = freeOwners === 0 ? 0 : reachingInto(succ, sources, freeOwners);
    // Strongly connected components of the sources: what the lowest source left reaches and that
    // reaches it back. A source keeps exactly the matched values of its component (its edges to
    // other components are the unsupported values).
    for (let left = sources; left !== 0; ) {
      const bb = left & -left;
      let ahead = 0;
      for (let todo = bb; todo !== 0; ) {
        const bc = todo & -todo;
        const next = (succ[31 - Math.clz32(bc)] as number) & ~ahead;
        ahead |= next;
        todo = (todo ^ bc) | (next & sources);
      }
      const comp = reachingInto(succ, ahead & left & ~bb, bb);
      left &= ~comp;
      for (let cs = comp; cs !== 0; cs &= cs - 1) keep[31 - Math.clz32(cs & -cs)] = comp;
    }
    // By increasing position, so variables are touched in the order the other prune path uses.
    for (let is = owners; is !== 0; is &= is - 1) {
      const i = 31 - Math.clz32(is & -is);
      const x = vars[i] as number;
      const old = dom[x] as number;
      const kept = (old & (~matched | (keep[m[valAt + i] as number] as number) | anyKeep)) >>> 0;
      if (kept !== old) {
        s.setWord(x, kept);
        s.touch(x);
      }
    }
    return true;
  }

  /** Strongly connected components of the alternating graph (with the sink when a free value exists). */
  private components(dom: Uint32Array): void {
    const { k, w, vars, m, valAt, matchedAt } = this;
    const { index, onStack, hasFree } = scratch;
    let anyFree = 0;
    for (let i = 0; i < k; i++) {
      const at = (vars[i] as number) * w;
      let f = 0;
      for (let kw = 0; kw < w; kw++) f |= (dom[at + kw] as number) & ~(m[matchedAt + kw] as number);
      hasFree[i] = f !== 0 ? 1 : 0;
      anyFree |= f;
    }
    const nodes = anyFree !== 0 ? k + 1 : k;
    index.fill(-1, 0, nodes);
    onStack.fill(0, 0, nodes);
    scratch.sp = 0;
    scratch.counter = 0;
    scratch.nComp = 0;
    for (let v = 0; v < nodes; v++) if ((index[v] as number) < 0) this.strong(dom, v);
    const compVals = scratch.compVals;
    compVals.fill(0, 0, scratch.nComp * w);
    for (let i = 0; i < k; i++) {
      const b = m[valAt + i] as number;
      const c = (scratch.comp[i] as number) * w + (b >>> 5);
      compVals[c] = (compVals[c] as number) | (1 << (b & 31));
    }
  }

  private strong(dom: Uint32Array, v: number): void {
    const { k, w, m, ownerAt, matchedAt } = this;
    const { index, low, onStack, stack } = scratch;
    index[v] = low[v] = scratch.counter++;
    stack[scratch.sp++] = v;
    onStack[v] = 1;
    if (v === k) {
      // The sink reaches every variable.
      for (let j = 0; j < k; j++) this.edge(dom, v, j);
    } else {
      const at = (this.vars[v] as number) * w;
      const mine = m[this.valAt + v] as number;
      for (let kw = 0; kw < w; kw++) {
        let rest = (dom[at + kw] as number) & (m[matchedAt + kw] as number);
        while (rest !== 0) {
          const bit = rest & -rest;
          rest ^= bit;
          const b = kw * 32 + 31 - Math.clz32(bit);
          if (b !== mine) this.edge(dom, v, m[ownerAt + b] as number);
        }
      }
      if (scratch.hasFree[v] === 1) this.edge(dom, v, k);
    }
    if (low[v] === index[v]) {
      let u: number;
      do {
        u = stack[--scratch.sp] as number;
        onStack[u] = 0;
        scratch.comp[u] = scratch.nComp;
      } while (u !== v);
      scratch.nComp++;
    }
  }

  private edge(dom: Uint32Array, v: number, u: number): void {
    const { index, low } = scratch;
    if ((index[u] as number) < 0) {
      this.strong(dom, u);
      if ((low[u] as number) < (low[v] as number)) low[v] = low[u] as number;
    } else if (scratch.onStack[u] === 1 && (index[u] as number) < (low[v] as number)) low[v] = index[u] as number;
  }

  /** Keeps, for each variable, its free values and the values matched inside its component. */
  private prune(s: Store): void {
    const { k, w, vars, m, matchedAt } = this;
    const { comp, compVals } = scratch;
    const dom = s.dom;
    for (let i = 0; i < k; i++) {
      const x = vars[i] as number;
      const c = (comp[i] as number) * w;
      for (let kw = 0; kw < w; kw++) {
        const old = dom[x * w + kw] as number;
        const keep = (old & (~(m[matchedAt + kw] as number) | (compVals[c + kw] as number))) >>> 0;
        if (keep !== old) {
          s.setWord(x * w + kw, keep);
          s.touch(x);
        }
      }
    }
  }
}
