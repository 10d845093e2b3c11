import type { Rng } from '../../model/rng.js';
import type { IntStore } from '../int-store.js';
import { EQ, EQ3, GT, LE } from './decision.js';

/** The value choices of FlatZinc's int_search / bool_search. */
export type ValSelect =
  | 'indomain_min'
  | 'indomain_max'
  | 'indomain_median'
  | 'indomain_middle'
  | 'indomain_split'
  | 'indomain_reverse_split'
  | 'indomain_random'
  | 'indomain';

/** Each ValSelect as a small integer, for a switch in the search loop (`indomain` is indomain_min). */
export const VAL_SELECT_CODE: Readonly<Record<ValSelect, number>> = {
  indomain_min: 0,
  indomain: 0,
  indomain_max: 1,
  indomain_median: 2,
  indomain_middle: 3,
  indomain_split: 4,
  indomain_reverse_split: 5,
  indomain_random: 6,
};

/** The codes the default strategy uses: split on interval variables; max and reverse split on one to maximise. */
export const VAL_SPLIT = 4;
export const VAL_REVERSE_SPLIT = 5;
export const VAL_MAX = 1;

/**
 * The value `code` picks in v's domain (v unfixed): its min, max, lower median, the value nearest
 * the middle of its bounds (the smaller on a tie), the split point ⌊(min+max)/2⌋, or a uniformly
 * random value.
 */
export function selectValue(s: IntStore, v: number, code: number, rng: Rng): number {
  const lo = s.min(v);
  const hi = s.max(v);
  switch (code) {
    case 0:
      return lo;
    case 1:
      return hi;
    case 2:
      return nth(s, v, (s.domSize(v) - 1) >>> 1);
    case 3: {
      const mid = Math.floor((lo + hi) / 2);
      if (s.contains(v, mid)) return mid;
      const below = s.prev(v, mid);
      const above = s.next(v, mid);
      return mid - below <= above - mid ? below : above;
    }
    case 4:
    case 5:
      return Math.floor((lo + hi) / 2);
    default:
      return nth(s, v, rng.int(0, s.domSize(v) - 1));
  }
}

/** The decision kind for value `a` chosen by `code` on v (see decision.ts). */
export function decisionKind(s: IntStore, v: number, code: number, a: number): number {
  if (code === 4) return LE;
  if (code === 5) return GT;
  return !s.hasWindow(v) && a > s.min(v) && a < s.max(v) ? EQ3 : EQ;
}

/** The k-th smallest value of v (0-based); direct on an interval variable. */
function nth(s: IntStore, v: number, k: number): number {
  if (!s.hasWindow(v)) return s.min(v) + k;
  let x = s.min(v);
  for (; k > 0; k--) x = s.next(v, x);
  return x;
}
