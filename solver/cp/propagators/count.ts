import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/** narrowCount's verdicts. */
export const COUNT_FAIL = 0;
/** The count can still go either way for the undecided variables. */
export const COUNT_OPEN = 1;
/** The count is reached: no undecided variable may take the counted values. */
export const COUNT_NONE_MORE = 2;
/** The count needs every undecided variable to take the counted values. */
export const COUNT_ALL_MORE = 3;

/**
 * The count variable c of "c = how many of some variables take a counted value", given that `sure`
 * of them surely do and `possible` of them can: every count in sure..possible is reachable, so c
 * keeps exactly its values in that range; then says what the undecided variables must do.
 */
export function narrowCount(s: IntStore, c: number, sure: number, possible: number): number {
  if (!s.setMin(c, sure) || !s.setMax(c, possible)) return COUNT_FAIL;
  if (s.max(c) === sure) return COUNT_NONE_MORE;
  if (s.min(c) === possible) return COUNT_ALL_MORE;
  return COUNT_OPEN;
}

/** c = #{i : x[i] = v} for a constant v: domain consistent on x and c. */
export function propagateValueCount(s: IntStore, x: Int32Array, v: number, c: number): boolean {
  let sure = 0;
  let possible = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    if (!s.contains(xi, v)) continue;
    possible++;
    if (s.isFixed(xi)) sure++;
  }
  const verdict = narrowCount(s, c, sure, possible);
  if (verdict === COUNT_FAIL) return false;
  if (verdict === COUNT_OPEN || sure === possible) return true;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    if (s.isFixed(xi) || !s.contains(xi, v)) continue;
    if (!(verdict === COUNT_NONE_MORE ? s.remove(xi, v) : s.fix(xi, v))) return false;
  }
  return true;
}

/** Values of y beyond which the per-value support check of an unfixed y is skipped (exact again once y is fixed). */
const SCAN_LIMIT = 1024;

/**
 * `fzn_count_eq(x, y, c)`: c = #{i : x[i] = y}. With y fixed, domain consistent on x and c
 * (propagateValueCount); before, each value w of y (up to SCAN_LIMIT values) whose reachable
 * counts miss c's domain leaves y, and c's bounds come from the values left. A variable listed
 * twice in x counts twice, as in the definition.
 */
export class CountEq implements CpPropagator {
  constructor(
    readonly x: Int32Array,
    readonly y: number,
    readonly c: number,
  ) {}

  propagate(s: IntStore): boolean {
    const { x, y, c } = this;
    if (s.isFixed(y)) return propagateValueCount(s, x, s.value(y), c);
    if (s.domSize(y) > SCAN_LIMIT) return s.setMin(c, 0) && s.setMax(c, x.length);
    let least = Infinity;
    let most = -Infinity;
    for (let w = s.min(y); w !== Infinity; w = s.next(y, w)) {
      let sure = 0;
      let possible = 0;
      for (let i = 0; i < x.length; i++) {
        const xi = x[i] as number;
        if (!s.contains(xi, w)) continue;
        possible++;
        if (s.isFixed(xi)) sure++;
      }
      // Counts sure..possible are reachable with y = w: does c's domain meet them?
      if (s.next(c, sure - 1) > possible) {
        if (!s.remove(y, w)) return false;
        continue;
      }
      least = Math.min(least, sure);
      most = Math.max(most, possible);
    }
    return s.setMin(c, least) && s.setMax(c, most);
  }
}
