import { popcount32 } from '../model/problem.js';
import { Slab } from './slab.js';

/**
 * The domain store: every variable's domain as `words` bitmask words in one Uint32Array, plus the
 * trail that undoes search decisions. Backtracking copies back a full snapshot of the domains taken
 * when the level was opened: for the problem sizes we handle (a few thousand words) one memmove
 * per level beats recording every word change (measured on sudoku and colouring).
 *
 * Propagators write `dom` directly and report each variable they narrowed with `touch(v)`; the
 * engine drains that list to wake the propagators watching those variables.
 */
/** Snapshot slots allocated up front (the current domains plus 15 levels); deeper searches grow them. */
const INITIAL_LEVELS = 16;

export class Store {
  /** Number of variables. */
  readonly n: number;
  /** Words per domain (the problem's stride). */
  readonly words: number;
  /** Current domains: variable v is dom[v*words .. v*words+words). A view of slot 0 of `buf`. */
  dom: Uint32Array;
  /** Slot 0 holds the current domains, slot l+1 the snapshot taken when level l+1 was opened. */
  private buf: Uint32Array;
  /** Current decision level (number of open snapshots). */
  level = 0;
  /** Variables narrowed since the engine last drained them, each listed once. */
  readonly touched: Int32Array;
  nTouched = 0;
  private readonly isTouched: Uint8Array;

  /** `slab` (sized with `Store.bytes`) holds the store's arrays when given. */
  constructor(init: Uint32Array, n: number, words: number, slab: Slab = new Slab(Store.bytes(n, words))) {
    this.n = n;
    this.words = words;
    const size = n * words;
    this.buf = slab.uint32(size * INITIAL_LEVELS);
    this.buf.set(init.subarray(0, size));
    this.dom = this.buf.subarray(0, size);
    this.touched = slab.int32(n);
    this.isTouched = slab.uint8(n);
  }

  /** Slab bytes a store over n variables of `words` words takes. */
  static bytes(n: number, words: number): number {
    return Slab.bytes(n * words * INITIAL_LEVELS, 4) + Slab.bytes(n, 4) + Slab.bytes(n, 1);
  }

  /** Back to level 0 with the domains `init`, as a new store (for reusing one across problems of one shape). */
  reset(init: Uint32Array): void {
    this.dom.set(init.subarray(0, this.n * this.words));
    this.level = 0;
    this.clearTouched();
  }

  /** Opens a new decision level, saving the current domains. */
  push(): void {
    const size = this.n * this.words;
    const need = (this.level + 2) * size;
    if (need > this.buf.length) {
      const grown = new Uint32Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf);
      this.buf = grown;
      this.dom = grown.subarray(0, size);
    }
    this.level++;
    this.buf.copyWithin(this.level * size, 0, size);
  }

  /** Restores the domains saved when `level + 1` was opened and closes the levels above `level`. */
  backtrackTo(level: number): void {
    if (level >= this.level) return;
    const size = this.n * this.words;
    this.buf.copyWithin(0, (level + 1) * size, (level + 2) * size);
    this.level = level;
    this.clearTouched();
  }

  /** Records that v's domain was narrowed. */
  touch(v: number): void {
    if (this.isTouched[v]) return;
    this.isTouched[v] = 1;
    this.touched[this.nTouched++] = v;
  }

  clearTouched(): void {
    for (let k = 0; k < this.nTouched; k++) this.isTouched[this.touched[k] as number] = 0;
    this.nTouched = 0;
  }

  /** Takes the next touched variable off the list (-1 when none). */
  popTouched(): number {
    if (this.nTouched === 0) return -1;
    const v = this.touched[--this.nTouched] as number;
    this.isTouched[v] = 0;
    return v;
  }

  /** Number of values in v's domain. */
  size(v: number): number {
    const w = this.words;
    let c = 0;
    for (let k = v * w, e = k + w; k < e; k++) c += popcount32(this.dom[k] as number);
    return c;
  }

  /** The value of v when its domain is a singleton, -1 when it has several values, -2 when empty. */
  fixedValue(v: number): number {
    const w = this.words;
    const dom = this.dom;
    if (w === 1) {
      const x = dom[v] as number;
      return x === 0 ? -2 : (x & (x - 1)) !== 0 ? -1 : 31 - Math.clz32(x);
    }
    let found = -2;
    for (let k = 0; k < w; k++) {
      const x = dom[v * w + k] as number;
      if (x === 0) continue;
      if (found !== -2 || (x & (x - 1)) !== 0) return -1;
      found = k * 32 + (31 - Math.clz32(x));
    }
    return found;
  }

  /** Smallest value of v's domain, -1 when empty. */
  minValue(v: number): number {
    const w = this.words;
    for (let k = 0; k < w; k++) {
      const x = this.dom[v * w + k] as number;
      if (x !== 0) return k * 32 + (31 - Math.clz32(x & -x));
    }
    return -1;
  }

  has(v: number, a: number): boolean {
    return (((this.dom[v * this.words + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
  }

  /** Removes value a from v; false when v's domain becomes empty. */
  remove(v: number, a: number): boolean {
    const k = v * this.words + (a >>> 5);
    const x = this.dom[k] as number;
    const bit = 1 << (a & 31);
    if ((x & bit) === 0) return true;
    const y = x & ~bit;
    this.dom[k] = y;
    this.touch(v);
    return y !== 0 || !this.isEmptyAt(v);
  }

  /** Reduces v's domain to {a}; false when a was not in it. */
  assign(v: number, a: number): boolean {
    const w = this.words;
    const dom = this.dom;
    const had = this.has(v, a);
    let changed = false;
    for (let k = 0; k < w; k++) {
      const want = k === a >>> 5 && had ? (1 << (a & 31)) >>> 0 : 0;
      if ((dom[v * w + k] as number) !== want) {
        dom[v * w + k] = want;
        changed = true;
      }
    }
    if (changed) this.touch(v);
    return had;
  }

  /** Intersects v's domain with the mask at mask[at .. at+words); false when it becomes empty. */
  restrict(v: number, mask: Uint32Array, at: number): boolean {
    const w = this.words;
    const dom = this.dom;
    let changed = false;
    let any = 0;
    for (let k = 0; k < w; k++) {
      const x = dom[v * w + k] as number;
      const y = (x & (mask[at + k] as number)) >>> 0;
      if (y !== x) {
        dom[v * w + k] = y;
        changed = true;
      }
      any |= y;
    }
    if (changed) this.touch(v);
    return any !== 0;
  }

  isEmptyAt(v: number): boolean {
    const w = this.words;
    for (let k = v * w, e = k + w; k < e; k++) if ((this.dom[k] as number) !== 0) return false;
    return true;
  }
}
