import type { IntFunction } from './functional.js';

/**
 * z = |x| (FlatZinc int_abs), unary. Bounds: z between the distance of x's range from 0 and its
 * farthest end; x within ±max z, and on one side of 0 when z's minimum puts the other out of reach.
 */
export const abs: IntFunction = {
  name: 'int_abs',
  apply: (x) => Math.abs(x),
  bounds(s, x, _y, z) {
    const xl = s.min(x);
    const xh = s.max(x);
    const near = xl > 0 ? xl : xh < 0 ? -xh : 0;
    if (!s.setMin(z, near) || !s.setMax(z, Math.max(-xl, xh))) return false;
    const zl = s.min(z);
    const zh = s.max(z);
    if (!s.setMin(x, -zh) || !s.setMax(x, zh)) return false;
    // x ∈ −zh..−zl ∪ zl..zh: a side whose part lies outside x's bounds is gone.
    if (s.max(x) < zl) return s.setMax(x, -zl);
    if (s.min(x) > -zl) return s.setMin(x, zl);
    return true;
  },
};
