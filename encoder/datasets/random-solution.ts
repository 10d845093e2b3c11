import { type Problem, popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import type { ValueOrder } from '../../solver/search/branching.js';
import { search } from '../../solver/search/search.js';

/**
 * A value order that tries a uniformly random value of the domain first. With it, search on an
 * empty grid draws a random full grid (sudoku, latin square) reproducibly from the Rng.
 */
export function randomValues(rng: Rng, words: number): ValueOrder {
  return {
    pick(_v: number, dom: Uint32Array, at: number): number {
      let size = 0;
      for (let k = 0; k < words; k++) size += popcount32(dom[at + k] as number);
      let skip = rng.int(0, size - 1);
      for (let k = 0; ; k++) {
        let x = dom[at + k] as number;
        const c = popcount32(x);
        if (skip >= c) {
          skip -= c;
          continue;
        }
        for (; skip > 0; skip--) x &= x - 1;
        return k * 32 + 31 - Math.clz32(x & -x);
      }
    },
  };
}

/**
 * A random solution of `p` (search with random value choice), or undefined when the node budget
 * runs out first or `p` has none.
 */
export function randomSolution(rng: Rng, p: Problem, nodes: number): Int32Array | undefined {
  return search(p, { nodes, valueOrder: randomValues(rng, wordsPerDomain(p)), seed: rng.int(0, 0x7fffffff) }).solution;
}
