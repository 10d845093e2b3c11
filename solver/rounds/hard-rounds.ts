import type { ArcProgram } from './arcs.js';
import { newRoundInfo, noteWipe, type RoundInfo, type RoundPropagator, type RunResult, resetRoundInfo, runRounds } from './run-rounds.js';

/**
 * Hard mode of hdl/SPEC.md section 3: the soft round on bitmasks (AND = bitwise and, OR = bitwise
 * or), synchronous, over the arc program. Domains are Uint32Array, `batch` instances of
 * nVars * words words each (the Problem.init layout); bits at or beyond a variable's size are cleared.
 * It is what the hardware core computes in mode 0, round for round.
 */
export class HardRounds implements RoundPropagator<Uint32Array> {
  /** Words per instance (nVars * words). */
  readonly size: number;
  private readonly info: RoundInfo;
  /** Per literal of the current instance: its set meets its variable's domain. */
  private readonly litTrue: Uint8Array;
  /** Per clause of the current instance: number of true literals. */
  private readonly trueCount: Int32Array;
  private readonly spare: Uint32Array;

  constructor(
    readonly prog: ArcProgram,
    readonly batch = 1,
  ) {
    if (!(batch >= 1 && Number.isInteger(batch))) throw new Error(`batch must be a positive integer, got ${batch}`);
    this.size = prog.nVars * prog.words;
    this.info = newRoundInfo(batch);
    this.litTrue = new Uint8Array(prog.litVar.length);
    this.trueCount = new Int32Array(Math.max(0, prog.clauseStart.length - 1));
    this.spare = new Uint32Array(this.size * batch);
  }

  round(src: Uint32Array, dst: Uint32Array): RoundInfo {
    const { size, batch, info } = this;
    if (src.length !== size * batch || dst.length !== size * batch)
      throw new Error(`round: domain arrays must hold ${batch} × ${size} words`);
    if (src === dst) throw new Error('round: src and dst must be different arrays (the round is synchronous)');
    resetRoundInfo(info);
    for (let i = 0; i < batch; i++) this.roundOne(src, dst, i * size, i);
    info.fixpoint = info.changed.indexOf(1) < 0;
    return info;
  }

  run(domains: Uint32Array, maxRounds: number): RunResult {
    return runRounds(this, domains, this.spare, maxRounds);
  }

  private roundOne(src: Uint32Array, dst: Uint32Array, base: number, inst: number): void {
    const { prog, litTrue, trueCount, info } = this;
    const { words: W, litVar, litSet, litClause } = prog;
    trueCount.fill(0);
    for (let l = 0; l < litVar.length; l++) {
      const at = base + (litVar[l] as number) * W;
      let meet = 0;
      for (let j = 0; j < W; j++) meet |= (litSet[l * W + j] as number) & (src[at + j] as number);
      litTrue[l] = meet !== 0 ? 1 : 0;
      if (meet !== 0) trueCount[litClause[l] as number] = (trueCount[litClause[l] as number] as number) + 1;
    }
    for (let x = 0; x < prog.nVars; x++) {
      const d = prog.domSize[x] as number;
      const at = base + x * W;
      let any = 0;
      for (let j = 0; j < W; j++) {
        const limit = d - j * 32;
        const mask = limit >= 32 ? 0xffffffff : limit > 0 ? (1 << limit) - 1 : 0;
        let word = (src[at + j] as number) & mask;
        for (let bits = word; bits !== 0; bits &= bits - 1) {
          const a = j * 32 + (31 - Math.clz32(bits & -bits));
          if (!this.supported(src, base, x, a)) word &= ~(1 << (a & 31));
        }
        word >>>= 0;
        if (word !== src[at + j]) info.changed[inst] = 1;
        any |= word;
        dst[at + j] = word;
      }
      if (any === 0) noteWipe(info, inst, x);
    }
  }

  /** Whether value a of x has a support on every arc and clause into x (domains of instance at `base`). */
  private supported(src: Uint32Array, base: number, x: number, a: number): boolean {
    const { prog, litTrue, trueCount } = this;
    const W = prog.words;
    for (let k = prog.arcStart[x] as number; k < (prog.arcStart[x + 1] as number); k++) {
      const row = (prog.arcRow[k] as number) + a * W;
      const dom = base + (prog.arcSrc[k] as number) * W;
      let meet = 0;
      for (let j = 0; j < W; j++) meet |= (prog.rows[row + j] as number) & (src[dom + j] as number);
      if (meet === 0) return false;
    }
    for (let o = prog.occStart[x] as number; o < (prog.occStart[x + 1] as number); o++) {
      const l = prog.occLit[o] as number;
      if (
        (((prog.litSet[l * W + (a >>> 5)] as number) >>> (a & 31)) & 1) === 0 &&
        (trueCount[prog.litClause[l] as number] as number) - (litTrue[l] as number) === 0
      )
        return false;
    }
    return true;
  }
}
