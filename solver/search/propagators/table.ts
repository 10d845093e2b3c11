import { transpose } from '../../rounds/arcs.js';
import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, WAKE_DOM } from './propagator.js';

/**
 * Binary extensional constraint, bitwise arc consistency: value a of x keeps a support iff
 * (row_a AND dom_y) != 0. Revising x against y and then y against x reaches the fixpoint, because
 * support is symmetric: a value of y supported by a surviving value of x is never lost.
 */
export class TablePropagator implements Propagator {
  readonly vars: Int32Array;
  readonly wake = WAKE_DOM;
  readonly cost = COST_CHEAP;
  /** Rows of (y, x): bit a of row b iff (a, b) is allowed. */
  private readonly rowsT: Uint32Array;

  constructor(
    private readonly x: number,
    private readonly y: number,
    /** Rows of (x, y), the problem's stride per row. */
    private readonly rows: Uint32Array,
    domSize: Int32Array,
    words: number,
  ) {
    this.vars = x === y ? Int32Array.of(x) : Int32Array.of(x, y);
    this.rowsT = transpose(rows, domSize[x] as number, domSize[y] as number, words);
  }

  propagate(s: Store): boolean {
    if (this.x === this.y) return reviseDiagonal(s, this.x, this.rows);
    return revise(s, this.x, this.y, this.rows) && revise(s, this.y, this.x, this.rowsT);
  }
}

/** Keeps the values a of x with a support in dom y; false on wipe-out. */
function revise(s: Store, x: number, y: number, rows: Uint32Array): boolean {
  const w = s.words;
  const dom = s.dom;
  const xa = x * w;
  const ya = y * w;
  let any = 0;
  for (let k = 0; k < w; k++) {
    const old = dom[xa + k] as number;
    let rest = old;
    let keep = old;
    while (rest !== 0) {
      const low = rest & -rest;
      rest ^= low;
      const ra = (k * 32 + 31 - Math.clz32(low)) * w;
      let j = 0;
      while (j < w && ((rows[ra + j] as number) & (dom[ya + j] as number)) === 0) j++;
      if (j === w) keep ^= low;
    }
    if (keep >>> 0 !== old) {
      s.setWord(xa + k, keep);
      s.touch(x);
    }
    any |= keep;
  }
  return any !== 0;
}

/** A table over (x, x) allows value a iff (a, a) is allowed. */
function reviseDiagonal(s: Store, x: number, rows: Uint32Array): boolean {
  const w = s.words;
  const dom = s.dom;
  let any = 0;
  for (let k = 0; k < w; k++) {
    const old = dom[x * w + k] as number;
    let rest = old;
    let keep = old;
    while (rest !== 0) {
      const low = rest & -rest;
      rest ^= low;
      const a = k * 32 + 31 - Math.clz32(low);
      if ((((rows[a * w + k] as number) >>> (a & 31)) & 1) === 0) keep ^= low;
    }
    if (keep >>> 0 !== old) {
      s.setWord(x * w + k, keep);
      s.touch(x);
    }
    any |= keep;
  }
  return any !== 0;
}
