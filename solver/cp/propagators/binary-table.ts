import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { TABLE_STAR } from './compact-table.js';
import { slotOf } from './sorted-slot.js';

/**
 * Positive table on two variables by arc consistency with residues (AC3rm): per value of each side,
 * the sorted values of the other side it is listed with, in one array per side (offsets per value);
 * the support found last is tried first (a residue: never undone, a stale one is only re-checked).
 * Memory is linear in the table, where Compact-Table keeps a bitset of every row per value: 25 MB
 * for a 10001-row table on two 10001-value columns (Wwtpp's), so large binary tables come here.
 * Rows with `*` are expanded over the other variable's domain when posted (domains only shrink).
 *
 * Domain consistent on bitmask variables; on interval variables the bounds move to supported values
 * (an interior removal is a no-op), so a full assignment outside the table always fails.
 */
export class BinaryTable implements CpPropagator {
  /** Per side (0: x, 1: y): its listed values sorted, the offsets of their supports, the supports, the residues. */
  private readonly values: Int32Array[] = [];
  private readonly start: Int32Array[] = [];
  private readonly supports: Int32Array[] = [];
  private readonly residue: Int32Array[] = [];
  private readonly v: Int32Array;

  /** `rows` holds pairs (x value, y value), TABLE_STAR for `*`. */
  constructor(s: IntStore, x: number, y: number, rows: Int32Array) {
    this.v = Int32Array.of(x, y);
    const pairs: number[] = [];
    const domain = (u: number): number[] => {
      const out: number[] = [];
      for (let a = s.min(u); a <= s.max(u); a = s.next(u, a)) out.push(a);
      return out;
    };
    for (let r = 0; r + 1 < rows.length; r += 2) {
      const a = rows[r] as number;
      const b = rows[r + 1] as number;
      for (const p of a === TABLE_STAR ? domain(x) : s.contains(x, a) ? [a] : [])
        for (const q of b === TABLE_STAR ? domain(y) : s.contains(y, b) ? [b] : []) pairs.push(p, q);
    }
    for (let side = 0; side < 2; side++) {
      // Pairs ordered by this side's value, then the other's.
      const order = Array.from({ length: pairs.length / 2 }, (_, k) => k).sort(
        (i, j) =>
          (pairs[2 * i + side] as number) - (pairs[2 * j + side] as number) ||
          (pairs[2 * i + 1 - side] as number) - (pairs[2 * j + 1 - side] as number),
      );
      const values: number[] = [];
      const start: number[] = [];
      const supports: number[] = [];
      for (const k of order) {
        const a = pairs[2 * k + side] as number;
        const b = pairs[2 * k + 1 - side] as number;
        if (values.at(-1) !== a) {
          values.push(a);
          start.push(supports.length);
        } else if (supports.at(-1) === b) continue;
        supports.push(b);
      }
      start.push(supports.length);
      this.values.push(Int32Array.from(values));
      this.start.push(Int32Array.from(start));
      this.supports.push(Int32Array.from(supports));
      this.residue.push(Int32Array.from(values, (_, i) => supports[start[i] as number] as number));
    }
  }

  propagate(s: IntStore): boolean {
    return this.revise(s, 0) && this.revise(s, 1);
  }

  /** Removes the values of side `side` with no support left in the other's domain. */
  private revise(s: IntStore, side: number): boolean {
    const u = this.v[side] as number;
    const w = this.v[1 - side] as number;
    if (s.hasWindow(u)) {
      for (let a = s.min(u); a <= s.max(u); a = s.next(u, a)) if (!this.supported(s, side, a, w) && !s.remove(u, a)) return false;
      return true;
    }
    // An interval: only its bounds can move.
    while (!this.supported(s, side, s.min(u), w)) if (!s.setMin(u, s.min(u) + 1)) return false;
    while (!this.supported(s, side, s.max(u), w)) if (!s.setMax(u, s.max(u) - 1)) return false;
    return true;
  }

  /** Whether value `a` of side `side` has a support in the domain of `w`. */
  private supported(s: IntStore, side: number, a: number, w: number): boolean {
    const at = slotOf(this.values[side] as Int32Array, a);
    if (at < 0) return false;
    const residue = this.residue[side] as Int32Array;
    if (s.contains(w, residue[at] as number)) return true;
    const supports = this.supports[side] as Int32Array;
    const start = this.start[side] as Int32Array;
    for (let k = start[at] as number, end = start[at + 1] as number; k < end; k++)
      if (s.contains(w, supports[k] as number)) {
        residue[at] = supports[k] as number;
        return true;
      }
    return false;
  }
}
