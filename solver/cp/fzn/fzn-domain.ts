import type { FznVar, IntSet } from '../../formats/flatzinc/index.js';
import { INT_MAX, INT_MIN } from '../int-store.js';

/** The declared domain of a FlatZinc variable as a set (bools 0..1, an unbounded int INT_MIN..INT_MAX). */
export function domainOf(fv: FznVar): IntSet {
  if (fv.base === 'bool') return { kind: 'range', min: 0, max: 1 };
  return fv.domain ?? { kind: 'range', min: INT_MIN, max: INT_MAX };
}

/** Whether x is in `d`. */
export function inSet(d: IntSet, x: number): boolean {
  return d.kind === 'range' ? x >= d.min && x <= d.max : d.values.includes(x);
}
