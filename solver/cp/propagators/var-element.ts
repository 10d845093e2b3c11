import { EV_DOMAIN, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';

/**
 * c = xs[b] for an array of variables, b 1-based (array_var_int_element, array_var_bool_element).
 * Domain consistent on b (an index stays while xs[i] and c share a value); c's bounds are the
 * least and greatest values c shares with some xs[i] (bounds of the supported values; holes
 * between them stay); once b is fixed, c and xs[b] are made equal value by value.
 */
export class VarElement implements CpPropagator {
  constructor(
    private readonly b: number,
    private readonly xs: Int32Array,
    private readonly c: number,
  ) {}

  propagate(s: IntStore): boolean {
    const b = this.b;
    const c = this.c;
    if (!s.setMin(b, 1) || !s.setMax(b, this.xs.length)) return false;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s.min(b); i <= s.max(b); i = s.next(b, i)) {
      const x = this.xs[i - 1] as number;
      const first = firstCommon(s, x, c);
      if (first === Infinity) {
        if (!s.remove(b, i)) return false;
        continue;
      }
      if (first < lo) lo = first;
      const last = lastCommon(s, x, c);
      if (last > hi) hi = last;
    }
    // An interval b ignores interior removals: its top may still be unsupported.
    while (firstCommon(s, this.xs[s.max(b) - 1] as number, c) === Infinity) if (!s.setMax(b, s.max(b) - 1)) return false;
    if (!s.setMin(c, lo) || !s.setMax(c, hi)) return false;
    return !s.isFixed(b) || equate(s, this.xs[s.value(b) - 1] as number, c);
  }
}

/** The least value x and c share, or +Infinity. */
function firstCommon(s: IntStore, x: number, c: number): number {
  let v = Math.max(s.min(x), s.min(c));
  const end = Math.min(s.max(x), s.max(c));
  while (v <= end) {
    if (!s.contains(x, v)) v = s.next(x, v);
    else if (!s.contains(c, v)) v = s.next(c, v);
    else return v;
  }
  return Infinity;
}

/** The greatest value x and c share, or −Infinity. */
function lastCommon(s: IntStore, x: number, c: number): number {
  let v = Math.min(s.max(x), s.max(c));
  const end = Math.max(s.min(x), s.min(c));
  while (v >= end) {
    if (!s.contains(x, v)) v = s.prev(x, v);
    else if (!s.contains(c, v)) v = s.prev(c, v);
    else return v;
  }
  return -Infinity;
}

/** Removes from each of x and c the values the other lacks. */
function equate(s: IntStore, x: number, c: number): boolean {
  for (let v = s.min(c); v <= s.max(c); v = s.next(c, v)) if (!s.contains(x, v) && !s.remove(c, v)) return false;
  for (let v = s.min(x); v <= s.max(x); v = s.next(x, v)) if (!s.contains(c, v) && !s.remove(x, v)) return false;
  return true;
}

/** Posts c = xs[b] (b 1-based); woken by any change of b, c or an xs[i]. */
export function postVarElement(space: Space, b: number, xs: Int32Array, c: number): number {
  const id = space.post(new VarElement(b, xs, c));
  space.watch(id, b, EV_DOMAIN);
  space.watch(id, c, EV_DOMAIN);
  for (const x of xs) space.watch(id, x, EV_DOMAIN);
  return id;
}
