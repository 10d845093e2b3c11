import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { propagateValueCount } from './count.js';
import { slotOf } from './sorted-slot.js';

/**
 * `fzn_global_cardinality(x, cover, counts)`: counts[j] = #{i : x[i] = cover[j]} for each j; values
 * outside cover are free. Each cover value is counted exactly (propagateValueCount: domain
 * consistent for that one count). When the cover values are distinct, a variable serves at most one
 * count, so each count is at most n minus the others' minima; when moreover every variable can only
 * take cover values, each count is at least n minus the others' maxima. Not the full flow-based
 * filtering of Régin's gcc.
 */
export class GlobalCardinality implements CpPropagator {
  private readonly distinct: boolean;
  /** The cover values, sorted (for "is this value covered"). */
  private readonly sorted: Float64Array;

  constructor(
    readonly x: Int32Array,
    readonly cover: Int32Array,
    readonly counts: Int32Array,
  ) {
    this.distinct = new Set(cover).size === cover.length;
    this.sorted = Float64Array.from(cover).sort();
  }

  propagate(s: IntStore): boolean {
    const { x, cover, counts } = this;
    for (let j = 0; j < cover.length; j++) if (!propagateValueCount(s, x, cover[j] as number, counts[j] as number)) return false;
    if (!this.distinct) return true;
    let sumMin = 0;
    let sumMax = 0;
    for (let j = 0; j < counts.length; j++) {
      sumMin += s.min(counts[j] as number);
      sumMax += s.max(counts[j] as number);
    }
    const n = x.length;
    const closed = this.allCovered(s);
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j] as number;
      const lo = s.min(c);
      const hi = s.max(c);
      if (!s.setMax(c, n - (sumMin - lo))) return false;
      if (closed && !s.setMin(c, n - (sumMax - hi))) return false;
    }
    return true;
  }

  /** Whether every variable's values are all cover values. */
  private allCovered(s: IntStore): boolean {
    for (let i = 0; i < this.x.length; i++) {
      const v = this.x[i] as number;
      if (s.domSize(v) > this.sorted.length) return false;
      for (let a = s.min(v); a !== Infinity; a = s.next(v, a)) if (slotOf(this.sorted, a) < 0) return false;
    }
    return true;
  }
}
