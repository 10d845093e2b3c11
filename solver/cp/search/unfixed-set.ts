import type { IntStore } from '../int-store.js';

/**
 * The positions (in a branching's variable array) whose variables may still be unfixed: a
 * reversible sparse set, `live[0..size)` with its size in a store cell. A prune swaps the fixed ones
 * past the size; a backtrack restores the size and with it exactly the positions removed since (a
 * removal only reorders live[0..size), so whatever lies past an older size is untouched). So a
 * variable choice ranks the unfixed variables only, not the whole array at every node.
 */
export class UnfixedSet {
  readonly live: Int32Array;
  private readonly sizeCell: number;

  constructor(s: IntStore, n: number) {
    this.live = Int32Array.from({ length: n }, (_, k) => k);
    this.sizeCell = s.newCells(1);
    s.cell[this.sizeCell] = n;
  }

  /** Drops the positions of `vars` whose variable is fixed; returns how many are left, live[0..count). */
  prune(s: IntStore, vars: Int32Array): number {
    const live = this.live;
    const size = s.cell[this.sizeCell] as number;
    let n = size;
    for (let k = 0; k < n; ) {
      const p = live[k] as number;
      if (!s.isFixed(vars[p] as number)) k++;
      else {
        n--;
        live[k] = live[n] as number;
        live[n] = p;
      }
    }
    if (n !== size) s.setCell(this.sizeCell, n);
    return n;
  }
}
