import type { IntStore } from '../int-store.js';
import type { IntFunction } from './functional.js';
import { ceilDiv, floorDiv } from './int-division.js';
import { rootBounds } from './pow.js';

/**
 * z = x·y (FlatZinc int_times). Bounds: z within the corner products; x (and y) within the corner
 * quotients of z's bounds by the nonzero part of y's, unless both y and z can be 0. Products of two
 * values in range are below 2^62: inexact beyond 2^53, but then far outside the value range, so a
 * bound computed from them still rejects exactly what it must.
 */
export const times: IntFunction = {
  name: 'int_times',
  apply: (x, y) => x * y,
  bounds(s, x, y, z) {
    const xl = s.min(x);
    const xh = s.max(x);
    const yl = s.min(y);
    const yh = s.max(y);
    const a = xl * yl;
    const b = xl * yh;
    const c = xh * yl;
    const d = xh * yh;
    if (!s.setMin(z, Math.min(a, b, c, d)) || !s.setMax(z, Math.max(a, b, c, d))) return false;
    // A square: z ≥ 0 and |x| ≤ √max z, which the quotients cannot give when x spans 0.
    if (x === y) return s.setMin(z, 0) && rootBounds(s, x, 2, s.max(z));
    return quotientBounds(s, x, y, z) && quotientBounds(s, y, x, z);
  },
};

/** x within z / y over the nonzero parts of y (nothing when y and z both contain 0). */
function quotientBounds(s: IntStore, x: number, y: number, z: number): boolean {
  const zl = s.min(z);
  const zh = s.max(z);
  const yl = s.min(y);
  const yh = s.max(y);
  if (yl <= 0 && yh >= 0 && zl <= 0 && zh >= 0) return true;
  let lo = Infinity;
  let hi = -Infinity;
  // Negative part yl..min(yh, −1), positive part max(yl, 1)..yh: on each, z/y is extreme at a corner.
  for (let part = 0; part < 2; part++) {
    const p = part === 0 ? yl : Math.max(yl, 1);
    const q = part === 0 ? Math.min(yh, -1) : yh;
    if (p > q) continue;
    lo = Math.min(lo, ceilDiv(zl, p), ceilDiv(zl, q), ceilDiv(zh, p), ceilDiv(zh, q));
    hi = Math.max(hi, floorDiv(zl, p), floorDiv(zl, q), floorDiv(zh, p), floorDiv(zh, q));
  }
  // y = 0 with z ≠ 0: no x at all.
  if (lo > hi) return false;
  return s.setMin(x, lo) && s.setMax(x, hi);
}
