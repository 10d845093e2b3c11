import type { Space } from '../space.js';
import type { UnfixedSet } from './unfixed-set.js';

/** The variable choices of FlatZinc's int_search / bool_search. */
export type VarSelect =
  | 'input_order'
  | 'first_fail'
  | 'anti_first_fail'
  | 'smallest'
  | 'largest'
  | 'occurrence'
  | 'most_constrained'
  | 'max_regret'
  | 'dom_w_deg';

/** Each VarSelect as a small integer, for a switch in the search loop. */
export const VAR_SELECT_CODE: Readonly<Record<VarSelect, number>> = {
  input_order: 0,
  first_fail: 1,
  anti_first_fail: 2,
  smallest: 3,
  largest: 4,
  occurrence: 5,
  most_constrained: 6,
  max_regret: 7,
  dom_w_deg: 8,
};

/**
 * The position in `vars`, among the unfixed ones of `unfixed`, of the variable that `code` ranks
 * first, or −1 when every one is fixed. The same walk drops the positions of fixed variables from
 * `unfixed`, so the live set is walked once per decision. Every rule minimises a key (a second key
 * breaks most_constrained's ties); remaining ties go to the earliest position (input order), or,
 * with `pick`, to a uniformly random one among the tied (`pick(k)` returns a random integer in
 * 0..k−1: reservoir sampling, for restarts, over the unfixed positions in live order).
 */
export function selectVar(space: Space, vars: Int32Array, unfixed: UnfixedSet, code: number, pick: ((k: number) => number) | null): number {
  const s = space.store;
  const live = unfixed.live;
  let best = -1;
  let key1 = 0;
  let key2 = 0;
  let ties = 0;
  let n = unfixed.size(s);
  for (let k = 0; k < n; ) {
    const i = live[k] as number;
    const v = vars[i] as number;
    if (s.isFixed(v)) {
      // live[k] now holds the last position, which this walk has not seen yet.
      unfixed.drop(k, n--);
      continue;
    }
    k++;
    let k1: number;
    let k2 = 0;
    switch (code) {
      case 0:
        k1 = 0;
        break;
      case 1:
        k1 = s.domSize(v);
        break;
      case 2:
        k1 = -s.domSize(v);
        break;
      case 3:
        k1 = s.min(v);
        break;
      case 4:
        k1 = -s.max(v);
        break;
      case 5:
        k1 = -space.degree(v);
        break;
      case 6:
        k1 = s.domSize(v);
        k2 = -space.degree(v);
        break;
      case 7:
        k1 = s.min(v) - s.next(v, s.min(v));
        break;
      default:
        k1 = s.domSize(v) / space.weightedDegree(v);
    }
    if (best < 0 || k1 < key1 || (k1 === key1 && k2 < key2)) {
      best = i;
      key1 = k1;
      key2 = k2;
      ties = 1;
    } else if (k1 === key1 && k2 === key2) {
      if (pick === null ? i < best : pick(++ties) === 0) best = i;
    }
  }
  unfixed.resize(s, n);
  return best;
}
