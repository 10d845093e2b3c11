import type { IntSet } from '../../formats/flatzinc/index.js';
import { EV_BOUNDS, EV_DOMAIN, EV_FIX, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';
import { lowerSlot } from './sorted-slot.js';

/**
 * x ∈ S for a constant set S, alone (set_in), reified (r ⇔ x ∈ S, set_in_reif) or half-reified
 * (r ⇒ x ∈ S, set_in_imp). S is held as maximal disjoint intervals. On a bitmask variable the
 * domain is ANDed with a mask of S (or of its complement) over the span x had when posted, one
 * word at a time (IntStore.intersect): domain consistent. On an interval variable, whose holes the
 * store cannot hold, x's bounds move to the nearest values of S (or out of S): bounds consistent.
 */
export class SetIn implements CpPropagator {
  /** S as intervals lo[k]..hi[k], ascending, separated by at least one value. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** For a bitmask x: S and its complement as masks from `base` (x's minimum when posted), `words` long. */
  private readonly base: number;
  private readonly words: number;
  private readonly inMask: Uint32Array;
  private readonly outMask: Uint32Array;

  constructor(
    s: IntStore,
    private readonly x: number,
    set: IntSet,
    /** The Boolean r, or −1 for plain x ∈ S. */
    private readonly r: number,
    /** True for r ⇔ x ∈ S, false for r ⇒ x ∈ S. */
    private readonly reified: boolean,
  ) {
    [this.lo, this.hi] = intervals(set);
    this.base = s.min(x);
    this.words = s.hasWindow(x) ? ((s.max(x) - this.base) >>> 5) + 1 : 0;
    this.inMask = new Uint32Array(this.words);
    for (let k = 0; k < this.lo.length; k++) {
      const from = Math.max(this.lo[k] as number, this.base) - this.base;
      const to = Math.min(this.hi[k] as number, this.base + this.words * 32 - 1) - this.base;
      for (let i = from; i <= to; i++) this.inMask[i >>> 5] = ((this.inMask[i >>> 5] as number) | (1 << (i & 31))) >>> 0;
    }
    this.outMask = this.inMask.map((w) => ~w >>> 0);
  }

  propagate(s: IntStore): boolean {
    const r = this.r;
    if (r < 0 || (s.isFixed(r) && s.value(r) === 1)) return this.keep(s, true);
    if (s.isFixed(r)) return this.reified ? this.keep(s, false) : true;
    const x = this.x;
    let anyIn: boolean;
    let anyOut: boolean;
    if (this.words > 0) {
      anyIn = false;
      anyOut = false;
      for (let v = s.min(x); v <= s.max(x) && !(anyIn && anyOut); v = s.next(x, v)) {
        const k = v - this.base;
        if ((((this.inMask[k >>> 5] as number) >>> (k & 31)) & 1) === 1) anyIn = true;
        else anyOut = true;
      }
    } else {
      const k = this.firstEndingFrom(s.min(x));
      anyIn = k < this.lo.length && (this.lo[k] as number) <= s.max(x);
      anyOut = !anyIn || (this.lo[k] as number) > s.min(x) || (this.hi[k] as number) < s.max(x);
    }
    if (!anyIn) return s.fix(r, 0);
    if (!anyOut && this.reified) return s.fix(r, 1);
    return true;
  }

  /** Narrows x to S (`inside`) or to its complement. */
  private keep(s: IntStore, inside: boolean): boolean {
    const x = this.x;
    if (this.words > 0) return s.intersect(x, inside ? this.inMask : this.outMask, 0, this.base, this.words);
    const n = this.lo.length;
    if (inside) {
      const a = this.firstEndingFrom(s.min(x));
      if (a === n || !s.setMin(x, Math.max(s.min(x), this.lo[a] as number))) return false;
      const b = this.firstEndingFrom(s.max(x));
      // The last interval starting at or below max(x).
      const c = b < n && (this.lo[b] as number) <= s.max(x) ? b : b - 1;
      return c >= 0 && s.setMax(x, Math.min(s.max(x), this.hi[c] as number));
    }
    const a = this.firstEndingFrom(s.min(x));
    if (a < n && (this.lo[a] as number) <= s.min(x) && !s.setMin(x, (this.hi[a] as number) + 1)) return false;
    const b = this.firstEndingFrom(s.max(x));
    return !(b < n && (this.lo[b] as number) <= s.max(x) && !s.setMax(x, (this.lo[b] as number) - 1));
  }

  /** The first interval whose end is ≥ v (n when none), by binary search. */
  private firstEndingFrom(v: number): number {
    return lowerSlot(this.hi, 0, this.hi.length, v);
  }
}

/** S as maximal intervals (lo, hi). */
function intervals(set: IntSet): [Float64Array, Float64Array] {
  if (set.kind === 'range')
    return set.min > set.max ? [new Float64Array(0), new Float64Array(0)] : [Float64Array.of(set.min), Float64Array.of(set.max)];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const v of set.values) {
    if (hi.length > 0 && hi[hi.length - 1] === v - 1) hi[hi.length - 1] = v;
    else {
      lo.push(v);
      hi.push(v);
    }
  }
  return [Float64Array.from(lo), Float64Array.from(hi)];
}

/**
 * Posts x ∈ S (r = −1), r ⇔ x ∈ S or r ⇒ x ∈ S. Plain x ∈ S on a bitmask variable runs once: after
 * its AND the domain stays inside S; on an interval variable it is woken when a bound moves.
 */
export function postSetIn(space: Space, x: number, set: IntSet, r = -1, reified = true): number {
  const id = space.post(new SetIn(space.store, x, set, r, reified));
  const wide = !space.store.hasWindow(x);
  if (r >= 0) {
    space.watch(id, x, wide ? EV_BOUNDS : EV_DOMAIN);
    space.watch(id, r, EV_FIX);
  } else if (wide) space.watch(id, x, EV_BOUNDS);
  return id;
}
