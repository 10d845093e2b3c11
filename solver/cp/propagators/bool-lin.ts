import { EV_BOUNDS, EV_FIX, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';

/**
 * A linear sum of 0/1 variables against an integer variable: Σ aᵢ·bᵢ = c (bool_lin_eq) or
 * Σ aᵢ·bᵢ ≤ c (bool_lin_le, c a constant there). Bounds consistent on the real relaxation: c's
 * bounds move inside the sum's range [lo, hi], and a bᵢ is fixed when its other value would put
 * the range outside c's bounds. Subset sums are not reasoned about (2b₁ + 2b₂ = 1 fails only
 * once the bᵢ are fixed).
 */
export class BoolLin implements CpPropagator {
  constructor(
    private readonly a: Float64Array,
    private readonly b: Int32Array,
    private readonly c: number,
    /** True for =, false for ≤. */
    private readonly eq: boolean,
  ) {}

  propagate(s: IntStore): boolean {
    const n = this.b.length;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const a = this.a[i] as number;
      const v = this.b[i] as number;
      const bLo = s.min(v);
      const bHi = s.max(v);
      if (a > 0) {
        lo += a * bLo;
        hi += a * bHi;
      } else {
        lo += a * bHi;
        hi += a * bLo;
      }
    }
    const c = this.c;
    if (!s.setMin(c, lo) || (this.eq && !s.setMax(c, hi))) return false;
    const cLo = s.min(c);
    const cHi = s.max(c);
    for (let i = 0; i < n; i++) {
      const v = this.b[i] as number;
      if (s.isFixed(v)) continue;
      const a = this.a[i] as number;
      const w = Math.abs(a);
      // The value that adds w to the least sum cannot be taken when that passes c's max; under
      // =, the value that takes w off the greatest sum cannot be taken below c's min.
      if (lo + w > cHi) {
        if (!s.fix(v, a > 0 ? 0 : 1)) return false;
      } else if (this.eq && hi - w < cLo && !s.fix(v, a > 0 ? 1 : 0)) return false;
    }
    return true;
  }
}

/** Posts Σ a·b = c (eq) or Σ a·b ≤ c; woken when a bᵢ is fixed or a bound of c moves. */
export function postBoolLin(space: Space, a: Float64Array, b: Int32Array, c: number, eq: boolean): number {
  const id = space.post(new BoolLin(a, b, c, eq));
  for (const v of b) space.watch(id, v, EV_FIX);
  space.watch(id, c, EV_BOUNDS);
  return id;
}
