import type { IntStore } from '../int-store.js';

/**
 * The positions (in a branching's variable array) whose variables may still be unfixed: a
 * reversible sparse set, `live[0..size)` with its size in a store cell. Dropping a position swaps it
 * past the size; a backtrack restores the size and with it exactly the positions removed since (a
 * removal only reorders live[0..size), so whatever lies past an older size is untouched). So a
 * variable choice ranks the unfixed variables only, not the whole array at every node, and drops
 * the fixed ones in the same walk (var-select.ts selectVar).
 */
export class UnfixedSet {
  readonly live: Int32Array;
  private readonly sizeCell: number;

  constructor(s: IntStore, n: number) {
    this.live = Int32Array.from({ length: n }, (_, k) => k);
    this.sizeCell = s.newCells(1);
    s.cell[this.sizeCell] = n;
  }

  /** How many positions live[0..size) holds. */
  size(s: IntStore): number {
    return s.cell[this.sizeCell] as number;
  }

  /**
   * Drops live[k] from live[0..n) by swapping it with live[n − 1]; the caller walks on with n − 1
   * and, at the end, stores the size with `resize`.
   */
  drop(k: number, n: number): void {
    const p = this.live[k] as number;
    this.live[k] = this.live[n - 1] as number;
    this.live[n - 1] = p;
  }

  /** Records n as the size (trailed, so a backtrack restores the positions dropped since). */
  resize(s: IntStore, n: number): void {
    if (n !== s.cell[this.sizeCell]) s.setCell(this.sizeCell, n);
  }
}
