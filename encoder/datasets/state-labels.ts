import { type Problem, wordsPerDomain } from '../../solver/model/problem.js';
import { search } from '../../solver/search/search.js';

/**
 * Which values of a search state still lead to a solution. `yes` and `unknown` are bitmasks in the
 * domains' word layout (bit a of variable i's words: value index a): a value in `yes` extends to a
 * solution within the state, one in `unknown` was not settled within the node budget, and every
 * other value of the state leads to none. `solution` is one solution within the state (null when
 * none was found).
 */
export interface StateLabels {
  yes: Uint32Array;
  unknown: Uint32Array;
  solution: Int32Array | null;
}

function setBit(m: Uint32Array, at: number, a: number): void {
  m[at + (a >>> 5)] = ((m[at + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
}

function hasBit(m: Uint32Array, at: number, a: number): boolean {
  return (((m[at + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
}

/**
 * Labels of the state `domains` of `p`. With `unique`, the instance's only solution, they follow
 * from it: the state is live exactly when it holds that solution. Otherwise they are found by
 * search within `nodes` per call: one search of the state (a dead state ends there), then one per
 * open (variable, value) not yet seen in a solution; every solution found marks all its values.
 */
export function labelState(p: Problem, domains: Uint32Array, unique: Int32Array | null, nodes: number): StateLabels {
  const n = p.domSize.length;
  const w = wordsPerDomain(p);
  const yes = new Uint32Array(n * w);
  const unknown = new Uint32Array(n * w);
  const mark = (s: Int32Array) => {
    for (let i = 0; i < n; i++) setBit(yes, i * w, s[i] as number);
  };
  if (unique !== null) {
    for (let i = 0; i < n; i++) if (!hasBit(domains, i * w, unique[i] as number)) return { yes, unknown, solution: null };
    mark(unique);
    return { yes, unknown, solution: unique };
  }
  const state: Problem = { ...p, init: domains };
  const whole = search(state, { nodes });
  if (whole.status === 'unsat') return { yes, unknown, solution: null };
  let solution = whole.solution ?? null;
  if (solution) mark(solution);
  const fixed = domains.slice();
  for (let i = 0; i < n; i++) {
    const at = i * w;
    // A fixed variable's value is the state itself, settled by the search above.
    const single = isSingleton(domains, at, w);
    for (let a = 0; a < (p.domSize[i] as number); a++) {
      if (!hasBit(domains, at, a) || hasBit(yes, at, a)) continue;
      if (single) {
        if (whole.status === 'unknown') setBit(unknown, at, a);
        continue;
      }
      fixed.fill(0, at, at + w);
      setBit(fixed, at, a);
      const r = search({ ...p, init: fixed }, { nodes });
      if (r.solution) {
        mark(r.solution);
        solution ??= r.solution;
      } else if (r.status === 'unknown') setBit(unknown, at, a);
    }
    fixed.set(domains.subarray(at, at + w), at);
  }
  return { yes, unknown, solution };
}

function isSingleton(d: Uint32Array, at: number, w: number): boolean {
  let seen = false;
  for (let k = 0; k < w; k++) {
    const x = d[at + k] as number;
    if (x === 0) continue;
    if (seen || (x & (x - 1)) !== 0) return false;
    seen = true;
  }
  return seen;
}
