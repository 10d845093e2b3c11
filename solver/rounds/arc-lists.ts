import { largestDomain } from '../model/problem.js';
import type { ArcProgram } from './arcs.js';

/**
 * The arc program's rows and literal sets as ascending lists of value indices: the exact fold
 * order of hdl/SPEC.md section 4, with bits at or beyond the source's domain size dropped (those
 * values do not exist and weigh 0). Soft and fixed-point rounds iterate these lists instead of
 * scanning bits, so their inner loops are plain gathers.
 */
export interface ArcLists {
  /** Value stride D of the weight layout: the largest domain size (hdl/SPEC.md section 1). */
  stride: number;
  /** Target variable of each arc. */
  arcTarget: Int32Array;
  /** First list of arc k: list (k, a) is number rowBase[k] + a, for a < domSize[target]. */
  rowBase: Int32Array;
  /** CSR over row lists: values of list r are rowVal[rowStart[r] .. rowStart[r+1]-1]. */
  rowStart: Int32Array;
  /** Source value b of each row entry (ascending within a row). */
  rowVal: Int32Array;
  /** CSR over literals: values of literal l are litVal[litStart[l] .. litStart[l+1]-1]. */
  litStart: Int32Array;
  litVal: Int32Array;
  /** For literal k, the other literals of its clause ascending: otherLit[otherStart[k] .. otherStart[k+1]-1]. */
  otherStart: Int32Array;
  otherLit: Int32Array;
}

/** The largest domain size of the program: the values-per-variable stride D of weight arrays. */
export function valuesPerVar(prog: ArcProgram): number {
  return largestDomain(prog.domSize);
}

export function arcLists(prog: ArcProgram): ArcLists {
  const w = prog.words;
  const nArcs = prog.arcSrc.length;
  const arcTarget = new Int32Array(nArcs);
  const rowBase = new Int32Array(nArcs + 1);
  for (let x = 0; x < prog.nVars; x++) {
    for (let k = prog.arcStart[x] as number; k < (prog.arcStart[x + 1] as number); k++) {
      arcTarget[k] = x;
      rowBase[k + 1] = (rowBase[k] as number) + (prog.domSize[x] as number);
    }
  }
  const nRows = rowBase[nArcs] as number;
  const rowStart = new Int32Array(nRows + 1);
  const rowVal: number[] = [];
  for (let k = 0; k < nArcs; k++) {
    const x = arcTarget[k] as number;
    const dy = prog.domSize[prog.arcSrc[k] as number] as number;
    for (let a = 0; a < (prog.domSize[x] as number); a++) {
      bitsBelow(prog.rows, (prog.arcRow[k] as number) + a * w, dy, rowVal);
      rowStart[(rowBase[k] as number) + a + 1] = rowVal.length;
    }
  }
  const nLits = prog.litVar.length;
  const litStart = new Int32Array(nLits + 1);
  const litVal: number[] = [];
  for (let l = 0; l < nLits; l++) {
    bitsBelow(prog.litSet, l * w, prog.domSize[prog.litVar[l] as number] as number, litVal);
    litStart[l + 1] = litVal.length;
  }
  const otherStart = new Int32Array(nLits + 1);
  const otherLit: number[] = [];
  for (let c = 0; c + 1 < prog.clauseStart.length; c++) {
    const from = prog.clauseStart[c] as number;
    const to = prog.clauseStart[c + 1] as number;
    // The spec requires a literal per clause (readers turn the empty clause into x∈{0}, x∈{1}).
    if (from === to) throw new Error(`arcLists: clause ${c} has no literal`);
    for (let k = from; k < to; k++) {
      for (let l = from; l < to; l++) if (l !== k) otherLit.push(l);
      otherStart[k + 1] = otherLit.length;
    }
  }
  return {
    stride: valuesPerVar(prog),
    arcTarget,
    rowBase,
    rowStart,
    rowVal: Int32Array.from(rowVal),
    litStart,
    litVal: Int32Array.from(litVal),
    otherStart,
    otherLit: Int32Array.from(otherLit),
  };
}

/** Appends the set bits b < limit of the bitmask at word `at`, ascending. */
function bitsBelow(bits: Uint32Array, at: number, limit: number, out: number[]): void {
  for (let b = 0; b < limit; b++) if (((bits[at + (b >>> 5)] as number) >>> (b & 31)) & 1) out.push(b);
}
