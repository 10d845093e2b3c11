import { popcount32 } from '../model/problem.js';
import { Rng } from '../model/rng.js';
import type { Engine } from './engine.js';

/** Value choice: the value to try first (the left branch x = a). */
export interface ValueOrder {
  /** Value to try first for variable v; dom words are dom[at .. at+words) and non-empty. */
  pick(v: number, dom: Uint32Array, at: number): number;
}

export type VarOrder = 'domwdeg' | 'mindom';

/** The smallest value (Gecode's INT_VAL_MIN). */
export const minValue: ValueOrder = {
  pick(_v: number, dom: Uint32Array, at: number): number {
    let k = 0;
    while ((dom[at + k] as number) === 0) k++;
    const x = dom[at + k] as number;
    return k * 32 + 31 - Math.clz32(x & -x);
  },
};

/**
 * Variable choice among the unfixed variables: smallest domain size / weighted degree (dom/wdeg,
 * weights from the engine's failure counts) or smallest domain. Ties go to the lower rank: the
 * variable index, or a permutation drawn from `seed` when one is given.
 */
export class VarChooser {
  private readonly rank: Int32Array;

  constructor(
    private readonly engine: Engine,
    private readonly order: VarOrder,
    seed: number | undefined,
  ) {
    const n = engine.store.n;
    this.rank = new Int32Array(n);
    // Without a seed the rank is the index; the permutation is built only when asked for (it is
    // a noticeable share of a sudoku search).
    if (seed === undefined) for (let v = 0; v < n; v++) this.rank[v] = v;
    else {
      const perm = Array.from({ length: n }, (_, i) => i);
      Rng.seeded(seed).shuffle(perm);
      for (let r = 0; r < n; r++) this.rank[perm[r] as number] = r;
    }
  }

  /** The variable to branch on, or -1 when every variable is fixed. */
  select(): number {
    const store = this.engine.store;
    const dom = store.dom;
    const w = store.words;
    const weight = this.order === 'domwdeg' ? this.engine.varWeight : null;
    const rank = this.rank;
    let best = -1;
    let bestSize = 0;
    let bestWeight = 1;
    for (let v = 0; v < store.n; v++) {
      let size: number;
      if (w === 1) {
        const d = dom[v] as number;
        if ((d & (d - 1)) === 0) continue;
        size = popcount32(d);
      } else {
        size = store.size(v);
        if (size <= 1) continue;
      }
      const wt = weight === null ? 1 : (weight[v] as number);
      // size / wt < bestSize / bestWeight, without dividing.
      const lhs = size * bestWeight;
      const rhs = bestSize * wt;
      if (best < 0 || lhs < rhs || (lhs === rhs && (rank[v] as number) < (rank[best] as number))) {
        best = v;
        bestSize = size;
        bestWeight = wt;
      }
    }
    return best;
  }
}
