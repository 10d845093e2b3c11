import {
  CORE_ID,
  CTRL_ABORT,
  CTRL_START,
  PARAM_ORDER,
  Reg,
  Region,
  STATUS_BUSY,
  STATUS_DONE,
  STATUS_FIXPOINT,
  STATUS_WIPEOUT,
} from '../bindings/spec-constants.js';
import { UserError } from '../solver/api/user-error.js';
import { hasBit, largestDomain } from '../solver/model/problem.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';

/**
 * The propagator core's memory image (hdl/SPEC.md section 6): turns an arc program into the word
 * arrays of the core's memory regions, packs weights or bitmask domains into the WEIGHTS region and
 * decodes them on readback. Everything here is plain data; bindings/ moves it through the register
 * window.
 */

// The register map, regions and bits are generated from hdl/spec-constants.json.
export { CORE_ID, CTRL_ABORT, CTRL_START, PARAM_ORDER, Reg, Region, STATUS_BUSY, STATUS_DONE, STATUS_FIXPOINT, STATUS_WIPEOUT };

/** Build parameters of a core, in `sp_params` order (hdl/SPEC.md 6.1). */
export interface CoreParams {
  /** Value lanes L (multipliers working in parallel). */
  lanes: number;
  /** Largest domain size. */
  maxDom: number;
  /** Weight groups (L weights each) per buffer. */
  wDepth: number;
  vDepth: number;
  aDepth: number;
  /** Row words (L bits each). */
  rDepth: number;
  lDepth: number;
  cDepth: number;
  /** Literal-set words (L bits each). */
  sDepth: number;
  /** 1.0 in Q1.15. */
  one: number;
  id: number;
}

/** Reads the words `sp_params` returns; a wrong count or ID means a library of another layout. */
export function parseParams(words: ArrayLike<number>): CoreParams {
  if (words.length < PARAM_ORDER.length)
    throw new UserError(`core parameters: got ${words.length} words, expected ${PARAM_ORDER.length} (rebuild with \`make sim\`)`);
  const p = {} as Record<(typeof PARAM_ORDER)[number], number>;
  PARAM_ORDER.forEach((name, i) => {
    p[name] = (words[i] as number) >>> 0;
  });
  if (p.id !== CORE_ID)
    throw new UserError(`core parameters: ID 0x${p.id.toString(16)} is not layout 0x${CORE_ID.toString(16)} (rebuild with \`make sim\`)`);
  if (!(p.lanes >= 1 && p.lanes <= 32)) throw new UserError(`core parameters: ${p.lanes} lanes, expected 1..32`);
  return p;
}

/** One region's contents, loaded at word offset 0. */
export interface RegionImage {
  region: number;
  words: Uint32Array;
}

/** A problem laid out for one core. */
export interface MemoryImage {
  params: CoreParams;
  nVars: number;
  nClauses: number;
  nLits: number;
  /** Literal-set words per literal = 2^lShift. */
  lShift: number;
  domSize: Int32Array;
  /** First weight group of each variable (VARBASE). */
  varBase: Int32Array;
  /** Words of the WEIGHTS region the problem uses (Σ groups · L). */
  weightWords: number;
  /** Registers to write before START, as [address, value] pairs. */
  registers: [number, number][];
  /** Every region except WEIGHTS (which `packWeights` / `packDomains` fill). */
  regions: RegionImage[];
}

function groupsOf(d: number, lanes: number): number {
  return Math.ceil(d / lanes);
}

function fits(what: string, count: number, depth: number, name: string): void {
  if (count > depth) throw new UserError(`problem too large for the core: ${count} ${what} > ${name} ${depth}`);
}

/**
 * Lays out an arc program for a core with parameters `params`; throws a UserError naming the
 * memory that is too small when the problem does not fit.
 */
export function buildImage(prog: ArcProgram, params: CoreParams): MemoryImage {
  const L = params.lanes;
  const n = prog.nVars;
  const W = prog.words;
  const nArcs = prog.arcSrc.length;
  const nLits = prog.litVar.length;
  const nClauses = prog.clauseStart.length - 1;
  const maxD = largestDomain(prog.domSize);
  fits('values in a domain', maxD, params.maxDom, 'MAX_DOM');
  fits('variables', n, params.vDepth, 'VDEPTH');
  fits('arcs', nArcs, params.aDepth, 'ADEPTH');
  fits('literals', nLits, params.lDepth, 'LDEPTH');
  fits('clauses', nClauses, params.cDepth, 'CDEPTH');

  const varBase = new Int32Array(n);
  let groups = 0;
  for (let x = 0; x < n; x++) {
    varBase[x] = groups;
    groups += groupsOf(prog.domSize[x] as number, L);
  }
  fits('weight groups', groups, params.wDepth, 'WDEPTH');

  // Arc blocks, b-major so the core steps one word per b; identical blocks are stored once.
  const rowWords: number[] = [];
  const blockAt = new Map<string, number>();
  const arcRow = new Uint32Array(nArcs);
  for (let x = 0; x < n; x++) {
    const dx = prog.domSize[x] as number;
    const gx = groupsOf(dx, L);
    for (let k = prog.arcStart[x] as number; k < (prog.arcStart[x + 1] as number); k++) {
      const dy = prog.domSize[prog.arcSrc[k] as number] as number;
      const block = new Uint32Array(dy * gx);
      const r0 = prog.arcRow[k] as number;
      for (let a = 0; a < dx; a++)
        for (let b = 0; b < dy; b++)
          if (hasBit(prog.rows, r0 + a * W, b))
            block[b * gx + Math.floor(a / L)] = (block[b * gx + Math.floor(a / L)] as number) | (1 << (a % L));
      const key = block.join(',');
      let at = blockAt.get(key);
      if (at === undefined) {
        at = rowWords.length;
        blockAt.set(key, at);
        for (const w of block) rowWords.push(w >>> 0);
      }
      arcRow[k] = at;
    }
  }
  fits('row words', rowWords.length, params.rDepth, 'RDEPTH');

  let litGroups = 1;
  for (let l = 0; l < nLits; l++) litGroups = Math.max(litGroups, groupsOf(prog.domSize[prog.litVar[l] as number] as number, L));
  const lShift = Math.ceil(Math.log2(litGroups));
  fits('literal-set words', nLits << lShift, params.sDepth, 'SDEPTH');
  const litSet = new Uint32Array(nLits << lShift);
  for (let l = 0; l < nLits; l++) {
    const d = prog.domSize[prog.litVar[l] as number] as number;
    for (let a = 0; a < d; a++)
      if (hasBit(prog.litSet, l * W, a))
        litSet[(l << lShift) + Math.floor(a / L)] = (litSet[(l << lShift) + Math.floor(a / L)] as number) | (1 << (a % L));
  }

  const u32 = (a: Int32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
  return {
    params,
    nVars: n,
    nClauses,
    nLits,
    lShift,
    domSize: prog.domSize,
    varBase,
    weightWords: groups * L,
    registers: [
      [Reg.nVars, n],
      [Reg.nClauses, nClauses],
      [Reg.nLits, nLits],
      [Reg.lShift, lShift],
    ],
    regions: [
      { region: Region.varBase, words: u32(varBase) },
      { region: Region.varDom, words: u32(prog.domSize) },
      { region: Region.arcEnd, words: u32(prog.arcStart.subarray(1)) },
      { region: Region.arcSrc, words: u32(prog.arcSrc) },
      { region: Region.arcRow, words: arcRow },
      { region: Region.rows, words: Uint32Array.from(rowWords) },
      { region: Region.occEnd, words: u32(prog.occStart.subarray(1)) },
      { region: Region.occLit, words: u32(prog.occLit) },
      { region: Region.litVar, words: u32(prog.litVar) },
      { region: Region.litSet, words: litSet },
      { region: Region.clauseEnd, words: u32(prog.clauseStart.subarray(1)) },
    ],
  };
}

/** WEIGHTS region words from Q1.15 weights q[x*stride + a] (values a ≥ d_x ignored). */
export function packWeights(
  img: MemoryImage,
  q: ArrayLike<number>,
  stride: number,
  out: Uint32Array = new Uint32Array(img.weightWords),
): Uint32Array {
  out.fill(0);
  const L = img.params.lanes;
  for (let x = 0; x < img.nVars; x++) {
    const d = img.domSize[x] as number;
    const at = (img.varBase[x] as number) * L;
    for (let a = 0; a < d; a++) out[at + a] = (q[x * stride + a] as number) & 0xffff;
  }
  return out;
}

/** Q1.15 weights [x*stride + a] from WEIGHTS region words (values a ≥ d_x are 0). */
export function unpackWeights(
  img: MemoryImage,
  words: Uint32Array,
  stride: number,
  out = new Uint16Array(img.nVars * stride),
): Uint16Array {
  const L = img.params.lanes;
  out.fill(0);
  for (let x = 0; x < img.nVars; x++) {
    const d = img.domSize[x] as number;
    const at = (img.varBase[x] as number) * L;
    for (let a = 0; a < d; a++) out[x * stride + a] = (words[at + a] as number) & 0xffff;
  }
  return out;
}

/** WEIGHTS region words (ONE / 0) from bitmask domains of `words` words per variable. */
export function packDomains(
  img: MemoryImage,
  bits: Uint32Array,
  words: number,
  out: Uint32Array = new Uint32Array(img.weightWords),
): Uint32Array {
  out.fill(0);
  const L = img.params.lanes;
  for (let x = 0; x < img.nVars; x++) {
    const d = img.domSize[x] as number;
    const at = (img.varBase[x] as number) * L;
    for (let a = 0; a < d; a++) if (((bits[x * words + (a >>> 5)] as number) >>> (a & 31)) & 1) out[at + a] = img.params.one;
  }
  return out;
}

/** Bitmask domains (`words` words per variable) from WEIGHTS region words: a value is in when its weight ≠ 0. */
export function unpackDomains(img: MemoryImage, region: Uint32Array, words: number, out = new Uint32Array(img.nVars * words)): Uint32Array {
  const L = img.params.lanes;
  out.fill(0);
  for (let x = 0; x < img.nVars; x++) {
    const d = img.domSize[x] as number;
    const at = (img.varBase[x] as number) * L;
    for (let a = 0; a < d; a++)
      if ((region[at + a] as number) & 0xffff)
        out[x * words + (a >>> 5)] = ((out[x * words + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
  }
  return out;
}

/**
 * The text workload `build/bench_native` reads (bindings/c/bench_native.cpp): the image's registers
 * and regions, the WEIGHTS words (reloaded before every run) and the run's mode and round limit.
 */
export function nativeWorkload(img: MemoryImage, weights: Uint32Array, mode: number, maxRounds: number): string {
  const lines = ['# softprop native workload v1'];
  for (const [addr, value] of img.registers) lines.push(`reg ${addr} ${value}`);
  for (const { region, words } of [...img.regions, { region: Region.weights, words: weights }])
    if (words.length > 0) lines.push(`mem ${region} 0 ${words.length} ${words.join(' ')}`);
  lines.push(`run ${mode} ${maxRounds}`);
  return `${lines.join('\n')}\n`;
}
