import { EV_FIX, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';

/**
 * A clause over 0/1 variables: some `pos` variable is 1 or some `neg` variable is 0 (FlatZinc
 * `bool_clause`). Two watched literals, kept in store cells: the propagator is woken on every fix
 * of its variables (the Space's watch lists are static), but while both watches are unfixed or
 * one is true it returns after two reads instead of scanning the clause.
 */
export class BoolClause implements CpPropagator {
  /** Literal i is variable vars[i], true at value want[i]. */
  private readonly vars: Int32Array;
  private readonly want: Uint8Array;
  /** Cells holding the indices of the two watched literals. */
  private readonly w1: number;
  private readonly w2: number;

  constructor(s: IntStore, pos: Int32Array, neg: Int32Array) {
    this.vars = new Int32Array(pos.length + neg.length);
    this.vars.set(pos);
    this.vars.set(neg, pos.length);
    this.want = new Uint8Array(this.vars.length).fill(1, 0, pos.length);
    this.w1 = s.newCells(2);
    this.w2 = this.w1 + 1;
    s.cell[this.w2] = 1;
  }

  propagate(s: IntStore): boolean {
    const n = this.vars.length;
    if (n === 0) return false;
    if (n === 1) return this.force(s, 0);
    let a = s.cell[this.w1] as number;
    let b = s.cell[this.w2] as number;
    if (this.isTrue(s, a) || this.isTrue(s, b)) return true;
    if (this.isFalse(s, a)) {
      a = this.replacement(s, a, b);
      if (a >= 0) s.setCell(this.w1, a);
      else return this.force(s, b);
    }
    if (this.isFalse(s, b)) {
      b = this.replacement(s, b, a);
      if (b >= 0) s.setCell(this.w2, b);
      else return this.force(s, a);
    }
    return true;
  }

  /** A literal other than `other` that is not false (from after `from`, wrapping), or −1. */
  private replacement(s: IntStore, from: number, other: number): number {
    const n = this.vars.length;
    for (let k = 1; k < n; k++) {
      let i = from + k;
      if (i >= n) i -= n;
      if (i !== other && !this.isFalse(s, i)) return i;
    }
    return -1;
  }

  /** Literal i is the last one that can be true: make it so. */
  private force(s: IntStore, i: number): boolean {
    const v = this.vars[i] as number;
    return s.fix(v, this.want[i] as number);
  }

  private isTrue(s: IntStore, i: number): boolean {
    const v = this.vars[i] as number;
    return s.isFixed(v) && s.value(v) === this.want[i];
  }

  private isFalse(s: IntStore, i: number): boolean {
    const v = this.vars[i] as number;
    return !s.contains(v, this.want[i] as number);
  }
}

/** Posts `bool_clause(pos, neg)`: woken when any of its variables is fixed. */
export function postBoolClause(space: Space, pos: Int32Array, neg: Int32Array): number {
  const id = space.post(new BoolClause(space.store, pos, neg));
  for (const v of pos) space.watch(id, v, EV_FIX);
  for (const v of neg) space.watch(id, v, EV_FIX);
  return id;
}
