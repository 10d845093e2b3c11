import type { IntStore } from '../int-store.js';
import type { IntFunction } from './functional.js';

/**
 * z = x^y (FlatZinc int_pow, int_pow_fixed). For y < 0 MiniZinc defines x^y as 1 div x^−y: 1 for
 * x = 1, ±1 for x = −1 by the parity of y, 0 for |x| ≥ 2, and undefined for x = 0. 0^0 = 1.
 * Bounds: z within the values at the candidate corners (x's ends and 0, ±1 inside them; y's two
 * lowest and two highest values, for both parities), where the extremes of x^y over the box lie.
 * With y fixed at e ≥ 1, |x| is at most the e-th root of max |z|; otherwise x and y are left to the
 * enumeration.
 */
export const pow: IntFunction = {
  name: 'int_pow',
  apply,
  bounds(s, x, y, z) {
    const xl = s.min(x);
    const xh = s.max(x);
    const yl = s.min(y);
    const yh = s.max(y);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < 5; i++) {
      const a = i === 0 ? xl : i === 1 ? xh : i - 3;
      if (a < xl || a > xh) continue;
      for (let j = 0; j < 6; j++) {
        // yl, yl+1, yh−1, yh, and the ends of the non-negative part (where the magnitudes grow from).
        const b = j === 0 ? yl : j === 1 ? yl + 1 : j === 2 ? yh - 1 : j === 3 ? yh : j === 4 ? Math.max(yl, 0) : Math.max(yl, 0) + 1;
        if (b < yl || b > yh) continue;
        const r = apply(a, b);
        if (Number.isNaN(r)) continue;
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
    }
    // Only x = 0 with negative exponents: nothing is defined.
    if (lo > hi) return false;
    if (!s.setMin(z, lo) || !s.setMax(z, hi)) return false;
    return yl !== yh || yl < 1 || rootBounds(s, x, yl, Math.max(-s.min(z), s.max(z)));
  },
};

/** |x|^e ≤ m (e ≥ 1): |x| ≤ the integer e-th root of m, whatever x's span (a square of an unbounded variable). */
export function rootBounds(s: IntStore, x: number, e: number, m: number): boolean {
  let r = Math.floor(m ** (1 / e));
  // The floating root can be off by one either way.
  while ((r + 1) ** e <= m) r++;
  while (r > 0 && r ** e > m) r--;
  return s.setMin(x, -r) && s.setMax(x, r);
}

function apply(x: number, y: number): number {
  if (y >= 0) return x ** y;
  if (x === 0) return Number.NaN;
  if (x === 1) return 1;
  if (x === -1) return y % 2 === 0 ? 1 : -1;
  return 0;
}
