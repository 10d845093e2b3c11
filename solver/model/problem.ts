/**
 * The finite-domain problem model every layer shares.
 *
 * Variables are integers 0..n-1. Variable i takes value *indices* 0..domSize[i]-1; `labels`, when
 * present, map indices to the integer values of the source format (e.g. XCSP3 values, colours 1..K).
 * A domain is a bitmask: bit a of word (i * words + (a >> 5)) is value a of variable i. The stride
 * `words = wordsFor(maxDomSize)` is the same for every variable, so a problem's domains are one
 * `Uint32Array` of n * words words (the layout the hardware uses too).
 */

export interface Problem {
  /** Domain size per variable (1..MAX_DOMAIN). */
  domSize: Int32Array;
  /**
   * Initial domains, n * wordsFor(maxDomSize) words; bits >= domSize[i] are zero. Holes are allowed
   * (e.g. a sudoku given is a singleton, an XCSP3 variable over a subset of a shared value space).
   */
  init: Uint32Array;
  constraints: Constraint[];
  /** Optional value labels per variable (index -> source value). */
  labels?: (Int32Array | undefined)[];
  /** Optional variable names (for messages and output). */
  names?: string[];
  /**
   * Set by the sudoku reader: the problem is a sudoku grid of this box size (cells row by row,
   * values 0..box²-1, constraints the grid's units of model/grid.ts). The dedicated grid search
   * (search/grid-search.ts `gridBox`) is used only when the problem is still exactly that grid;
   * with constraints added, removed or changed the generic engine solves it.
   */
  grid?: { box: number };
}

/**
 * Binary extensional constraint on (x, y): value a of x is compatible with value b of y iff bit b of
 * row a is set. `rows` holds domSize[x] rows of `words` words each (the problem's stride).
 */
export interface TableConstraint {
  kind: 'table';
  x: number;
  y: number;
  rows: Uint32Array;
}

/** x != y on value indices. */
export interface NeqConstraint {
  kind: 'neq';
  x: number;
  y: number;
}

/** All variables take pairwise different value indices. */
export interface AllDiffConstraint {
  kind: 'alldiff';
  vars: Int32Array;
}

/**
 * Disjunction of literals `vars[k] ∈ sets[k]`. Each literal's set is a bitmask of `words` words
 * (literal k at sets[k*words ...]). A variable appears in at most one literal of a clause (parsers
 * merge duplicates and drop tautologies). A DIMACS literal `x` is `x ∈ {1}`, `-x` is `x ∈ {0}`.
 */
export interface ClauseConstraint {
  kind: 'clause';
  vars: Int32Array;
  sets: Uint32Array;
}

export type Constraint = TableConstraint | NeqConstraint | AllDiffConstraint | ClauseConstraint;

/** Largest domain size any layer accepts. */
export const MAX_DOMAIN = 1024;

/** Words of one bitmask of `values` values (at least one). */
export function wordsFor(values: number): number {
  return Math.max(1, (values + 31) >>> 5);
}

/** The largest domain size (at least 1): the values-per-variable stride of weight arrays. */
export function largestDomain(domSize: ArrayLike<number>): number {
  let m = 1;
  for (let i = 0; i < domSize.length; i++) m = Math.max(m, domSize[i] as number);
  return m;
}

/** The shared words-per-domain stride of a problem's domains, table rows and clause sets. */
export function wordsPerDomain(p: Pick<Problem, 'domSize'>): number {
  return wordsFor(largestDomain(p.domSize));
}

/** Whether value `a` is set in the bitmask starting at word `at`. */
export function hasBit(bits: ArrayLike<number>, at: number, a: number): boolean {
  return (((bits[at + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
}

/** Full initial domains (every value allowed) for the given sizes. */
export function fullDomains(domSize: Int32Array): Uint32Array {
  const w = wordsFor(largestDomain(domSize));
  const out = new Uint32Array(domSize.length * w);
  for (let i = 0; i < domSize.length; i++) setPrefix(out, i * w, domSize[i] as number);
  return out;
}

/** Sets bits 0..count-1 of the bitmask starting at word `at`. */
export function setPrefix(bits: Uint32Array, at: number, count: number): void {
  let k = 0;
  for (; count >= 32; count -= 32) bits[at + k++] = 0xffffffff;
  if (count > 0) bits[at + k] = (0xffffffff >>> (32 - count)) >>> 0;
}

export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Builds a table constraint from a predicate over value indices. */
export function tableFrom(
  p: Pick<Problem, 'domSize'>,
  words: number,
  x: number,
  y: number,
  allowed: (a: number, b: number) => boolean,
): TableConstraint {
  const dx = p.domSize[x] as number;
  const dy = p.domSize[y] as number;
  const rows = new Uint32Array(dx * words);
  for (let a = 0; a < dx; a++)
    for (let b = 0; b < dy; b++)
      if (allowed(a, b)) rows[a * words + (b >>> 5)] = ((rows[a * words + (b >>> 5)] as number) | (1 << (b & 31))) >>> 0;
  return { kind: 'table', x, y, rows };
}
