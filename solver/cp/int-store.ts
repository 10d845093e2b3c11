/**
 * Integer domains for the CP engine (FlatZinc and anything beyond 1024 values).
 *
 * Every variable has bounds lo..hi. A variable whose initial span is at most BITMASK_SPAN values
 * also keeps a bitmask window (bit k = value base + k), so holes are exact there and the bitwise
 * operations the rest of softprop is built on stay available; a wider variable (an objective, a
 * sum, an unbounded `var int`) is an interval, where removing an interior value is a no-op (sound:
 * every propagator checks its constraint once its variables are fixed). The bounds of a bitmask
 * variable are always its lowest and highest set bit.
 *
 * All state a search must undo is in two flat arrays, `cell` (numbers: the bounds, the sizes of
 * windows wider than SIZE_CACHE_WORDS, and cells that propagators allocate for their own reversible
 * state) and `bits` (the windows' words), and every write goes through the trail: `mark()` before a
 * decision, `undo(mark)` to return to it.
 *
 * Changes are reported to `onChange(v, event)` (the Space's scheduler) with the strongest event:
 * EV_FIX ⊃ EV_BOUNDS ⊃ EV_DOMAIN.
 */

/** Widest initial span kept as a bitmask (128 words). */
export const BITMASK_SPAN = 4096;
/** Windows wider than this many words keep their size in a cell (domSize is then O(1), not a popcount per word). */
const SIZE_CACHE_WORDS = 4;
/** Value range of every variable: Gecode's 32-bit limits, so products of two values stay exact in a double. */
export const INT_MAX = 2 ** 31 - 2;
export const INT_MIN = -INT_MAX;

/** A value left the domain, neither bound moved. */
export const EV_DOMAIN = 1;
/** A bound moved (the domain may have lost interior values too). */
export const EV_BOUNDS = 2;
/** The variable became fixed. */
export const EV_FIX = 3;

const NO_WINDOW = -1;

export class IntStore {
  /** Variables created so far. */
  size = 0;
  /** Reversible numbers: each variable's lo and hi (two adjacent cells), and propagators' cells. */
  cell: Float64Array = new Float64Array(64);
  cellCount = 0;
  /** Bitmask windows' words. */
  bits: Uint32Array = new Uint32Array(64);
  bitCount = 0;
  /** Per variable: index of lo in `cell` (hi is next), window's first word or NO_WINDOW, window base value. */
  private boundCell: Int32Array = new Int32Array(16);
  private windowWord: Int32Array = new Int32Array(16);
  private windowBase: Float64Array = new Float64Array(16);
  private windowWords: Int32Array = new Int32Array(16);
  /** Per variable: the cell holding its domain size (a window wider than SIZE_CACHE_WORDS), or −1. */
  private sizeCell: Int32Array = new Int32Array(16);
  /** Trail entries: slot ≥ 0 is a cell, slot < 0 is bits word ~slot; the value before the write. */
  private trailSlot: Int32Array = new Int32Array(256);
  private trailOld: Float64Array = new Float64Array(256);
  private trailLen = 0;
  /** Called after every narrowing (set by the Space). */
  onChange: (v: number, event: number) => void = () => {};

  /**
   * A new variable over lo..hi (clamped to INT_MIN..INT_MAX). An empty range gives an empty
   * variable (min > max, domSize ≤ 0), which the search reports as a failure at the root.
   */
  newVar(lo: number, hi: number): number {
    lo = Math.max(lo, INT_MIN);
    hi = Math.min(hi, INT_MAX);
    const v = this.size++;
    if (v >= this.boundCell.length) this.growVars();
    const c = this.newCells(2);
    this.cell[c] = lo;
    this.cell[c + 1] = hi;
    this.boundCell[v] = c;
    const span = hi - lo + 1;
    if (span >= 1 && span <= BITMASK_SPAN) {
      const words = (span + 31) >>> 5;
      const w = this.newWords(words);
      this.windowWord[v] = w;
      this.windowBase[v] = lo;
      this.windowWords[v] = words;
      this.bits.fill(0xffffffff, w, w + words);
      const tail = span & 31;
      if (tail) this.bits[w + words - 1] = (1 << tail) - 1;
      this.sizeCell[v] = words > SIZE_CACHE_WORDS ? this.newCells(1) : -1;
      if (words > SIZE_CACHE_WORDS) this.cell[this.sizeCell[v] as number] = span;
    } else {
      this.windowWord[v] = NO_WINDOW;
      this.sizeCell[v] = -1;
    }
    return v;
  }

  /** A new variable over a sorted list of distinct values (those outside INT_MIN..INT_MAX are dropped). */
  newVarOf(values: readonly number[]): number {
    let a = 0;
    let b = values.length - 1;
    while (a <= b && (values[a] as number) < INT_MIN) a++;
    while (a <= b && (values[b] as number) > INT_MAX) b--;
    if (a > b) return this.newVar(1, 0);
    const v = this.newVar(values[a] as number, values[b] as number);
    const w = this.windowWord[v] as number;
    if (w !== NO_WINDOW) {
      const base = this.windowBase[v] as number;
      this.bits.fill(0, w, w + (this.windowWords[v] as number));
      for (let i = a; i <= b; i++) {
        const k = (values[i] as number) - base;
        this.bits[w + (k >>> 5)] = ((this.bits[w + (k >>> 5)] as number) | (1 << (k & 31))) >>> 0;
      }
      const sc = this.sizeCell[v] as number;
      if (sc >= 0) this.cell[sc] = b - a + 1;
    }
    return v;
  }

  /** `count` reversible cells for a propagator's own state (initialised to 0); returns the first index. */
  newCells(count: number): number {
    const first = this.cellCount;
    this.cellCount += count;
    if (this.cellCount > this.cell.length) this.cell = grow(this.cell, this.cellCount) as Float64Array;
    return first;
  }

  /** Writes a reversible cell. */
  setCell(i: number, value: number): void {
    const old = this.cell[i] as number;
    if (old === value) return;
    this.push(i, old);
    this.cell[i] = value;
  }

  min(v: number): number {
    return this.cell[this.boundCell[v] as number] as number;
  }

  max(v: number): number {
    return this.cell[(this.boundCell[v] as number) + 1] as number;
  }

  isFixed(v: number): boolean {
    const c = this.boundCell[v] as number;
    return this.cell[c] === this.cell[c + 1];
  }

  /** The value of a fixed variable (its lower bound otherwise). */
  value(v: number): number {
    return this.min(v);
  }

  /** True when v is held as a bitmask (holes exact). */
  hasWindow(v: number): boolean {
    return this.windowWord[v] !== NO_WINDOW;
  }

  contains(v: number, x: number): boolean {
    const lo = this.min(v);
    const hi = this.max(v);
    if (x < lo || x > hi) return false;
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) return true;
    const k = x - (this.windowBase[v] as number);
    return (((this.bits[w + (k >>> 5)] as number) >>> (k & 31)) & 1) === 1;
  }

  /** Number of values in the domain. */
  domSize(v: number): number {
    const lo = this.min(v);
    const hi = this.max(v);
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) return hi - lo + 1;
    const sc = this.sizeCell[v] as number;
    return sc >= 0 ? (this.cell[sc] as number) : this.countBits(v, w, lo, hi);
  }

  /** The smallest value of v greater than x, or +Infinity. */
  next(v: number, x: number): number {
    const hi = this.max(v);
    if (x >= hi) return Infinity;
    const lo = this.min(v);
    if (x < lo) return lo;
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) return x + 1;
    return this.scanUp(v, w, x + 1 - (this.windowBase[v] as number), hi);
  }

  /** The largest value of v smaller than x, or −Infinity. */
  prev(v: number, x: number): number {
    const lo = this.min(v);
    if (x <= lo) return -Infinity;
    const hi = this.max(v);
    if (x > hi) return hi;
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) return x - 1;
    return this.scanDown(v, w, x - 1 - (this.windowBase[v] as number), lo);
  }

  /** lo(v) := max(lo, ⌈x⌉). False when the domain empties. */
  setMin(v: number, x: number): boolean {
    const c = this.boundCell[v] as number;
    const lo = this.cell[c] as number;
    if (x <= lo) return true;
    // A propagator's bound may be fractional, or −0 from Math.ceil: the store holds integers.
    x = Math.ceil(x) + 0;
    const hi = this.cell[c + 1] as number;
    if (x > hi) return false;
    const w = this.windowWord[v] as number;
    if (w !== NO_WINDOW) {
      x = this.scanUp(v, w, x - (this.windowBase[v] as number), hi);
      this.shrinkSize(v, w, lo, x - 1);
    }
    this.push(c, lo);
    this.cell[c] = x;
    this.onChange(v, x === hi ? EV_FIX : EV_BOUNDS);
    return true;
  }

  /** hi(v) := min(hi, ⌊x⌋). False when the domain empties. */
  setMax(v: number, x: number): boolean {
    const c = this.boundCell[v] as number;
    const hi = this.cell[c + 1] as number;
    if (x >= hi) return true;
    x = Math.floor(x) + 0;
    const lo = this.cell[c] as number;
    if (x < lo) return false;
    const w = this.windowWord[v] as number;
    if (w !== NO_WINDOW) {
      x = this.scanDown(v, w, x - (this.windowBase[v] as number), lo);
      this.shrinkSize(v, w, x + 1, hi);
    }
    this.push(c + 1, hi);
    this.cell[c + 1] = x;
    this.onChange(v, x === lo ? EV_FIX : EV_BOUNDS);
    return true;
  }

  /** v := x. False when x is not in the domain. */
  fix(v: number, x: number): boolean {
    const c = this.boundCell[v] as number;
    const lo = this.cell[c] as number;
    const hi = this.cell[c + 1] as number;
    if (x < lo || x > hi) return false;
    if (lo === hi) return true;
    const w = this.windowWord[v] as number;
    if (w !== NO_WINDOW) {
      const k = x - (this.windowBase[v] as number);
      if ((((this.bits[w + (k >>> 5)] as number) >>> (k & 31)) & 1) === 0) return false;
    }
    x += 0; // −0 becomes 0
    const sc = this.sizeCell[v] as number;
    if (sc >= 0) this.setCell(sc, 1);
    if (lo !== x) {
      this.push(c, lo);
      this.cell[c] = x;
    }
    if (hi !== x) {
      this.push(c + 1, hi);
      this.cell[c + 1] = x;
    }
    this.onChange(v, EV_FIX);
    return true;
  }

  /** Removes x from v's domain (interior values of an interval variable stay). False when it empties. */
  remove(v: number, x: number): boolean {
    const lo = this.min(v);
    const hi = this.max(v);
    if (x < lo || x > hi) return true;
    if (x === lo) return lo === hi ? false : this.setMin(v, x + 1);
    if (x === hi) return this.setMax(v, x - 1);
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) return true;
    const k = x - (this.windowBase[v] as number);
    const word = w + (k >>> 5);
    const old = this.bits[word] as number;
    const bit = 1 << (k & 31);
    if ((old & bit) === 0) return true;
    this.push(~word, old);
    this.bits[word] = (old & ~bit) >>> 0;
    const sc = this.sizeCell[v] as number;
    if (sc >= 0) this.setCell(sc, (this.cell[sc] as number) - 1);
    this.onChange(v, EV_DOMAIN);
    return true;
  }

  /**
   * Keeps only the values of v inside `mask` (bit k = value `base` + k, `words` words at `offset`
   * of `mask`); values of v outside the mask's span are removed. False when the domain empties.
   * The bitwise path for tables and set_in: one AND per word when v's window starts at `base`; an
   * interval variable gets the bounds of the mask's values within its own (exact for bounds).
   */
  intersect(v: number, mask: Uint32Array, offset: number, base: number, words: number): boolean {
    const lo = this.min(v);
    const hi = this.max(v);
    const from = Math.max(lo, base);
    const to = Math.min(hi, base + words * 32 - 1);
    if (from > to) return false;
    const w = this.windowWord[v] as number;
    if (w === NO_WINDOW) {
      let a = from;
      while (a <= to && !maskHas(mask, offset, a - base)) a++;
      if (a > to) return false;
      let b = to;
      while (!maskHas(mask, offset, b - base)) b--;
      return this.setMin(v, a) && this.setMax(v, b);
    }
    if ((this.windowBase[v] as number) !== base) {
      if (!this.setMin(v, from) || !this.setMax(v, to)) return false;
      for (let x = this.min(v); x <= to; x = this.next(v, x)) if (!maskHas(mask, offset, x - base) && !this.remove(v, x)) return false;
      return true;
    }
    // Same base: AND the words that hold from..to; bits outside it may be stale and do not count.
    const kFrom = (from - base) >>> 5;
    const kTo = (to - base) >>> 5;
    let any = false;
    let lost = false;
    let count = 0;
    for (let k = kFrom; k <= kTo; k++) {
      const old = this.bits[w + k] as number;
      const now = (old & (mask[offset + k] as number)) >>> 0;
      if (now !== old) {
        this.push(~(w + k), old);
        this.bits[w + k] = now;
      }
      let range = 0xffffffff;
      if (k === kFrom) range &= 0xffffffff << ((from - base) & 31);
      if (k === kTo) range &= 0xffffffff >>> (31 - ((to - base) & 31));
      if (now & range) any = true;
      if (old & ~now & range) lost = true;
      count += popcount((now & range) >>> 0);
    }
    if (!any) return false;
    const nlo = this.scanUp(v, w, from - base, to);
    const nhi = this.scanDown(v, w, to - base, from);
    const sc = this.sizeCell[v] as number;
    if (sc >= 0) this.setCell(sc, count);
    const c = this.boundCell[v] as number;
    if (nlo !== lo) {
      this.push(c, lo);
      this.cell[c] = nlo;
    }
    if (nhi !== hi) {
      this.push(c + 1, hi);
      this.cell[c + 1] = nhi;
    }
    if (nlo === nhi && lo !== hi) this.onChange(v, EV_FIX);
    else if (nlo !== lo || nhi !== hi) this.onChange(v, EV_BOUNDS);
    else if (lost) this.onChange(v, EV_DOMAIN);
    return true;
  }

  /** The trail position to return to. */
  mark(): number {
    return this.trailLen;
  }

  /** Undoes every write made since `mark`. */
  undo(mark: number): void {
    for (let t = this.trailLen - 1; t >= mark; t--) {
      const slot = this.trailSlot[t] as number;
      if (slot >= 0) this.cell[slot] = this.trailOld[t] as number;
      else this.bits[~slot] = this.trailOld[t] as number;
    }
    this.trailLen = mark;
  }

  /** Set bits of v's window for the values a..b (none when a > b). */
  private countBits(v: number, w: number, a: number, b: number): number {
    if (a > b) return 0;
    const base = this.windowBase[v] as number;
    const first = w + ((a - base) >>> 5);
    const last = w + ((b - base) >>> 5);
    // Bits outside a..b may be stale (bounds move without clearing them): mask the end words.
    const aMask = (0xffffffff << ((a - base) & 31)) >>> 0;
    const bMask = 0xffffffff >>> (31 - ((b - base) & 31));
    if (first === last) return popcount((this.bits[first] as number) & aMask & bMask);
    let n = popcount((this.bits[first] as number) & aMask) + popcount((this.bits[last] as number) & bMask);
    for (let k = first + 1; k < last; k++) n += popcount(this.bits[k] as number);
    return n;
  }

  /** A cached size loses the values a..b of the window (a bound is moving past them). */
  private shrinkSize(v: number, w: number, a: number, b: number): void {
    const sc = this.sizeCell[v] as number;
    if (sc >= 0) this.setCell(sc, (this.cell[sc] as number) - this.countBits(v, w, a, b));
  }

  /** First value ≥ base+k (k ≥ 0) set in v's window, at most `hi` (which is set). */
  private scanUp(v: number, w: number, k: number, hi: number): number {
    const base = this.windowBase[v] as number;
    let word = k >>> 5;
    let bits = ((this.bits[w + word] as number) >>> (k & 31)) << (k & 31);
    while (bits === 0) bits = this.bits[w + ++word] as number;
    const x = base + word * 32 + ctz(bits);
    return Math.min(x, hi);
  }

  /** Last value ≤ base+k set in v's window, at least `lo` (which is set). */
  private scanDown(v: number, w: number, k: number, lo: number): number {
    const base = this.windowBase[v] as number;
    let word = k >>> 5;
    const sh = 31 - (k & 31);
    let bits = (((this.bits[w + word] as number) << sh) >>> sh) >>> 0;
    while (bits === 0) bits = this.bits[w + --word] as number;
    const x = base + word * 32 + 31 - Math.clz32(bits);
    return Math.max(x, lo);
  }

  private push(slot: number, old: number): void {
    if (this.trailLen === this.trailSlot.length) {
      this.trailSlot = grow(this.trailSlot, this.trailLen + 1) as Int32Array;
      this.trailOld = grow(this.trailOld, this.trailLen + 1) as Float64Array;
    }
    this.trailSlot[this.trailLen] = slot;
    this.trailOld[this.trailLen++] = old;
  }

  private newWords(count: number): number {
    const first = this.bitCount;
    this.bitCount += count;
    if (this.bitCount > this.bits.length) this.bits = grow(this.bits, this.bitCount) as Uint32Array;
    return first;
  }

  private growVars(): void {
    const n = this.boundCell.length * 2;
    this.boundCell = grow(this.boundCell, n) as Int32Array;
    this.windowWord = grow(this.windowWord, n) as Int32Array;
    this.windowBase = grow(this.windowBase, n) as Float64Array;
    this.windowWords = grow(this.windowWords, n) as Int32Array;
    this.sizeCell = grow(this.sizeCell, n) as Int32Array;
  }
}

type Typed = Int32Array | Uint32Array | Float64Array;

/** A copy at least `need` long (doubling), so appends cost amortised O(1). */
function grow(a: Typed, need: number): Typed {
  let n = Math.max(16, a.length * 2);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => Typed)(n);
  b.set(a);
  return b;
}

/** Bit k of a mask's words starting at `offset` (k ≥ 0). */
function maskHas(mask: Uint32Array, offset: number, k: number): boolean {
  return (((mask[offset + (k >>> 5)] as number) >>> (k & 31)) & 1) === 1;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function ctz(x: number): number {
  return 31 - Math.clz32(x & -x);
}
