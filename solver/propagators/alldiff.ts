import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, COST_EXPENSIVE, WAKE_DOM, WAKE_FIX } from './propagator.js';

export type AllDiffLevel = 'gac' | 'decomposed';

/** Posts all-different at the requested consistency level. */
export function postAllDiff(vars: Int32Array, level: AllDiffLevel, words: number): Propagator {
  return level === 'gac' ? new AllDiffGac(vars, words) : new AllDiffDecomposed(vars);
}

function hasDuplicates(vars: Int32Array): boolean {
  return new Set(vars).size !== vars.length;
}

/**
 * The pairwise not-equal decomposition as one propagator: a fixed variable's value leaves every
 * other variable, repeated until no new variable gets fixed (the arc-consistency fixpoint of the
 * k(k-1)/2 not-equal constraints, the same one the arc program reaches).
 */
export class AllDiffDecomposed implements Propagator {
  readonly vars: Int32Array;
  readonly wake = WAKE_FIX;
  readonly cost = COST_CHEAP;
  /** A variable listed twice must differ from itself. */
  private readonly impossible: boolean;

  constructor(vars: Int32Array) {
    this.impossible = hasDuplicates(vars);
    this.vars = Int32Array.from(new Set(vars));
  }

  propagate(s: Store): boolean {
    if (this.impossible) return false;
    const vars = this.vars;
    const k = vars.length;
    let again = true;
    while (again) {
      again = false;
      for (let i = 0; i < k; i++) {
        const a = s.fixedValue(vars[i] as number);
        if (a === -2) return false;
        if (a < 0) continue;
        for (let j = 0; j < k; j++) {
          const y = vars[j] as number;
          if (j === i || !s.has(y, a)) continue;
          if (!s.remove(y, a)) return false;
          if (s.fixedValue(y) >= 0) again = true;
        }
      }
    }
    return true;
  }
}

/**
 * Régin's generalised arc consistency for all-different. A maximum matching var -> value is kept
 * between calls (only a hint: repaired from the current domains on every call, so backtracking
 * needs no undo). With every variable matched, value b of x (b matched to variable y) belongs to
 * some solution iff y can give b up: y reaches x in the graph "i -> j when M(j) ∈ dom(i)", or y
 * reaches a variable with a free value. A sink node with edges var -> sink (has a free value) and
 * sink -> every var turns both cases into "x and y in one strongly connected component".
 * Free values are always consistent. Tarjan's algorithm finds the components.
 */
export class AllDiffGac implements Propagator {
  readonly vars: Int32Array;
  readonly wake = WAKE_DOM;
  readonly cost = COST_EXPENSIVE;
  private readonly impossible: boolean;
  private readonly k: number;
  private readonly w: number;
  /** Matched value of each variable position, -1 none. */
  private readonly valOf: Int32Array;
  /** Variable position matched to each value, -1 none. */
  private readonly owner: Int32Array;
  /** Bitmask of matched values. */
  private readonly matched: Uint32Array;
  /** Visit marks for augmenting paths (equal to `stamp` when visited). */
  private readonly seen: Int32Array;
  private stamp = 0;
  // Tarjan state over k variable nodes plus the sink (node k).
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly comp: Int32Array;
  private readonly stack: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly hasFree: Uint8Array;
  private sp = 0;
  private counter = 0;
  private nComp = 0;
  /** Values matched inside each component, `w` words per component. */
  private readonly compVals: Uint32Array;

  constructor(vars: Int32Array, words: number) {
    this.impossible = hasDuplicates(vars);
    this.vars = Int32Array.from(new Set(vars));
    const k = this.vars.length;
    this.k = k;
    this.w = words;
    this.valOf = new Int32Array(k).fill(-1);
    this.owner = new Int32Array(words * 32).fill(-1);
    this.matched = new Uint32Array(words);
    this.seen = new Int32Array(k);
    this.index = new Int32Array(k + 1);
    this.low = new Int32Array(k + 1);
    this.comp = new Int32Array(k + 1);
    this.stack = new Int32Array(k + 1);
    this.onStack = new Uint8Array(k + 1);
    this.hasFree = new Uint8Array(k);
    this.compVals = new Uint32Array((k + 1) * words);
  }

  propagate(s: Store): boolean {
    if (this.impossible) return false;
    if (!this.repairMatching(s.dom)) return false;
    this.components(s.dom);
    this.prune(s);
    return true;
  }

  private match(i: number, b: number): void {
    const old = this.valOf[i] as number;
    if (old >= 0) this.unmatchValue(old);
    this.valOf[i] = b;
    this.owner[b] = i;
    this.matched[b >>> 5] = (this.matched[b >>> 5] as number) | (1 << (b & 31));
  }

  private unmatchValue(b: number): void {
    this.owner[b] = -1;
    this.matched[b >>> 5] = (this.matched[b >>> 5] as number) & ~(1 << (b & 31));
  }

  /** Drops matches no longer in the domains, then augments every unmatched variable; false when no matching covers all. */
  private repairMatching(dom: Uint32Array): boolean {
    const { k, w, vars, valOf } = this;
    for (let i = 0; i < k; i++) {
      const b = valOf[i] as number;
      if (b >= 0 && (((dom[(vars[i] as number) * w + (b >>> 5)] as number) >>> (b & 31)) & 1) === 0) {
        this.unmatchValue(b);
        valOf[i] = -1;
      }
    }
    for (let i = 0; i < k; i++) {
      if ((valOf[i] as number) >= 0) continue;
      this.stamp++;
      if (!this.augment(dom, i)) return false;
    }
    return true;
  }

  /** Kuhn's augmenting path from variable position i: a free value first, else displace an owner. */
  private augment(dom: Uint32Array, i: number): boolean {
    const { w, matched, owner } = this;
    const at = (this.vars[i] as number) * w;
    this.seen[i] = this.stamp;
    for (let kw = 0; kw < w; kw++) {
      const free = (dom[at + kw] as number) & ~(matched[kw] as number);
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
        const j = owner[b] as number;
        if (j === i || this.seen[j] === this.stamp) continue;
        if (this.augment(dom, j)) {
          this.match(i, b);
          return true;
        }
      }
    }
    return false;
  }

  /** Strongly connected components of the alternating graph (with the sink when a free value exists). */
  private components(dom: Uint32Array): void {
    const { k, w, vars, matched, index, onStack, hasFree } = this;
    let anyFree = 0;
    for (let i = 0; i < k; i++) {
      const at = (vars[i] as number) * w;
      let f = 0;
      for (let kw = 0; kw < w; kw++) f |= (dom[at + kw] as number) & ~(matched[kw] as number);
      hasFree[i] = f !== 0 ? 1 : 0;
      anyFree |= f;
    }
    const nodes = anyFree !== 0 ? k + 1 : k;
    index.fill(-1, 0, nodes);
    onStack.fill(0, 0, nodes);
    this.sp = 0;
    this.counter = 0;
    this.nComp = 0;
    for (let v = 0; v < nodes; v++) if ((index[v] as number) < 0) this.strong(dom, v);
    this.compVals.fill(0, 0, this.nComp * w);
    for (let i = 0; i < k; i++) {
      const b = this.valOf[i] as number;
      const c = (this.comp[i] as number) * w + (b >>> 5);
      this.compVals[c] = (this.compVals[c] as number) | (1 << (b & 31));
    }
  }

  private strong(dom: Uint32Array, v: number): void {
    const { k, w, index, low, onStack, stack } = this;
    index[v] = low[v] = this.counter++;
    stack[this.sp++] = v;
    onStack[v] = 1;
    if (v === k) {
      // The sink reaches every variable.
      for (let j = 0; j < k; j++) this.edge(dom, v, j);
    } else {
      const at = (this.vars[v] as number) * w;
      const mine = this.valOf[v] as number;
      for (let kw = 0; kw < w; kw++) {
        let rest = (dom[at + kw] as number) & (this.matched[kw] as number);
        while (rest !== 0) {
          const low2 = rest & -rest;
          rest ^= low2;
          const b = kw * 32 + 31 - Math.clz32(low2);
          if (b !== mine) this.edge(dom, v, this.owner[b] as number);
        }
      }
      if (this.hasFree[v] === 1) this.edge(dom, v, k);
    }
    if (low[v] === index[v]) {
      let u: number;
      do {
        u = stack[--this.sp] as number;
        onStack[u] = 0;
        this.comp[u] = this.nComp;
      } while (u !== v);
      this.nComp++;
    }
  }

  private edge(dom: Uint32Array, v: number, u: number): void {
    const { index, low } = this;
    if ((index[u] as number) < 0) {
      this.strong(dom, u);
      if ((low[u] as number) < (low[v] as number)) low[v] = low[u] as number;
    } else if (this.onStack[u] === 1 && (index[u] as number) < (low[v] as number)) low[v] = index[u] as number;
  }

  /** Keeps, for each variable, its free values and the values matched inside its component. */
  private prune(s: Store): void {
    const { k, w, vars, matched, comp, compVals } = this;
    const dom = s.dom;
    for (let i = 0; i < k; i++) {
      const x = vars[i] as number;
      const c = (comp[i] as number) * w;
      for (let kw = 0; kw < w; kw++) {
        const old = dom[x * w + kw] as number;
        const keep = (old & (~(matched[kw] as number) | (compVals[c + kw] as number))) >>> 0;
        if (keep !== old) {
          dom[x * w + kw] = keep;
          s.touch(x);
        }
      }
    }
  }
}
