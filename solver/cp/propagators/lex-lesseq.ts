import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * `lex_lesseq(x, y)`: x ≤ y lexicographically, compared from the first element; when one is a
 * prefix of the other, the shorter is the smaller (MiniZinc's definition for arrays of different
 * lengths). Domain consistent:
 *
 * Let α be the first position whose pair is not fixed to one value. The suffix after α can be made
 * ≤ exactly when (min x) ≤lex (max y) there (lowering x and raising y elementwise never hurts). So
 * x[α] ≤ y[α], strictly when the suffix cannot be made ≤; once x[α] < y[α] is possible, every
 * later value is supported. α itself advances when this fixes the pair to one value. The reversible
 * position α is kept in a store cell.
 */
export class LexLesseq implements CpPropagator {
  private readonly alphaCell: number;
  private readonly common: number;

  constructor(
    s: IntStore,
    readonly x: Int32Array,
    readonly y: Int32Array,
  ) {
    this.alphaCell = s.newCells(1);
    this.common = Math.min(x.length, y.length);
  }

  propagate(s: IntStore): boolean {
    const { x, y } = this;
    let a = s.cell[this.alphaCell] as number;
    for (; a < this.common; a++) {
      const xa = x[a] as number;
      const ya = y[a] as number;
      const strict = !this.suffixCanBeLesseq(s, a + 1);
      const gap = strict ? 1 : 0;
      if (!s.setMax(xa, s.max(ya) - gap) || !s.setMin(ya, s.min(xa) + gap)) return false;
      if (!(s.isFixed(xa) && s.isFixed(ya) && s.value(xa) === s.value(ya))) break;
    }
    s.setCell(this.alphaCell, a);
    return a < this.common || x.length <= y.length;
  }

  /** Whether the positions from `from` on can be made ≤lex: (min x) ≤lex (max y) there. */
  private suffixCanBeLesseq(s: IntStore, from: number): boolean {
    for (let k = from; k < this.common; k++) {
      const lo = s.min(this.x[k] as number);
      const hi = s.max(this.y[k] as number);
      if (lo !== hi) return lo < hi;
    }
    return this.x.length <= this.y.length;
  }
}
