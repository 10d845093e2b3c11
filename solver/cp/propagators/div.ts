import type { IntStore } from '../int-store.js';
import type { IntFunction } from './functional.js';
import { truncDiv } from './int-division.js';

/**
 * z = x div y, truncating towards zero as MiniZinc does; y = 0 has no z (FlatZinc int_div).
 * Bounds: y ≠ 0; z within the corner quotients over x's bounds and the ends of y's negative and
 * positive parts; x within the corner values of the range of x that divide into each z. y is left
 * to the enumeration.
 */
export const div: IntFunction = {
  name: 'int_div',
  apply: (x, y) => (y === 0 ? Number.NaN : truncDiv(x, y)),
  bounds(s, x, y, z) {
    if (!nonzero(s, y)) return false;
    const n = yEnds(s, y);
    const xl = s.min(x);
    const xh = s.max(x);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < n; k++) {
      const q = ends[k] as number;
      const a = truncDiv(xl, q);
      const b = truncDiv(xh, q);
      lo = Math.min(lo, a, b);
      hi = Math.max(hi, a, b);
    }
    if (!s.setMin(z, lo) || !s.setMax(z, hi)) return false;
    // x's range for (z, y) is bilinear in z and y on each sign piece: extreme at the corners below.
    const zl = s.min(z);
    const zh = s.max(z);
    let xlo = Infinity;
    let xhi = -Infinity;
    for (let c = 0; c < 5; c++) {
      const zc = c === 0 ? zl : c === 1 ? zh : c - 3;
      if (zc < zl || zc > zh) continue;
      for (let k = 0; k < n; k++) {
        const q = ends[k] as number;
        // trunc(x / q) = zc  ⇔  trunc(x / |q|) = ±zc.
        const w = q > 0 ? zc : -zc;
        const m = q > 0 ? q : -q;
        xlo = Math.min(xlo, w > 0 ? w * m : (w - 1) * m + 1);
        xhi = Math.max(xhi, w < 0 ? w * m : (w + 1) * m - 1);
      }
    }
    return s.setMin(x, xlo) && s.setMax(x, xhi);
  },
};

/** The ends of y's negative and positive parts (0 excluded), in `ends`; returns how many. */
const ends = new Float64Array(4);
function yEnds(s: IntStore, y: number): number {
  const yl = s.min(y);
  const yh = s.max(y);
  let n = 0;
  if (yl <= -1) {
    ends[n++] = yl;
    ends[n++] = Math.min(yh, -1);
  }
  if (yh >= 1) {
    ends[n++] = Math.max(yl, 1);
    ends[n++] = yh;
  }
  return n;
}

/** Removes 0 from a divisor's domain. */
export function nonzero(s: IntStore, y: number): boolean {
  return s.remove(y, 0);
}
