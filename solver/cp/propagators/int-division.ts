/**
 * Exact integer division of doubles holding integers below 2^53 in magnitude: `p / q` is rounded
 * before `Math.floor` sees it, so near an integer the quotient can land on the wrong side; one
 * multiplication (exact in this range) corrects it.
 */

/** ⌊p / q⌋ for integers p, q (q ≠ 0). */
export function floorDiv(p: number, q: number): number {
  if (q < 0) {
    p = -p;
    q = -q;
  }
  let f = Math.floor(p / q);
  if (f * q > p) f--;
  else if ((f + 1) * q <= p) f++;
  return f;
}

/** ⌈p / q⌉ for integers p, q (q ≠ 0). */
export function ceilDiv(p: number, q: number): number {
  return -floorDiv(-p, q);
}

/** p / q truncated towards zero (MiniZinc's `div`), q ≠ 0. */
export function truncDiv(p: number, q: number): number {
  return p < 0 !== q < 0 ? ceilDiv(p, q) : floorDiv(p, q);
}
