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

/** Decomposes a problem into its arc program (hdl/SPEC.md, "Arc program"). */
export function compileArcs(p: Problem): ArcProgram {
  checkProblem(p);
  const n = p.domSize.length;
  const w = wordsPerDomain(p);
  const cons = p.constraints;
  // Arcs are counted per target, then placed in one more pass over the constraints in the order
  // they yield them (x←y before y←x, all-different pairs i < j): the stable grouping by target,
  // with no object per arc (a 300-vertex colouring has 1,400 arcs, a QWH of order 30 52,000).
  const arcStart = new Int32Array(n + 1);
  const groups: Int32Array[] = [];
  let nClauses = 0;
  let nLits = 0;
  for (const c of cons) {
    switch (c.kind) {
      case 'table':
      case 'neq':
        arcStart[c.x + 1] = (arcStart[c.x + 1] as number) + 1;
        arcStart[c.y + 1] = (arcStart[c.y + 1] as number) + 1;
        break;
      case 'alldiff':
        for (const v of c.vars) arcStart[v + 1] = (arcStart[v + 1] as number) + c.vars.length - 1;
        groups.push(c.vars);
        break;
      case 'clause':
        nClauses++;
        nLits += c.vars.length;
        break;
    }
  }
  for (let i = 0; i < n; i++) arcStart[i + 1] = (arcStart[i + 1] as number) + (arcStart[i] as number);
  const nArcs = arcStart[n] as number;
  // Arc k into x has domSize[x] rows of w words, so its offset follows from its place alone.
  const arcRow = new Int32Array(nArcs);
  let rowWords = 0;
  for (let x = 0; x < n; x++) {
    const size = (p.domSize[x] as number) * w;
    for (let k = arcStart[x] as number; k < (arcStart[x + 1] as number); k++, rowWords += size) arcRow[k] = rowWords;
  }
  const rows = new Uint32Array(rowWords);
  const arcSrc = new Int32Array(nArcs);
  const arcGroup = new Int32Array(nArcs);
  const fill = arcStart.slice(0, n);
  const place = (x: number, y: number, group: number, xRows: Uint32Array): void => {
    const k = fill[x] as number;
    fill[x] = k + 1;
    arcSrc[k] = y;
    arcGroup[k] = group;
    rows.set(xRows, arcRow[k] as number);
  };
  // Rows of arc x←y for x ≠ y depend on the two domain sizes only: built once per pair of sizes.
  const neqShared = new Map<number, Uint32Array>();
  const neqRows = (x: number, y: number): Uint32Array => {
    const dx = p.domSize[x] as number;
    const dy = p.domSize[y] as number;
    const key = dx * 2 ** 31 + dy;
    const known = neqShared.get(key);
    if (known !== undefined) return known;
    const r = new Uint32Array(dx * w);
    neqShared.set(key, r);
    for (let a = 0; a < dx; a++) {
      for (let b = 0; b < dy; b++) if (b !== a) r[a * w + (b >>> 5)] = ((r[a * w + (b >>> 5)] as number) | (1 << (b & 31))) >>> 0;
    }
    return r;
  };
  const clauseStart = new Int32Array(nClauses + 1);
  const litVar = new Int32Array(nLits);
  const litClause = new Int32Array(nLits);
  const litSet = new Uint32Array(nLits * w);
  let group = 0;
  let ci = 0;
  let l = 0;
  for (const c of cons) {
    switch (c.kind) {
      case 'table':
        place(c.x, c.y, -1, c.rows);
        place(c.y, c.x, -1, transpose(c.rows, p.domSize[c.x] as number, p.domSize[c.y] as number, w));
        break;
      case 'neq':
        place(c.x, c.y, -1, neqRows(c.x, c.y));
        place(c.y, c.x, -1, neqRows(c.y, c.x));
        break;
      case 'alldiff': {
        const vars = c.vars;
        for (let i = 0; i < vars.length; i++)
          for (let j = i + 1; j < vars.length; j++) {
            const x = vars[i] as number;
            const y = vars[j] as number;
            place(x, y, group, neqRows(x, y));
            place(y, x, group, neqRows(y, x));
          }
        group++;
        break;
      }
      case 'clause':
        clauseStart[ci] = l;
        litSet.set(c.sets, l * w);
        for (let k = 0; k < c.vars.length; k++, l++) {
          litVar[l] = c.vars[k] as number;
          litClause[l] = ci;
        }
        ci++;
        break;
    }
  }
  clauseStart[nClauses] = l;
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
