import { popcount32 } from '../model/problem.js';
import { Slab } from './slab.js';

/** How a store undoes search decisions (see Store). */
export type UndoMode = 'snapshot' | 'trail';

/** Snapshot slots allocated up front (the current domains plus 15 levels); deeper searches grow them. */
const INITIAL_LEVELS = 16;
/**
 * Largest store (n * words) undone by snapshots. A snapshot copies every word per level, the trail
 * costs a few operations per changed word. Measured per node over 20,000 nodes (search with the
 * variable choice each mode uses): random 4-colourings ran 10-20% slower on the trail up to 1,000
 * variables and faster from 2,000 (1.4x at 8,000, 2.8x at 16,000); random 3-CNF were too noisy to
 * tell apart from 250 to 16,000 variables. Sudoku and the benchmark graphs stay on snapshots, and
 * a huge problem, whose search opens about one level per variable, gets the trail (snapshots there
 * are n² work).
 */
export const SNAPSHOT_WORDS = 1 << 13;
/** Trail entries allocated up front in trail mode; grown by doubling. */
const INITIAL_TRAIL = 256;

/**
 * The domain store: every variable's domain as `words` bitmask words in one Uint32Array, plus what
 * undoes search decisions, in one of two modes chosen by size (`Store.modeFor`):
 * - snapshot: opening a level copies all domains, backtracking copies them back. One memmove per
 *   level beats recording every change for the small problems we mostly solve (sudoku, colouring).
 * - trail: each word keeps the level at which its old value was saved (a stamp), so the first write
 *   to a word in a level records (word, old value) on the trail and later writes cost a comparison;
 *   backtracking pops the trail. Work per level follows what changed, not the problem's size.
 *
 * Every write to `dom` goes through `setWord` (or remove/assign/restrict, which use it); propagators
 * report each variable they narrowed with `touch(v)`, and the engine drains that list to wake the
 * propagators watching those variables. In trail mode the store also lists the variables whose
 * domain changed either way (narrowed or restored) for the variable choice (`popDirty`).
 */
export class Store {
  /** Number of variables. */
  readonly n: number;
  /** Words per domain (the problem's stride). */
  readonly words: number;
  readonly mode: UndoMode;
  /** Current domains: variable v is dom[v*words .. v*words+words). In snapshot mode a view of slot 0 of `buf`. */
  dom: Uint32Array;
  /** Snapshot mode: slot 0 holds the current domains, slot l+1 the snapshot taken when level l+1 was opened. */
  private buf: Uint32Array;
  /** Current decision level (number of open levels). */
  level = 0;
  /** Variables narrowed since the engine last drained them, each listed once. */
  readonly touched: Int32Array;
  nTouched = 0;
  private readonly isTouched: Uint8Array;
  // Trail mode only (empty in snapshot mode).
  /**
   * Per word, the stamp of the level that saved its old value last. Stamps count every level ever
   * opened, so they are doubles: exact up to 2^53 levels, where 32 bits would wrap within hours.
   */
  private readonly stamp: Float64Array;
  /** The current level's stamp; level 0's is 0, which every word starts with (level 0 is never undone). */
  private now = 0;
  /** Stamps handed out so far. */
  private stamps = 0;
  /** Per open level (index = level; level 0's entry stays 0), its stamp and the trail length when it was opened. */
  private levelStamp: Float64Array = new Float64Array(INITIAL_LEVELS);
  private levelTrail: Int32Array = new Int32Array(INITIAL_LEVELS);
  /** Saved words: index and old value. */
  private trailWord: Int32Array = new Int32Array(0);
  private trailOld: Uint32Array = new Uint32Array(0);
  private trailLength = 0;
  /** Variables whose domain or branching weight changed since the variable choice last looked, each listed once. */
  private readonly dirty: Int32Array;
  private nDirty = 0;
  private readonly isDirty: Uint8Array;

  /** `slab` (sized with `Store.bytes`) holds the store's arrays when given. */
  constructor(
    init: Uint32Array,
    n: number,
    words: number,
    mode: UndoMode = Store.modeFor(n, words),
    slab: Slab = new Slab(Store.bytes(n, words, mode)),
  ) {
    this.n = n;
    this.words = words;
    this.mode = mode;
    const size = n * words;
    const trail = mode === 'trail';
    this.buf = slab.uint32(trail ? size : size * INITIAL_LEVELS);
    this.buf.set(init.subarray(0, size));
    this.dom = this.buf.subarray(0, size);
    this.touched = slab.int32(n);
    this.isTouched = slab.uint8(n);
    this.stamp = slab.float64(trail ? size : 0);
    this.dirty = slab.int32(trail ? n : 0);
    this.isDirty = slab.uint8(trail ? n : 0);
    if (trail) {
      this.trailWord = new Int32Array(INITIAL_TRAIL);
      this.trailOld = new Uint32Array(INITIAL_TRAIL);
    }
  }

  /** The mode a store over n variables of `words` words uses by default. */
  static modeFor(n: number, words: number): UndoMode {
    return n * words > SNAPSHOT_WORDS ? 'trail' : 'snapshot';
  }

  /** Slab bytes a store over n variables of `words` words takes. */
  static bytes(n: number, words: number, mode: UndoMode = Store.modeFor(n, words)): number {
    const size = n * words;
    const common = Slab.bytes(n, 4) + Slab.bytes(n, 1);
    if (mode === 'snapshot') return Slab.bytes(size * INITIAL_LEVELS, 4) + common;
    return Slab.bytes(size, 4) + Slab.bytes(size, 8) + 2 * common;
  }

  /** Back to level 0 with the domains `init`, as a new store (for reusing one across problems of one shape). */
  reset(init: Uint32Array): void {
    this.dom.set(init.subarray(0, this.n * this.words));
    this.level = 0;
    this.clearTouched();
    if (this.mode === 'trail') {
      this.trailLength = 0;
      this.now = 0;
      this.stamp.fill(0);
      this.stamps = 0;
      while (this.nDirty > 0) this.isDirty[this.dirty[--this.nDirty] as number] = 0;
    }
  }

  /** Opens a new decision level. */
  push(): void {
    if (this.mode === 'trail') {
      this.pushTrail();
      return;
    }
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

  /** Restores the domains as they were when `level + 1` was opened and closes the levels above `level`. */
  backtrackTo(level: number): void {
    if (level >= this.level) return;
    if (this.mode === 'trail') this.undoTrail(level);
    else {
      const size = this.n * this.words;
      this.buf.copyWithin(0, (level + 1) * size, (level + 2) * size);
    }
    this.level = level;
    this.clearTouched();
  }

  /** Sets word k of the domains (variable k / words), saving its old value first in trail mode. */
  setWord(k: number, value: number): void {
    if (this.mode === 'trail' && this.stamp[k] !== this.now) this.save(k);
    this.dom[k] = value;
  }

  /** Trail mode: the next variable whose domain or weight changed since the last call (-1 when none). */
  popDirty(): number {
    if (this.nDirty === 0) return -1;
    const v = this.dirty[--this.nDirty] as number;
    this.isDirty[v] = 0;
    return v;
  }

  /** Trail mode: lists v for the variable choice (its domain or weight changed); no-op in snapshot mode. */
  markDirty(v: number): void {
    if (this.mode === 'snapshot' || this.isDirty[v]) return;
    this.isDirty[v] = 1;
    this.dirty[this.nDirty++] = v;
  }

  private pushTrail(): void {
    const lvl = ++this.level;
    if (lvl === this.levelStamp.length) {
      this.levelStamp = grownFloat64(this.levelStamp, lvl * 2);
      this.levelTrail = grownInt32(this.levelTrail, lvl * 2);
    }
    this.now = ++this.stamps;
    this.levelStamp[lvl] = this.now;
    this.levelTrail[lvl] = this.trailLength;
  }

  private undoTrail(level: number): void {
    const { dom, trailWord, trailOld, words } = this;
    const stop = this.levelTrail[level + 1] as number;
    for (let t = this.trailLength - 1; t >= stop; t--) {
      const k = trailWord[t] as number;
      dom[k] = trailOld[t] as number;
      this.markDirty((k / words) | 0);
    }
    this.trailLength = stop;
    this.now = this.levelStamp[level] as number;
  }

  private save(k: number): void {
    this.stamp[k] = this.now;
    const t = this.trailLength++;
    if (t === this.trailWord.length) {
      this.trailWord = grownInt32(this.trailWord, t * 2);
      this.trailOld = grownUint32(this.trailOld, t * 2);
    }
    this.trailWord[t] = k;
    this.trailOld[t] = this.dom[k] as number;
  }

  /** Records that v's domain was narrowed. */
  touch(v: number): void {
    this.markDirty(v);
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
    this.setWord(k, y);
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
        this.setWord(v * w + k, want);
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
        this.setWord(v * w + k, y);
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

function grownInt32(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

function grownUint32(a: Uint32Array, length: number): Uint32Array {
  const b = new Uint32Array(length);
  b.set(a);
  return b;
}

function grownFloat64(a: Float64Array, length: number): Float64Array {
  const b = new Float64Array(length);
  b.set(a);
  return b;
}
