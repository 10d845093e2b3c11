import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { propagateValueCount } from './count.js';

/**
 * `fzn_global_cardinality(x, cover, counts)`: counts[j] = #{i : x[i] = cover[j]} for each j; values
 * outside cover are free. Each cover value is counted exactly (propagateValueCount: domain
 * consistent for that one count), and, when the cover values are distinct (a variable then serves
 * one count), the counts' lower bounds together may not exceed the number of variables. Not the
 * full matching filtering of Régin's gcc.
 */
export class GlobalCardinality implements CpPropagator {
  private readonly distinct: boolean;

  constructor(
    readonly x: Int32Array,
    readonly cover: Int32Array,
    readonly counts: Int32Array,
  ) {
    this.distinct = new Set(cover).size === cover.length;
  }

  propagate(s: IntStore): boolean {
    let least = 0;
    for (let j = 0; j < this.cover.length; j++) {
      const c = this.counts[j] as number;
      if (!propagateValueCount(s, this.x, this.cover[j] as number, c)) return false;
      least += s.min(c);
    }
    return !this.distinct || least <= this.x.length;
  }
}
