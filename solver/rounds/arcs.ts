import { checkProblem } from '../model/check-problem.js';
import type { Problem } from '../model/problem.js';
import { wordsPerDomain } from '../model/problem.js';

/**
 * The decomposed form of a problem that the soft, fixed-point, tfjs and hardware propagators share
 * (hdl/SPEC.md, "Arc program"). Every binary constraint becomes two directed arcs; all-different
 * becomes pairwise not-equal arcs; clauses stay clauses. Arcs are grouped by target variable (CSR):
 * arcs of variable i are arcStart[i] .. arcStart[i+1]-1, in the order the spec folds them.
 */
export interface ArcProgram {
  nVars: number;
  /** Word stride of domains, rows and literal sets. */
  words: number;
  domSize: Int32Array;
  /** CSR index over target variables, length nVars + 1. */
  arcStart: Int32Array;
  /** Source variable of each arc. */
  arcSrc: Int32Array;
  /** Word offset of each arc's first row in `rows`; the arc has domSize[target] rows of `words` words. */
  arcRow: Int32Array;
  rows: Uint32Array;
  /** Clauses: literals clauseStart[c] .. clauseStart[c+1]-1. */
  clauseStart: Int32Array;
  litVar: Int32Array;
  /** Clause of each literal. */
  litClause: Int32Array;
  /** Literal sets, `words` words per literal. */
  litSet: Uint32Array;
  /** CSR over variables of the literals that mention them (literal indices, ascending). */
  occStart: Int32Array;
  occLit: Int32Array;
  /**
   * Where the not-equal arcs of all-different constraints came from: the constraints' variable
   * lists, and per arc the index of its list there (−1 for any other arc). No propagator reads
   * this; the encoder sums a group's messages once instead of once per arc (encoder/conflicts.ts).
   */
  groups: Int32Array[];
  arcGroup: Int32Array;
}

interface PendingArc {
  x: number;
  y: number;
  rows: Uint32Array;
  group: number;
}

/** Decomposes a problem into its arc program (hdl/SPEC.md, "Arc program"). */
export function compileArcs(p: Problem): ArcProgram {
  checkProblem(p);
  const n = p.domSize.length;
  const w = wordsPerDomain(p);
  const pending: PendingArc[] = [];
  // Rows of arc x←y for x ≠ y: value a of x is supported by every value b ≠ a of y (b < d_y). They
  // depend on the two domain sizes only, so they are built once per pair of sizes and shared (read
  // only: copied into the program below): an all-different over k variables has k·(k−1) arcs.
  const neqShared = new Map<number, Uint32Array>();
  const neqRows = (x: number, y: number): Uint32Array => {
    const dx = p.domSize[x] as number;
    const dy = p.domSize[y] as number;
    const key = dx * 2 ** 31 + dy;
    const known = neqShared.get(key);
    if (known !== undefined) return known;
    const rows = new Uint32Array(dx * w);
    neqShared.set(key, rows);
    for (let a = 0; a < dx; a++) {
      for (let b = 0; b < dy; b++) if (b !== a) rows[a * w + (b >>> 5)] = ((rows[a * w + (b >>> 5)] as number) | (1 << (b & 31))) >>> 0;
    }
    return rows;
  };
  const neq = (x: number, y: number, group = -1) => {
    pending.push({ x, y, rows: neqRows(x, y), group }, { x: y, y: x, rows: neqRows(y, x), group });
  };
  const groups: Int32Array[] = [];
  const clauses: { vars: Int32Array; sets: Uint32Array }[] = [];
  for (const c of p.constraints) {
    switch (c.kind) {
      case 'table':
        pending.push(
          { x: c.x, y: c.y, rows: c.rows, group: -1 },
          { x: c.y, y: c.x, rows: transpose(c.rows, p.domSize[c.x] as number, p.domSize[c.y] as number, w), group: -1 },
        );
        break;
      case 'neq':
        neq(c.x, c.y);
        break;
      case 'alldiff':
        for (let i = 0; i < c.vars.length; i++)
          for (let j = i + 1; j < c.vars.length; j++) neq(c.vars[i] as number, c.vars[j] as number, groups.length);
        groups.push(c.vars);
        break;
      case 'clause':
        clauses.push(c);
        break;
    }
  }
  // Stable grouping by target variable.
  const arcStart = new Int32Array(n + 1);
  for (const a of pending) arcStart[a.x + 1] = (arcStart[a.x + 1] as number) + 1;
  for (let i = 0; i < n; i++) arcStart[i + 1] = (arcStart[i + 1] as number) + (arcStart[i] as number);
  const fill = arcStart.slice(0, n);
  const arcSrc = new Int32Array(pending.length);
  const arcRow = new Int32Array(pending.length);
  const arcGroup = new Int32Array(pending.length);
  const order = new Array<PendingArc>(pending.length);
  for (const a of pending) {
    order[fill[a.x] as number] = a;
    fill[a.x] = (fill[a.x] as number) + 1;
  }
  let rowWords = 0;
  for (const a of order) rowWords += a.rows.length;
  const rows = new Uint32Array(rowWords);
  let at = 0;
  order.forEach((a, k) => {
    arcSrc[k] = a.y;
    arcRow[k] = at;
    arcGroup[k] = a.group;
    rows.set(a.rows, at);
    at += a.rows.length;
  });

  let nLits = 0;
  for (const c of clauses) nLits += c.vars.length;
  const clauseStart = new Int32Array(clauses.length + 1);
  const litVar = new Int32Array(nLits);
  const litClause = new Int32Array(nLits);
  const litSet = new Uint32Array(nLits * w);
  let l = 0;
  clauses.forEach((c, ci) => {
    clauseStart[ci] = l;
    for (let k = 0; k < c.vars.length; k++, l++) {
      litVar[l] = c.vars[k] as number;
      litClause[l] = ci;
      litSet.set(c.sets.subarray(k * w, (k + 1) * w), l * w);
    }
  });
  clauseStart[clauses.length] = l;
  const occStart = new Int32Array(n + 1);
  for (let k = 0; k < nLits; k++) occStart[(litVar[k] as number) + 1] = (occStart[(litVar[k] as number) + 1] as number) + 1;
  for (let i = 0; i < n; i++) occStart[i + 1] = (occStart[i + 1] as number) + (occStart[i] as number);
  const occFill = occStart.slice(0, n);
  const occLit = new Int32Array(nLits);
  for (let k = 0; k < nLits; k++) {
    const x = litVar[k] as number;
    occLit[occFill[x] as number] = k;
    occFill[x] = (occFill[x] as number) + 1;
  }

  return {
    nVars: n,
    words: w,
    domSize: p.domSize,
    arcStart,
    arcSrc,
    arcRow,
    rows,
    clauseStart,
    litVar,
    litClause,
    litSet,
    occStart,
    occLit,
    groups,
    arcGroup,
  };
}

/** Rows of (y, x) from rows of (x, y): bit a of row b is bit b of row a. */
export function transpose(rows: Uint32Array, dx: number, dy: number, w: number): Uint32Array {
  const t = new Uint32Array(dy * w);
  for (let a = 0; a < dx; a++)
    for (let b = 0; b < dy; b++)
      if (((rows[a * w + (b >>> 5)] as number) >>> (b & 31)) & 1)
        t[b * w + (a >>> 5)] = ((t[b * w + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
  return t;
}
