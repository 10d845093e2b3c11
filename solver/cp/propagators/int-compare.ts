import type { IntStore } from '../int-store.js';
import { DISENTAILED, ENTAILED, type Reifiable, UNDECIDED } from './reified.js';

/**
 * Binary integer comparisons (FlatZinc int_eq, int_ne, int_le, int_lt), each domain consistent on
 * bitmask variables and able to report entailment for reification.
 */

/** x = y, domain consistent (bounds consistent when either is an interval). Watch EV_DOMAIN. */
export class IntEq implements Reifiable {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}

  propagate(s: IntStore): boolean {
    const { x, y } = this;
    // setMin on a bitmask variable can skip to a later value, so repeat until the bounds agree.
    while (s.min(x) !== s.min(y) || s.max(x) !== s.max(y)) {
      if (!s.setMin(x, s.min(y)) || !s.setMin(y, s.min(x)) || !s.setMax(x, s.max(y)) || !s.setMax(y, s.max(x))) return false;
    }
    if (s.isFixed(x) || !s.hasWindow(x) || !s.hasWindow(y)) return true;
    // Both have holes: keep x ∩ y in each (removals never empty them: the bounds are common values).
    const hi = s.max(x);
    for (let v = s.min(x); v <= hi; v = s.next(x, v)) if (!s.contains(y, v)) s.remove(x, v);
    for (let v = s.min(y); v <= hi; v = s.next(y, v)) if (!s.contains(x, v)) s.remove(y, v);
    return true;
  }

  entailment(s: IntStore): number {
    const { x, y } = this;
    if (s.isFixed(x) && s.isFixed(y)) return s.value(x) === s.value(y) ? ENTAILED : DISENTAILED;
    return disjoint(s, x, y) ? DISENTAILED : UNDECIDED;
  }
}

/** x ≠ y, domain consistent (removes the value of whichever is fixed). Watch EV_FIX. */
export class IntNe implements Reifiable {
  private readonly eq: IntEq;

  constructor(
    readonly x: number,
    readonly y: number,
  ) {
    this.eq = new IntEq(x, y);
  }

  propagate(s: IntStore): boolean {
    const { x, y } = this;
    if (s.isFixed(x)) return s.remove(y, s.value(x));
    if (s.isFixed(y)) return s.remove(x, s.value(y));
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

/** Whether x and y share no value (exact on bitmask variables, bounds on intervals). */
function disjoint(s: IntStore, x: number, y: number): boolean {
  const lo = Math.max(s.min(x), s.min(y));
  const hi = Math.min(s.max(x), s.max(y));
  if (lo > hi) return true;
  // Walk the one with holes; an interval contains everything between its bounds.
  const a = s.hasWindow(x) ? x : y;
  const b = a === x ? y : x;
  if (!s.hasWindow(a)) return false;
  for (let v = s.contains(a, lo) ? lo : s.next(a, lo); v <= hi; v = s.next(a, v)) if (s.contains(b, v)) return false;
  return true;
}
