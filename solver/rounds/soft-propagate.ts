import type { ArcProgram } from './arcs.js';
import { RoundEngine } from './round-engine.js';

/**
 * The Float32 reference of soft propagation (hdl/SPEC.md sections 3–5): every operation rounds to
 * float32 (stores into Float32Array do it), folds in the spec's order. Weights are Float32Array,
 * `batch` instances of nVars * stride values each.
 */
export class SoftPropagator extends RoundEngine<Float32Array> {
  constructor(prog: ArcProgram, batch = 1) {
    super(prog, batch, 1, (n) => new Float32Array(n));
  }

  protected product(src: Float32Array, off: Int32Array, j0: number, j1: number, out: Float32Array, at: number): void {
    const B = this.batch;
    if (j0 === j1) {
      out.fill(1, at, at + B);
      return;
    }
    // The first factor times 1.0 is exact, so start from it.
    let o = off[j0] as number;
    for (let i = 0; i < B; i++) out[at + i] = src[o + i] as number;
    for (let j = j0 + 1; j < j1; j++) {
      o = off[j] as number;
      for (let i = 0; i < B; i++) out[at + i] = (out[at + i] as number) * (src[o + i] as number);
    }
  }

  protected complement(v: Float32Array, at: number): void {
    for (let i = at; i < at + this.batch; i++) v[i] = 1 - (v[i] as number);
  }

  protected scale(rev: Float32Array, at: number, s: Float32Array, sAt: number): void {
    const B = this.batch;
    for (let i = 0; i < B; i++) rev[at + i] = (rev[at + i] as number) * (s[sAt + i] as number);
  }
}
