import type { IntStore } from '../int-store.js';
import { DISENTAILED, ENTAILED, type Reifiable, UNDECIDED } from './reified.js';

/**
 * Binary integer comparisons with an offset (FlatZinc int_eq, int_ne, int_le, int_lt, and the
 * two-variable x − y forms of int_lin_eq/ne), each domain consistent on bitmask variables and able to
 * report entailment for reification.
 */

/** x = y + k, domain consistent (bounds consistent when either is an interval). Watch EV_DOMAIN. */
export class IntEq implements Reifiable {
  constructor(
    readonly x: number,
    readonly y: number,
    readonly k = 0,
  ) {}

  propagate(s: IntStore): boolean {
    const { x, y, k } = this;
    // x = x + k: stepping the bounds would take one pass per value.
    if (x === y) return k === 0;
    // setMin on a bitmask variable can skip to a later value, so repeat until the bounds agree.
    while (s.min(x) !== s.min(y) + k || s.max(x) !== s.max(y) + k) {
      if (!s.setMin(x, s.min(y) + k) || !s.setMin(y, s.min(x) - k) || !s.setMax(x, s.max(y) + k) || !s.setMax(y, s.max(x) - k))
        return false;
    }
    if (s.isFixed(x) || !s.hasWindow(x) || !s.hasWindow(y)) return true;
    // Both have holes: keep the common values (removals never empty them: the bounds are common).
    const hi = s.max(x);
    for (let v = s.min(x); v <= hi; v = s.next(x, v)) if (!s.contains(y, v - k)) s.remove(x, v);
    for (let v = s.min(y); v <= hi - k; v = s.next(y, v)) if (!s.contains(x, v + k)) s.remove(y, v);
    return true;
  }

  entailment(s: IntStore): number {
    const { x, y, k } = this;
    if (s.isFixed(x) && s.isFixed(y)) return s.value(x) === s.value(y) + k ? ENTAILED : DISENTAILED;
    return disjoint(s, x, y, k) ? DISENTAILED : UNDECIDED;
  }
}

/** x ≠ y + k, domain consistent (removes the value left out once either is fixed). Watch EV_FIX (and EV_BOUNDS on intervals). */
export class IntNe implements Reifiable {
  private readonly eq: IntEq;

  constructor(
    readonly x: number,
    readonly y: number,
    readonly k = 0,
  ) {
    this.eq = new IntEq(x, y, k);
  }

  propagate(s: IntStore): boolean {
    const { x, y, k } = this;
    if (s.isFixed(x)) return s.remove(y, s.value(x) - k);
    if (s.isFixed(y)) return s.remove(x, s.value(y) + k);
    return true;
  }

  entailment(s: IntStore): number {
    return -this.eq.entailment(s);
  }
}

/** x ≤ y + k (k = −1 gives x < y), bounds and so domain consistent. Watch EV_BOUNDS. */
export class IntLe implements Reifiable {
  constructor(
    readonly x: number,
    readonly y: number,
    readonly k: number,
  ) {}

  propagate(s: IntStore): boolean {
    const { x, y, k } = this;
    // x ≤ x + k: stepping the bounds would take one wake per value.
    if (x === y) return k >= 0;
    return s.setMax(x, s.max(y) + k) && s.setMin(y, s.min(x) - k);
  }

  entailment(s: IntStore): number {
    const { x, y, k } = this;
    if (s.max(x) <= s.min(y) + k) return ENTAILED;
    return s.min(x) > s.max(y) + k ? DISENTAILED : UNDECIDED;
  }

  /** y ≤ x − k − 1: the negation. */
  negated(): IntLe {
    return new IntLe(this.y, this.x, -this.k - 1);
  }
}

/** Whether no value of x is a value of y plus k (exact on bitmask variables, bounds on intervals). */
function disjoint(s: IntStore, x: number, y: number, k: number): boolean {
  const lo = Math.max(s.min(x), s.min(y) + k);
  const hi = Math.min(s.max(x), s.max(y) + k);
  if (lo > hi) return true;
  // Walk the one with holes; an interval contains everything between its bounds.
  if (s.hasWindow(x)) {
    for (let v = s.contains(x, lo) ? lo : s.next(x, lo); v <= hi; v = s.next(x, v)) if (s.contains(y, v - k)) return false;
    return true;
  }
  if (!s.hasWindow(y)) return false;
  for (let v = s.contains(y, lo - k) ? lo - k : s.next(y, lo - k); v <= hi - k; v = s.next(y, v)) if (s.contains(x, v + k)) return false;
  return true;
}
