import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/** Widest union of initial domains that gets Régin's filtering; wider ones get fixed-value elimination. */
export const ALLDIFF_MATCHING_SPAN = 1 << 16;

/** Epochs and stamps restart below this (typed-array counters). */
const STAMP_LIMIT = 2 ** 30;

/**
 * Work arrays shared by every AllDifferent (propagation never re-enters a propagator), sized to the
 * widest value span posted, so a propagator itself holds O(n): which position owns each value in
 * the current call (valid where `ownerEpoch` is the call's epoch) and augmenting-path visit stamps.
 */
const scratch = { owner: new Int32Array(0), ownerEpoch: new Int32Array(0), seen: new Int32Array(0), epoch: 0, stamp: 0 };

function reserve(span: number): void {
  if (scratch.owner.length >= span) return;
  scratch.owner = new Int32Array(span);
  scratch.ownerEpoch = new Int32Array(span);
  scratch.seen = new Int32Array(span);
  scratch.epoch = 0;
  scratch.stamp = 0;
}

/**
 * all_different over CP store variables: Régin's filtering (a maximum matching of positions to
 * values, kept between calls as a hint and repaired by augmenting paths; then every value whose
 * edge lies on no alternating cycle and on no alternating path to a free value is removed).
 *
 * The graph is condensed to positions: i → j when position i can take the value j is matched to;
 * a value matched to j stays in i's domain iff i and j share a strongly connected component, or j
 * reaches a position with a free value in its domain. Components come from an iterative Tarjan
 * that also carries that reachability, so one pass suffices.
 *
 * Domain consistent when every variable is a bitmask and the union of the initial domains spans
 * at most ALLDIFF_MATCHING_SPAN values; on interval variables the same filtering runs on their
 * hulls (so the bounds become consistent). Over a wider union, the values of fixed variables leave
 * the others (still exact on full assignments). Written for the CP store rather than shared with
 * solver/search/propagators/alldiff.ts, which works on that engine's word-per-domain layout.
 */
export class AllDifferent implements CpPropagator {
  private readonly n: number;
  /** Smallest value of the union of initial domains; values are indexed from it. */
  private readonly base: number;
  /** False when the union is too wide for the matching (then wake it on EV_FIX only; EV_DOMAIN otherwise). */
  readonly matching: boolean;
  /** Each position's matched value index (a hint across backtracks: one whose value left the domain is dropped). */
  private readonly varMatch: Int32Array;
  // Tarjan state per position; `rf` = reaches a free value, per position then per component.
  private readonly order: Int32Array;
  private readonly low: Int32Array;
  private readonly comp: Int32Array;
  private readonly stack: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly rf: Uint8Array;
  private readonly compRf: Uint8Array;
  /** Depth-first stacks (Tarjan's and the augmenting paths'): positions, and each one's next value to try. */
  private readonly calls: Int32Array;
  private readonly cursor: Float64Array;
  /** Augmenting path: the value index through which each position on it was left. */
  private readonly through: Int32Array;

  constructor(
    s: IntStore,
    readonly vars: Int32Array,
  ) {
    const n = vars.length;
    this.n = n;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of vars) {
      lo = Math.min(lo, s.min(v));
      hi = Math.max(hi, s.max(v));
    }
    this.base = lo;
    const span = n === 0 ? 0 : hi - lo + 1;
    this.matching = span <= ALLDIFF_MATCHING_SPAN;
    const m = this.matching ? span : 0;
    const k = this.matching ? n : 0;
    this.varMatch = new Int32Array(k).fill(-1);
    reserve(m);
    this.order = new Int32Array(k);
    this.low = new Int32Array(k);
    this.comp = new Int32Array(k);
    this.stack = new Int32Array(k);
    this.onStack = new Uint8Array(k);
    this.rf = new Uint8Array(k);
    this.compRf = new Uint8Array(k);
    this.calls = new Int32Array(k);
    this.cursor = new Float64Array(k);
    this.through = new Int32Array(k);
  }

  propagate(s: IntStore): boolean {
    if (!this.matching) return this.eliminateFixed(s);
    if (!this.match(s)) return false;
    this.components(s);
    const { vars, base, comp, compRf } = this;
    for (let i = 0; i < this.n; i++) {
      const v = vars[i] as number;
      const mine = base + (this.varMatch[i] as number);
      for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) {
        if (x === mine) continue;
        const j = this.ownerOf(x - base);
        if (j < 0 || comp[j] === comp[i] || compRf[comp[j] as number]) continue;
        if (!s.remove(v, x)) return false;
      }
    }
    return true;
  }

  /** The position matched to value index k in this call, or −1. */
  private ownerOf(k: number): number {
    return scratch.ownerEpoch[k] === scratch.epoch ? (scratch.owner[k] as number) : -1;
  }

  private own(k: number, i: number): void {
    scratch.owner[k] = i;
    scratch.ownerEpoch[k] = scratch.epoch;
  }

  /** Completes the matching; false when some position cannot be matched (Hall set violated). */
  private match(s: IntStore): boolean {
    const { vars, base, varMatch } = this;
    if (++scratch.epoch === STAMP_LIMIT) {
      scratch.ownerEpoch.fill(0);
      scratch.epoch = 1;
    }
    for (let i = 0; i < this.n; i++) {
      const k = varMatch[i] as number;
      if (k < 0) continue;
      if (s.contains(vars[i] as number, base + k)) this.own(k, i);
      else varMatch[i] = -1;
    }
    for (let i = 0; i < this.n; i++) {
      if ((varMatch[i] as number) >= 0) continue;
      if (++scratch.stamp === STAMP_LIMIT) {
        scratch.seen.fill(0);
        scratch.stamp = 1;
      }
      if (!this.augment(s, i)) return false;
    }
    return true;
  }

  /**
   * Depth-first augmenting path from position i, iterative (a path can be n long): `calls` holds
   * the positions on the path, `cursor` each one's next value to try, `through` the value that led
   * to the next position (the one it will take when the path is flipped).
   */
  private augment(s: IntStore, i: number): boolean {
    const { vars, base, varMatch, calls, cursor, through } = this;
    const { seen, stamp } = scratch;
    let d = 0;
    calls[0] = i;
    cursor[0] = s.min(vars[i] as number);
    while (d >= 0) {
      const p = calls[d] as number;
      const v = vars[p] as number;
      let x = cursor[d] as number;
      let descended = false;
      for (; x !== Infinity; x = s.next(v, x)) {
        const k = x - base;
        if (seen[k] === stamp) continue;
        seen[k] = stamp;
        const j = this.ownerOf(k);
        if (j < 0) {
          // A free value: every position on the path takes the value that led past it.
          through[d] = k;
          for (let e = d; e >= 0; e--) {
            const q = calls[e] as number;
            const kk = through[e] as number;
            varMatch[q] = kk;
            this.own(kk, q);
          }
          return true;
        }
        cursor[d] = s.next(v, x);
        through[d] = k;
        calls[++d] = j;
        cursor[d] = s.min(vars[j] as number);
        descended = true;
        break;
      }
      if (!descended) d--;
    }
    return false;
  }

  /** Tarjan's components of the position graph, with `compRf`: the component reaches a free value. */
  private components(s: IntStore): void {
    const { vars, base, order, low, comp, stack, onStack, rf, compRf, calls, cursor } = this;
    order.fill(-1);
    rf.fill(0);
    let counter = 0;
    let sp = 0;
    let nComp = 0;
    for (let root = 0; root < this.n; root++) {
      if ((order[root] as number) >= 0) continue;
      let cs = 0;
      calls[0] = root;
      cursor[root] = s.min(vars[root] as number);
      order[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = 1;
      while (cs >= 0) {
        const i = calls[cs] as number;
        const v = vars[i] as number;
        let x = cursor[i] as number;
        let descended = false;
        while (x !== Infinity) {
          const next = s.next(v, x);
          const j = this.ownerOf(x - base);
          if (j < 0) rf[i] = 1;
          else if (j !== i) {
            if ((order[j] as number) < 0) {
              cursor[i] = next;
              calls[++cs] = j;
              cursor[j] = s.min(vars[j] as number);
              order[j] = low[j] = counter++;
              stack[sp++] = j;
              onStack[j] = 1;
              descended = true;
              break;
            }
            if (onStack[j]) low[i] = Math.min(low[i] as number, order[j] as number);
            else rf[i] = (rf[i] as number) | (compRf[comp[j] as number] as number);
          }
          x = next;
        }
        if (descended) continue;
        if (low[i] === order[i]) {
          let reaches = 0;
          let w: number;
          do {
            w = stack[--sp] as number;
            onStack[w] = 0;
            comp[w] = nComp;
            reaches |= rf[w] as number;
          } while (w !== i);
          compRf[nComp++] = reaches;
        }
        cs--;
        if (cs >= 0) {
          const parent = calls[cs] as number;
          if (onStack[i]) low[parent] = Math.min(low[parent] as number, low[i] as number);
          else rf[parent] = (rf[parent] as number) | (compRf[comp[i] as number] as number);
        }
      }
    }
  }

  /** The fallback over wide unions: each fixed value leaves every other variable (a newly fixed one wakes this again). */
  private eliminateFixed(s: IntStore): boolean {
    const { vars } = this;
    for (let i = 0; i < this.n; i++) {
      const vi = vars[i] as number;
      if (!s.isFixed(vi)) continue;
      const x = s.value(vi);
      for (let j = 0; j < this.n; j++) if (j !== i && !s.remove(vars[j] as number, x)) return false;
    }
    return true;
  }
}
