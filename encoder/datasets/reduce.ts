import type { Problem } from '../../solver/model/problem.js';
import { wordsPerDomain } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { search } from '../../solver/search/search.js';

/** `base` with each cell i where givens[i] >= 0 fixed to that value index (a singleton domain). */
export function withGivens(base: Problem, givens: Int32Array): Problem {
  const w = wordsPerDomain(base);
  const init = base.init.slice();
  for (let i = 0; i < givens.length; i++) {
    const g = givens[i] as number;
    if (g < 0) continue;
    init.fill(0, i * w, (i + 1) * w);
    init[i * w + (g >>> 5)] = (1 << (g & 31)) >>> 0;
  }
  return { ...base, init };
}

export interface ReduceOptions {
  /** Stop removing at this many givens (0: remove while the solution stays unique). */
  target: number;
  /**
   * Budget: 1 is one removal pass in random order; each further step swaps a random given for a
   * random empty cell, sweeps again, and keeps the result when it has no more givens (a random
   * walk on the plateau of minimal puzzles, which finds lower counts than independent passes).
   */
  steps: number;
  /** Search node budget per uniqueness check; an undecided check keeps the given. */
  nodes: number;
}

export interface Reduced {
  /** Value index per cell, -1 where empty. */
  givens: Int32Array;
  count: number;
  /** Steps run (fewer than the budget when the target was reached). */
  steps: number;
}

/**
 * Removes givens from a full solution while `solution` stays the unique completion. Every check
 * is one unsatisfiability proof, not a search for two solutions: when the puzzle with cell c given
 * (value s) is unique, the puzzle without it is unique iff it has no solution with c != s. A swap
 * keeps this invariant: adding a solution value to a unique puzzle leaves it unique.
 */
export function reduceGivens(rng: Rng, base: Problem, solution: Int32Array, opts: ReduceOptions): Reduced {
  const n = solution.length;
  const w = wordsPerDomain(base);
  /** Whether `givens` (cell empty, unique with it given) is still unique. */
  const uniqueWithout = (givens: Int32Array, cell: number): boolean => {
    const s = solution[cell] as number;
    const p = withGivens(base, givens);
    p.init[cell * w + (s >>> 5)] = ((p.init[cell * w + (s >>> 5)] as number) & ~(1 << (s & 31))) >>> 0;
    return search(p, { nodes: opts.nodes }).status === 'unsat';
  };
  /** Removes givens in random order while the puzzle stays unique; returns the new count. */
  const sweep = (givens: Int32Array, count: number): number => {
    for (const cell of rng.shuffle(Array.from({ length: n }, (_, i) => i))) {
      if (count === opts.target) break;
      if ((givens[cell] as number) < 0) continue;
      givens[cell] = -1;
      if (uniqueWithout(givens, cell)) count--;
      else givens[cell] = solution[cell] as number;
    }
    return count;
  };
  let givens = solution.slice();
  let count = sweep(givens, n);
  let steps = 1;
  const cells = (given: boolean) => Array.from(givens.keys()).filter((i) => (givens[i] as number) >= 0 === given);
  while (steps < opts.steps && count > opts.target) {
    steps++;
    const on = cells(true);
    const off = cells(false);
    if (off.length === 0) break;
    const g = on[rng.int(0, on.length - 1)] as number;
    const e = off[rng.int(0, off.length - 1)] as number;
    const next = givens.slice();
    next[e] = solution[e] as number;
    next[g] = -1;
    if (!uniqueWithout(next, g)) continue;
    const c = sweep(next, count);
    if (c <= count) {
      givens = next;
      count = c;
    }
  }
  return { givens, count, steps };
}
