import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { COUNT_FAIL, COUNT_NONE_MORE, COUNT_OPEN, narrowCount } from './count.js';
import { lowerSlot } from './sorted-slot.js';

/**
 * `fzn_among(n, x, S)`: n = #{i : x[i] ∈ S} for a constant set S, held as sorted disjoint ranges
 * (so a wide range costs nothing). Domain consistent on n and on bitmask x; on an interval x[i]
 * the bounds move past S (or into it) and a fixed value is counted exactly.
 */
export class Among implements CpPropagator {
  /** S as ranges lo[k]..hi[k], sorted, disjoint and not adjacent. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;

  /** `ranges` is S as lo..hi pairs, sorted by lo and not overlapping. */
  constructor(
    readonly n: number,
    readonly x: Int32Array,
    ranges: readonly (readonly [number, number])[],
  ) {
    const lo: number[] = [];
    const hi: number[] = [];
    for (const [a, b] of ranges) {
      if (a > b) continue;
      if (hi.length > 0 && hi[hi.length - 1] === a - 1) hi[hi.length - 1] = b;
      else {
        lo.push(a);
        hi.push(b);
      }
    }
    this.lo = Float64Array.from(lo);
    this.hi = Float64Array.from(hi);
  }

  propagate(s: IntStore): boolean {
    const { x } = this;
    let sure = 0;
    let possible = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      if (this.meets(s, xi)) {
        possible++;
        if (this.within(s, xi)) sure++;
      }
    }
    const verdict = narrowCount(s, this.n, sure, possible);
    if (verdict === COUNT_FAIL) return false;
    if (verdict === COUNT_OPEN || sure === possible) return true;
    const keepIn = verdict !== COUNT_NONE_MORE;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      if (this.meets(s, xi) && !this.within(s, xi) && !this.restrict(s, xi, keepIn)) return false;
    }
    return true;
  }

  /** The range of S holding x, or −1. */
  private rangeOf(x: number): number {
    const k = this.rangeFrom(x);
    return k < this.lo.length && (this.lo[k] as number) <= x ? k : -1;
  }

  /** The first range of S ending at or after x (the count of ranges when none). */
  private rangeFrom(x: number): number {
    return lowerSlot(this.hi, 0, this.hi.length, x);
  }

  /** Whether v's domain meets S. */
  private meets(s: IntStore, v: number): boolean {
    if (!s.hasWindow(v)) {
      const k = this.rangeFrom(s.min(v));
      return k < this.lo.length && (this.lo[k] as number) <= s.max(v);
    }
    for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) if (this.rangeOf(x) >= 0) return true;
    return false;
  }

  /** Whether v's domain lies inside S. */
  private within(s: IntStore, v: number): boolean {
    if (!s.hasWindow(v)) {
      const k = this.rangeOf(s.min(v));
      return k >= 0 && s.max(v) <= (this.hi[k] as number);
    }
    for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) if (this.rangeOf(x) < 0) return false;
    return true;
  }

  /** Keeps v's values inside S (keepIn) or outside it. */
  private restrict(s: IntStore, v: number, keepIn: boolean): boolean {
    if (s.hasWindow(v)) {
      for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) if (this.rangeOf(x) >= 0 !== keepIn && !s.remove(v, x)) return false;
      return true;
    }
    // An interval: only its bounds can move, to the nearest value on the kept side.
    let lo = s.min(v);
    let hi = s.max(v);
    if (keepIn) {
      if (this.rangeOf(lo) < 0) {
        const k = this.rangeFrom(lo);
        lo = k < this.lo.length ? (this.lo[k] as number) : Infinity;
      }
      if (this.rangeOf(hi) < 0) {
        const k = this.rangeFrom(hi) - 1;
        hi = k >= 0 ? (this.hi[k] as number) : -Infinity;
      }
    } else {
      const a = this.rangeOf(lo);
      if (a >= 0) lo = (this.hi[a] as number) + 1;
      const b = this.rangeOf(hi);
      if (b >= 0) hi = (this.lo[b] as number) - 1;
    }
    return s.setMin(v, lo) && s.setMax(v, hi);
  }
}
