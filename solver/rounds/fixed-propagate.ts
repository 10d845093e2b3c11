import type { ArcProgram } from './arcs.js';
import { FRAC_BITS, ONE, ROUND } from './fixed-point.js';
import { RoundEngine } from './round-engine.js';

/**
 * The bit-exact Q1.15 reference of soft propagation (hdl/SPEC.md sections 3–5): the arithmetic of
 * solver/rounds/fixed-point.ts inlined, folds in the spec's order. Weights are Uint16Array in [0, ONE],
 * `batch` instances of nVars * stride values each. The hardware core must match it bit for bit.
 */
export class FixedPropagator extends RoundEngine<Uint16Array> {
  constructor(prog: ArcProgram, batch = 1) {
    super(prog, batch, ONE, (n) => new Uint16Array(n));
  }

  protected product(src: Uint16Array, off: Int32Array, j0: number, j1: number, out: Uint16Array, at: number): void {
    const B = this.batch;
    if (j0 === j1) {
      out.fill(ONE, at, at + B);
      return;
    }
    // mul(ONE, b) = b exactly, so start from the first factor.
    let o = off[j0] as number;
    for (let i = 0; i < B; i++) out[at + i] = src[o + i] as number;
    for (let j = j0 + 1; j < j1; j++) {
      o = off[j] as number;
      for (let i = 0; i < B; i++) out[at + i] = (Math.imul(out[at + i] as number, src[o + i] as number) + ROUND) >> FRAC_BITS;
    }
  }

  protected complement(v: Uint16Array, at: number): void {
    for (let i = at; i < at + this.batch; i++) v[i] = ONE - (v[i] as number);
  }

  protected scale(rev: Uint16Array, at: number, s: Uint16Array, sAt: number): void {
    const B = this.batch;
    for (let i = 0; i < B; i++) rev[at + i] = (Math.imul(rev[at + i] as number, s[sAt + i] as number) + ROUND) >> FRAC_BITS;
  }
}
