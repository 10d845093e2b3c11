import { INT_MIN, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { lowerSlot } from './sorted-slot.js';

/**
 * The `*` of short tables (XCSP3): a tuple entry equal to TABLE_STAR matches every value. It lies
 * below INT_MIN, so no variable can take it.
 */
export const TABLE_STAR = INT_MIN - 1;

/**
 * Positive table by Compact-Table (Demeusse, Lecoutre et al., CP 2016): the rows still valid under
 * the current domains are a reversible sparse bitset `currTable` (its words and its limit in store
 * cells, the word order `index` a permutation that backtracking need not restore), and each
 * (variable, value) has the bitset of rows supporting it, built once. A propagation updates
 * currTable for every variable whose domain shrank since the last call, by the smaller of its
 * removed and its remaining named values (the column's values alive at the last update are kept in
 * store cells): it clears the rows naming a removed value, or ANDs in the union of the supports of
 * the remaining ones. Then it removes each value whose support no longer meets currTable (checked
 * first at its residue word), skipping fixed variables and a bitmask variable that alone changed
 * (only rows naming its lost values went, so its remaining values keep their supports; an interval
 * variable is filtered even then). Rows with `*`
 * support every value of that column.
 *
 * Domain consistent on bitmask variables; on interval variables only the bounds move (an interior
 * removal is a no-op), and a fixed value outside every row empties currTable, so a violated full
 * assignment always fails.
 */
export class CompactTable implements CpPropagator {
  private readonly n: number;
  /** Words of a row bitset. */
  private readonly W: number;
  /** Per column: first slot in `vals`, and slot count; slots are the column's distinct values, sorted. */
  private readonly colStart: Int32Array;
  private readonly colCount: Int32Array;
  private readonly vals: Int32Array;
  /** W words per slot: rows whose entry is the slot's value or `*`. */
  private readonly supports: Uint32Array;
  /** W words per slot: rows whose entry is the slot's value (`supports` itself when no row has `*`). */
  private readonly named: Uint32Array;
  /** W words per column: rows with `*` there (the support of a value no row names). */
  private readonly stars: Uint32Array;
  /** Per slot, then per column for the star support: the word where a support was last found. */
  private readonly residue: Int32Array;
  /**
   * Store cells: W words of currTable, its limit, each variable's domain size at the last update,
   * then per column a bitset over its slots (from `aliveStart`): the values in the domain then.
   */
  private readonly wordCell: number;
  private readonly limitCell: number;
  private readonly sizeCell: number;
  private readonly aliveCell: number;
  private readonly aliveStart: Int32Array;
  /** Whether the current call has removed a row from currTable yet. */
  private cut = false;
  /** Scratch: the slots of one column removed since its last update, and those still there. */
  private readonly lost: Int32Array;
  private readonly kept: Int32Array;
  /** The non-zero words of currTable are index[0..limit). */
  private readonly index: Int32Array;

  /**
   * `rows` holds one tuple per `vars.length` entries (TABLE_STAR for `*`); rows outside the domains
   * are dropped, and so are those `keep` (given a row's first entry) refuses.
   */
  constructor(
    s: IntStore,
    readonly vars: Int32Array,
    rows: Int32Array,
    keep?: (at: number) => boolean,
  ) {
    const n = vars.length;
    this.n = n;
    const valid: number[] = [];
    for (let r = 0; n > 0 && r < rows.length / n; r++) {
      let ok = true;
      for (let i = 0; ok && i < n; i++) {
        const t = rows[r * n + i] as number;
        ok = t === TABLE_STAR || s.contains(vars[i] as number, t);
      }
      if (ok && (keep === undefined || keep(r * n))) valid.push(r);
    }
    const bits = tableBits(rows, n, Int32Array.from(valid));
    const T = valid.length;
    const W = bits.W;
    this.W = W;
    this.colStart = bits.colStart;
    this.colCount = bits.colCount;
    this.vals = bits.vals;
    this.supports = bits.supports;
    this.named = bits.named;
    this.stars = bits.stars;
    const slots = this.vals.length;
    this.residue = new Int32Array(slots + n);
    this.aliveStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.aliveStart[i + 1] = (this.aliveStart[i] as number) + (((this.colCount[i] as number) + 31) >>> 5);
    this.lost = new Int32Array(Math.max(0, ...this.colCount));
    this.kept = new Int32Array(this.lost.length);
    this.wordCell = s.newCells(W + 1 + n + (this.aliveStart[n] as number));
    this.limitCell = this.wordCell + W;
    this.sizeCell = this.limitCell + 1;
    this.aliveCell = this.sizeCell + n;
    for (let k = 0; k < W; k++) s.cell[this.wordCell + k] = k < W - 1 || (T & 31) === 0 ? 0xffffffff : (1 << (T & 31)) - 1;
    // Every named value is in its domain now (rows outside the domains were dropped).
    for (let i = 0; i < n; i++)
      for (let slot = 0; slot < (this.colCount[i] as number); slot++) {
        const c = this.aliveCell + (this.aliveStart[i] as number) + (slot >>> 5);
        s.cell[c] = ((s.cell[c] as number) | (1 << (slot & 31))) >>> 0;
      }
    s.cell[this.limitCell] = W;
    // Domain sizes are ≥ 1: 0 means "never read", so the first propagation updates every variable.
    this.index = Int32Array.from({ length: W }, (_, k) => k);
  }

  propagate(s: IntStore): boolean {
    if (s.cell[this.limitCell] === 0) return false;
    let changed = 0;
    let only = -1;
    let fresh = false;
    this.cut = false;
    for (let i = 0; i < this.n; i++) {
      const size = s.domSize(this.vars[i] as number);
      const before = s.cell[this.sizeCell + i] as number;
      if (size === before) continue;
      changed++;
      only = i;
      // A size of 0 was never recorded: no earlier call filtered this variable.
      fresh ||= before === 0;
      s.setCell(this.sizeCell + i, size);
      if (!this.update(s, i, size)) return false;
    }
    // Every value had a support after the last call; with no row gone, each still has it.
    if (fresh) only = -1;
    else if (!this.cut) return true;
    for (let i = 0; i < this.n; i++) {
      const v = this.vars[i] as number;
      if (s.domSize(v) === 1 || (changed === 1 && i === only && s.hasWindow(v))) continue;
      if (!(s.hasWindow(v) ? this.filterValues(s, i, v) : this.filterBounds(s, i, v))) return false;
      s.setCell(this.sizeCell + i, s.domSize(v));
    }
    return true;
  }

  /**
   * Brings currTable to column i's domain (of `size` values): clears the rows naming a value lost
   * since the last update when those are fewer than the named values left, else keeps only the
   * supports of those left. False when no row is left.
   */
  private update(s: IntStore, i: number, size: number): boolean {
    const { lost, kept } = this;
    const v = this.vars[i] as number;
    const first = this.colStart[i] as number;
    const aliveAt = this.aliveCell + (this.aliveStart[i] as number);
    const words = (this.aliveStart[i + 1] as number) - (this.aliveStart[i] as number);
    let nLost = 0;
    let left = 0;
    for (let a = 0; a < words; a++) {
      let bits = s.cell[aliveAt + a] as number;
      const old = bits;
      for (let rest = old; rest !== 0; rest = (rest & (rest - 1)) >>> 0) {
        const b = 31 - Math.clz32(rest & -rest);
        const slot = first + a * 32 + b;
        if (s.contains(v, this.vals[slot] as number)) kept[left++] = slot;
        else {
          lost[nLost++] = slot;
          bits = (bits & ~(1 << b)) >>> 0;
        }
      }
      if (bits !== old) s.setCell(aliveAt + a, bits);
    }
    if (nLost === 0) return true;
    if (nLost <= left) return this.restrict(s, lost, nLost, this.named, -1, true);
    // Values no row names are supported by the star rows only.
    return this.restrict(s, kept, left, this.supports, left < size ? i * this.W : -1, false);
  }

  /**
   * currTable &= m, or &= ~m when `clear`, where m is the union of `bits` of the first `count` of
   * `slots` (and of the star rows at `star` when ≥ 0); emptied words go past the limit. False when
   * no row is left.
   */
  private restrict(s: IntStore, slots: Int32Array, count: number, bits: Uint32Array, star: number, clear: boolean): boolean {
    const { W, index, stars } = this;
    const limit = s.cell[this.limitCell] as number;
    let left = limit;
    for (let k = limit - 1; k >= 0; k--) {
      const w = index[k] as number;
      let m = star >= 0 ? (stars[star + w] as number) : 0;
      for (let j = 0; j < count; j++) m |= bits[(slots[j] as number) * W + w] as number;
      const old = s.cell[this.wordCell + w] as number;
      const now = (clear ? old & ~m : old & m) >>> 0;
      if (now === old) continue;
      this.cut = true;
      s.setCell(this.wordCell + w, now);
      if (now === 0) {
        // Swap the emptied word past the limit; the permutation stays valid after any backtrack.
        left--;
        index[k] = index[left] as number;
        index[left] = w;
      }
    }
    if (left !== limit) s.setCell(this.limitCell, left);
    return left > 0;
  }

  /** Removes every value of a bitmask variable whose support misses currTable. */
  private filterValues(s: IntStore, i: number, v: number): boolean {
    for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) {
      const slot = this.slotOf(i, x);
      if (this.supportedAt(s, i, slot)) continue;
      if (!s.remove(v, x)) return false;
      // The value's rows are gone from currTable already: the next update need not count it lost.
      if (slot >= 0) {
        const c = this.aliveCell + (this.aliveStart[i] as number) + ((slot - (this.colStart[i] as number)) >>> 5);
        s.setCell(c, ((s.cell[c] as number) & ~(1 << ((slot - (this.colStart[i] as number)) & 31))) >>> 0);
      }
    }
    return true;
  }

  /** Moves an interval variable's bounds to its lowest and highest supported values. */
  private filterBounds(s: IntStore, i: number, v: number): boolean {
    const starAlive = this.meets(s, this.stars, i * this.W, this.residue.length - this.n + i);
    const hi = s.max(v);
    let x = s.min(v);
    while (x <= hi && !this.supported(s, i, x)) x = starAlive ? x + 1 : this.nextNamed(i, x);
    if (x > hi || !s.setMin(v, x)) return false;
    const lo = x;
    x = hi;
    while (x >= lo && !this.supported(s, i, x)) x = starAlive ? x - 1 : this.prevNamed(i, x);
    return x >= lo && s.setMax(v, x);
  }

  private supported(s: IntStore, i: number, x: number): boolean {
    return this.supportedAt(s, i, this.slotOf(i, x));
  }

  /** Whether column i's value at `slot` (−1: a value no row names) has a row left in currTable. */
  private supportedAt(s: IntStore, i: number, slot: number): boolean {
    return slot >= 0
      ? this.meets(s, this.supports, slot * this.W, slot)
      : this.meets(s, this.stars, i * this.W, this.residue.length - this.n + i);
  }

  /** Whether the bitset at `bits[at..at+W)` meets currTable; `res` is its residue slot. */
  private meets(s: IntStore, bits: Uint32Array, at: number, res: number): boolean {
    const r = this.residue[res] as number;
    if (((s.cell[this.wordCell + r] as number) & (bits[at + r] as number)) !== 0) return true;
    const limit = s.cell[this.limitCell] as number;
    for (let k = 0; k < limit; k++) {
      const w = this.index[k] as number;
      if (((s.cell[this.wordCell + w] as number) & (bits[at + w] as number)) !== 0) {
        this.residue[res] = w;
        return true;
      }
    }
    return false;
  }

  /** The slot of value x in column i, or −1 when no row names it. */
  private slotOf(i: number, x: number): number {
    const slot = this.lowerSlot(i, x);
    return slot < (this.colStart[i] as number) + (this.colCount[i] as number) && this.vals[slot] === x ? slot : -1;
  }

  /** The first slot of column i whose value is ≥ x (the column's end when none). */
  private lowerSlot(i: number, x: number): number {
    return lowerSlot(this.vals, this.colStart[i] as number, (this.colStart[i] as number) + (this.colCount[i] as number), x);
  }

  /** The smallest value a row names in column i above x (+Infinity when none). */
  private nextNamed(i: number, x: number): number {
    const slot = this.lowerSlot(i, x + 1);
    return slot < (this.colStart[i] as number) + (this.colCount[i] as number) ? (this.vals[slot] as number) : Infinity;
  }

  /** The largest value a row names in column i below x (−Infinity when none). */
  private prevNamed(i: number, x: number): number {
    const slot = this.lowerSlot(i, x) - 1;
    return slot >= (this.colStart[i] as number) ? (this.vals[slot] as number) : -Infinity;
  }
}

/** A table's row bitsets under one set of valid rows (read-only after building). */
interface TableBits {
  readonly valid: Int32Array;
  readonly W: number;
  readonly colStart: Int32Array;
  readonly colCount: Int32Array;
  readonly vals: Int32Array;
  readonly supports: Uint32Array;
  readonly named: Uint32Array;
  readonly stars: Uint32Array;
}

/**
 * The bitsets built per `rows` array and set of valid rows: the tables of an XCSP3 group share one
 * rows array and mostly the same domains, so they share their bitsets too (Steiner3-7's 21 tables
 * of 27720 rows: 3 MB of supports, built 21 times, otherwise).
 */
const built = new WeakMap<Int32Array, TableBits[]>();

function tableBits(rows: Int32Array, n: number, valid: Int32Array): TableBits {
  let list = built.get(rows);
  if (list === undefined) {
    list = [];
    built.set(rows, list);
  }
  const same = list.find((b) => b.valid.length === valid.length && b.valid.every((r, k) => r === valid[k]));
  if (same !== undefined) return same;
  const T = valid.length;
  const W = (T + 31) >>> 5;
  const colStart = new Int32Array(n);
  const colCount = new Int32Array(n);
  const columns: number[][] = [];
  for (let i = 0; i < n; i++) {
    const distinct = new Set<number>();
    for (const r of valid) if ((rows[r * n + i] as number) !== TABLE_STAR) distinct.add(rows[r * n + i] as number);
    const sorted = [...distinct].sort((a, b) => a - b);
    colStart[i] = i === 0 ? 0 : (colStart[i - 1] as number) + (colCount[i - 1] as number);
    colCount[i] = sorted.length;
    columns.push(sorted);
  }
  const vals = Int32Array.from(columns.flat());
  const slots = vals.length;
  const supports = new Uint32Array(slots * W);
  const stars = new Uint32Array(n * W);
  // A valid row with `*` makes named differ from supports (a loop: no copy of valid, no view per row).
  const starred = valid.some((r) => {
    for (let i = r * n; i < r * n + n; i++) if (rows[i] === TABLE_STAR) return true;
    return false;
  });
  const named = starred ? new Uint32Array(slots * W) : supports;
  for (let k = 0; k < T; k++) {
    const r = valid[k] as number;
    const word = k >>> 5;
    const bit = 1 << (k & 31);
    for (let i = 0; i < n; i++) {
      const t = rows[r * n + i] as number;
      const start = colStart[i] as number;
      const end = start + (colCount[i] as number);
      if (t === TABLE_STAR) {
        stars[i * W + word] = ((stars[i * W + word] as number) | bit) >>> 0;
        for (let slot = start; slot < end; slot++) supports[slot * W + word] = ((supports[slot * W + word] as number) | bit) >>> 0;
      } else {
        const slot = lowerSlot(vals, start, end, t);
        supports[slot * W + word] = ((supports[slot * W + word] as number) | bit) >>> 0;
        named[slot * W + word] = ((named[slot * W + word] as number) | bit) >>> 0;
      }
    }
  }
  const bits = { valid, W, colStart, colCount, vals, supports, named, stars };
  list.push(bits);
  return bits;
}
