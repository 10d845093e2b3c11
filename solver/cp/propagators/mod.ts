import { nonzero } from './div.js';
import type { IntFunction } from './functional.js';

/**
 * z = x mod y with the sign of the dividend (x − y·(x div y), MiniZinc's `mod`); y = 0 has no z
 * (FlatZinc int_mod). Bounds: y ≠ 0; |z| < max |y|, |z| ≤ |x| with z's sign that of x; a z that
 * cannot be 0 gives x z's sign and at least |z|.
 */
export const mod: IntFunction = {
  name: 'int_mod',
  // JavaScript's % keeps the dividend's sign and is exact on integers; −0 is 0.
  apply: (x, y) => (y === 0 ? Number.NaN : (x % y) + 0),
  bounds(s, x, y, z) {
    if (!nonzero(s, y)) return false;
    const m = Math.max(-s.min(y), s.max(y)) - 1;
    const xl = s.min(x);
    const xh = s.max(x);
    if (!s.setMin(z, Math.max(-m, Math.min(0, xl))) || !s.setMax(z, Math.min(m, Math.max(0, xh)))) return false;
    const zl = s.min(z);
    const zh = s.max(z);
    if (zl > 0) return s.setMin(x, zl);
    return zh < 0 ? s.setMax(x, zh) : true;
  },
};
