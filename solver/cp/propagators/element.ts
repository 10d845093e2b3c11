import { EV_DOMAIN, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';
import { slotOf } from './sorted-slot.js';

/**
 * c = table[b] for a constant table, b 1-based (array_int_element, array_bool_element). Domain
 * consistent on bitmask variables: b keeps the indices whose entry c can take, c the entries some
 * index of b gives; an interval variable gets the bounds of those values.
 */
export class Element implements CpPropagator {
  /** The distinct entries, ascending, and each index's position among them. */
  private readonly values: Float64Array;
  private readonly valueOf: Int32Array;
  /** Scratch of one propagation: which distinct entries some index of b still gives. */
  private readonly given: Uint8Array;

  constructor(
    private readonly b: number,
    private readonly table: Float64Array,
    private readonly c: number,
  ) {
    this.values = Float64Array.from(new Set(table)).sort();
    const position = new Map<number, number>();
    for (let k = 0; k < this.values.length; k++) position.set(this.values[k] as number, k);
    this.valueOf = Int32Array.from(table, (x) => position.get(x) as number);
    this.given = new Uint8Array(this.values.length);
  }

  propagate(s: IntStore): boolean {
    const b = this.b;
    const c = this.c;
    const n = this.table.length;
    if (!s.setMin(b, 1) || !s.setMax(b, n)) return false;
    for (let i = s.min(b); i <= s.max(b); i = s.next(b, i))
      if (!s.contains(c, this.table[i - 1] as number) && !s.remove(b, i)) return false;
    // An interval b ignores interior removals: its top may still be unsupported.
    while (!s.contains(c, this.table[s.max(b) - 1] as number)) if (!s.setMax(b, s.max(b) - 1)) return false;
    const given = this.given;
    given.fill(0);
    let count = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s.min(b); i <= s.max(b); i = s.next(b, i)) {
      const k = this.valueOf[i - 1] as number;
      // An interval b keeps unsupported interior indices: they give nothing.
      if (given[k] || !s.contains(c, this.values[k] as number)) continue;
      given[k] = 1;
      count++;
      const x = this.values[k] as number;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!s.setMin(c, lo) || !s.setMax(c, hi)) return false;
    if (s.domSize(c) === count || !s.hasWindow(c)) return true;
    for (let x = s.min(c); x <= s.max(c); x = s.next(c, x)) {
      const k = slotOf(this.values, x);
      if ((k < 0 || !given[k]) && !s.remove(c, x)) return false;
    }
    return true;
  }
}

/** Posts c = table[b] (b 1-based); woken by any change of b or c. */
export function postElement(space: Space, b: number, table: Float64Array, c: number): number {
  const id = space.post(new Element(b, table, c));
  space.watch(id, b, EV_DOMAIN);
  space.watch(id, c, EV_DOMAIN);
  return id;
}
