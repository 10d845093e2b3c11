import { type ArcLists, arcLists } from './arc-lists.js';
import type { ArcProgram } from './arcs.js';
import { newRoundInfo, noteWipe, type RoundInfo, type RoundPropagator, type RunResult, resetRoundInfo, runRounds } from './run-rounds.js';

/**
 * The soft round of hdl/SPEC.md section 3 over a batch, generic in its arithmetic: the Float32
 * reference and the Q1.15 reference differ only in `product`, `complement` and `scale`. Inside a
 * round, weights are kept as complements not(p) laid out [variable][value][instance], so every inner
 * loop runs over the batch: independent, contiguous, allocation-free. Folds follow section 4 exactly.
 */
export abstract class RoundEngine<T extends Float32Array | Uint16Array> implements RoundPropagator<T> {
  /** Value stride D: instance weights are nVars * D, value a of variable x at x*D + a. */
  readonly stride: number;
  /** Weights per instance (nVars * stride). */
  readonly size: number;
  readonly lists: ArcLists;
  private readonly info: RoundInfo;
  /** not(p) as [variable][value][instance]. */
  private readonly q: T;
  /** Literal falsity f_l = Π not(p) over the literal's set, [literal][instance]. */
  private readonly falsity: T;
  /** Clause support of each literal's variable for values outside its set, [literal][instance]. */
  private readonly clauseSupport: T;
  /** The revised weights of the current variable, [value][instance]. */
  private readonly rev: T;
  /** One support per instance. */
  private readonly acc: T;
  /** Offsets into `q` / `falsity` of each fold entry (value index times batch, precomputed). */
  private readonly rowOff: Int32Array;
  private readonly litOff: Int32Array;
  private readonly otherOff: Int32Array;
  /** Per instance: the current variable has a non-zero weight. */
  private readonly alive: Uint8Array;
  private readonly spare: T;

  constructor(
    readonly prog: ArcProgram,
    readonly batch: number,
    private readonly one: number,
    make: (length: number) => T,
  ) {
    if (!(batch >= 1 && Number.isInteger(batch))) throw new Error(`batch must be a positive integer, got ${batch}`);
    this.lists = arcLists(prog);
    const D = this.lists.stride;
    const B = batch;
    this.stride = D;
    this.size = prog.nVars * D;
    this.info = newRoundInfo(B);
    const nLits = prog.litVar.length;
    this.q = make(this.size * B);
    this.falsity = make(nLits * B);
    this.clauseSupport = make(nLits * B);
    this.rev = make(D * B);
    this.acc = make(B);
    this.spare = make(this.size * B);
    this.alive = new Uint8Array(B);
    const { arcTarget, rowBase, rowStart, rowVal, litStart, litVal, otherLit } = this.lists;
    this.rowOff = new Int32Array(rowVal.length);
    for (let k = 0; k < arcTarget.length; k++) {
      const y = prog.arcSrc[k] as number;
      for (let j = rowStart[rowBase[k] as number] as number; j < (rowStart[rowBase[k + 1] as number] as number); j++)
        this.rowOff[j] = (y * D + (rowVal[j] as number)) * B;
    }
    this.litOff = new Int32Array(litVal.length);
    for (let l = 0; l < nLits; l++) {
      const x = prog.litVar[l] as number;
      for (let j = litStart[l] as number; j < (litStart[l + 1] as number); j++) this.litOff[j] = (x * D + (litVal[j] as number)) * B;
    }
    this.otherOff = Int32Array.from(otherLit, (l) => l * B);
  }

  /** out[at+i] = Π src[off[j]+i] over j0 ≤ j < j1, folded in j order from ONE (ONE when empty). */
  protected abstract product(src: T, off: Int32Array, j0: number, j1: number, out: T, at: number): void;
  /** v[at+i] = not(v[at+i]) for one batch. */
  protected abstract complement(v: T, at: number): void;
  /** rev[at+i] = mul(rev[at+i], s[sAt+i]) for one batch. */
  protected abstract scale(rev: T, at: number, s: T, sAt: number): void;

  /** One synchronous round: `dst` gets the revised weights of every instance in `src`. */
  round(src: T, dst: T): RoundInfo {
    const { prog, batch: B, stride: D, size: N, lists, info, q, falsity, clauseSupport, rev, acc } = this;
    if (src.length !== N * B || dst.length !== N * B) throw new Error(`round: weight arrays must hold ${B} × ${N} values`);
    if (src === dst) throw new Error('round: src and dst must be different arrays (the round is synchronous)');
    resetRoundInfo(info);
    const one = this.one;
    for (let i = 0; i < B; i++) for (let e = 0; e < N; e++) q[e * B + i] = one - (src[i * N + e] as number);
    const { litStart, otherStart, rowBase, rowStart } = lists;
    const nLits = prog.litVar.length;
    for (let l = 0; l < nLits; l++) this.product(q, this.litOff, litStart[l] as number, litStart[l + 1] as number, falsity, l * B);
    for (let l = 0; l < nLits; l++) {
      this.product(falsity, this.otherOff, otherStart[l] as number, otherStart[l + 1] as number, clauseSupport, l * B);
      this.complement(clauseSupport, l * B);
    }
    const words = prog.words;
    for (let x = 0; x < prog.nVars; x++) {
      const d = prog.domSize[x] as number;
      for (let a = 0; a < d; a++) for (let i = 0; i < B; i++) rev[a * B + i] = src[i * N + x * D + a] as number;
      for (let k = prog.arcStart[x] as number; k < (prog.arcStart[x + 1] as number); k++) {
        const r0 = rowBase[k] as number;
        for (let a = 0; a < d; a++) {
          this.product(q, this.rowOff, rowStart[r0 + a] as number, rowStart[r0 + a + 1] as number, acc, 0);
          this.complement(acc, 0);
          this.scale(rev, a * B, acc, 0);
        }
      }
      for (let o = prog.occStart[x] as number; o < (prog.occStart[x + 1] as number); o++) {
        const l = prog.occLit[o] as number;
        for (let a = 0; a < d; a++)
          if (!(((prog.litSet[l * words + (a >>> 5)] as number) >>> (a & 31)) & 1)) this.scale(rev, a * B, clauseSupport, l * B);
      }
      this.store(src, dst, x, d);
    }
    info.fixpoint = info.changed.indexOf(1) < 0;
    return info;
  }

  /** Runs rounds in place until every instance stops (hdl/SPEC.md section 5). */
  run(weights: T, maxRounds: number): RunResult {
    return runRounds(this, weights, this.spare, maxRounds);
  }

  /** Writes variable x's revised weights to every instance of `dst`, noting changes and wipe-outs. */
  private store(src: T, dst: T, x: number, d: number): void {
    const { batch: B, stride: D, size: N, rev, info, alive } = this;
    alive.fill(0);
    for (let a = 0; a < D; a++) {
      for (let i = 0; i < B; i++) {
        const at = i * N + x * D + a;
        const v = a < d ? (rev[a * B + i] as number) : 0;
        if (v !== src[at]) info.changed[i] = 1;
        if (v !== 0) alive[i] = 1;
        dst[at] = v;
      }
    }
    for (let i = 0; i < B; i++) if (!alive[i]) noteWipe(info, i, x);
  }
}
