/**
 * Q1.15 fixed-point weights, bit-exact per hdl/SPEC.md section 4. A weight is an unsigned 16-bit
 * integer q in [0, ONE] standing for q / 2^15; 1.0 is exact so that 0/1 weights propagate exactly
 * like bitmasks. The same constants are in hdl/spec-constants.json (checked by a test).
 */

/** Fraction bits of a weight. */
export const FRAC_BITS = 15;
/** Storage width of a weight. */
export const WEIGHT_BITS = 16;
/** 1.0 in Q1.15. */
export const ONE = 0x8000;
/** Added before the product's shift: rounds half up. */
export const ROUND = 0x4000;

/** a·b rounded half up; exact when either factor is ONE, never above ONE for inputs in [0, ONE]. */
export function mul(a: number, b: number): number {
  // a·b ≤ 2^30, so the sum stays below 2^31 and a signed shift is safe.
  return (a * b + ROUND) >> FRAC_BITS;
}

/** 1 − a, exact. */
export function not(a: number): number {
  return ONE - a;
}

/** Probabilistic OR a ⊕ b = not(mul(not(a), not(b))). */
export function or(a: number, b: number): number {
  return ONE - mul(ONE - a, ONE - b);
}

/** Nearest Q1.15 weight to a real in [0, 1] (half up), clamped to [0, ONE]. */
export function toFixed(x: number): number {
  return Math.max(0, Math.min(ONE, Math.floor(x * 32768 + 0.5)));
}

/** The real a Q1.15 weight stands for. */
export function fromFixed(q: number): number {
  return q / 32768;
}
