import type { Problem } from '../../solver/problem.js';
import { strideOf } from '../../solver/problem.js';
import type { Rng } from '../../solver/rng.js';
import { search } from '../../solver/search.js';

/** `base` with each cell i where givens[i] >= 0 fixed to that value index (a singleton domain). */
export function withGivens(base: Problem, givens: Int32Array): Problem {
  const w = strideOf(base);
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
  /** Removal passes (each from the full grid, in a fresh random cell order); the fewest givens win. */
  passes: number;
  /** Search node budget per uniqueness check; an undecided check keeps the given. */
  nodes: number;
}

export interface Reduced {
  /** Value index per cell, -1 where empty. */
  givens: Int32Array;
  count: number;
  /** Passes run (fewer than asked when the target was reached). */
  passes: number;
}

/**
 * Removes givens from a full solution in random order, keeping each removal only while `solution`
 * stays the unique completion. Because the puzzle before a removal has exactly one solution, the
 * puzzle after removing cell c (value s) is unique iff it has no solution with c != s: one
 * unsatisfiability proof instead of a search for two solutions.
 */
export function reduceGivens(rng: Rng, base: Problem, solution: Int32Array, opts: ReduceOptions): Reduced {
  const n = solution.length;
  const w = strideOf(base);
  let best: Int32Array = solution.slice();
  let bestCount = n;
  let pass = 0;
  while (pass < opts.passes && bestCount > opts.target) {
    pass++;
    const givens = solution.slice();
    let count = n;
    const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (const cell of order) {
      if (count === opts.target) break;
      const s = givens[cell] as number;
      givens[cell] = -1;
      const p = withGivens(base, givens);
      p.init[cell * w + (s >>> 5)] = ((p.init[cell * w + (s >>> 5)] as number) & ~(1 << (s & 31))) >>> 0;
      if (search(p, { nodes: opts.nodes }).status === 'unsat') count--;
      else givens[cell] = s;
    }
    if (count < bestCount) {
      best = givens;
      bestCount = count;
    }
  }
  return { givens: best, count: bestCount, passes: pass };
}
