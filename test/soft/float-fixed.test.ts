import { describe, expect, it } from 'vitest';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import { initialWeights, toFixedWeights } from '../../solver/rounds/weight-layout.js';
import { drawProblem, type ProblemDraw } from '../support/random-problem.js';
import { directRound, flatten, randomGridWeights, roundBoth } from './support.js';

const U = 2 ** -16 + 3 * 2 ** -25; // per-read rounding allowance of hdl/SPEC.md 4.1

const CASE: ProblemDraw = { vars: [2, 8], domain: [2, 6], density: 0.5, tightness: 0.4, holes: true };

/** Largest F_{x,a} of the problem (hdl/SPEC.md 4.1), from the independent direct reference. */
function maxFanIn(p: Problem): number {
  const w = Array.from(p.domSize, (d) => new Array<number>(d).fill(0));
  return Math.max(0, ...directRound(p, w).fanIn.flat());
}

describe('float reference versus Q1.15 reference', () => {
  it('one round from the same weights: |float − fixed| ≤ F_{x,a}·(2^−16 + 3·2^−25) per value', () => {
    const rng = Rng.seeded(21);
    let worst = 0;
    for (let t = 0; t < 300; t++) {
      const p = drawProblem(rng, CASE);
      const w = randomGridWeights(rng, p);
      const r = roundBoth(p, w);
      directRound(p, w).fanIn.forEach((row, x) => {
        row.forEach((F, a) => {
          const e = Math.abs((r.float[x * r.stride + a] as number) - (r.fixed[x * r.stride + a] as number) / 32768);
          worst = Math.max(worst, F === 0 ? (e === 0 ? 0 : Infinity) : e / (F * U));
        });
      });
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(worst).toBeGreaterThan(0);
  });

  it('r rounds from the same real weights: within E_r = (1+F)·E_{r−1} + F·U, E_0 = 2^−16', () => {
    const rng = Rng.seeded(22);
    for (let t = 0; t < 200; t++) {
      const p = drawProblem(rng, CASE);
      const prog = compileArcs(p);
      const rounds = 8;
      const soft = new SoftPropagator(prog, 1);
      const fixed = new FixedPropagator(prog, 1);
      const fw = new Float32Array(soft.size);
      flatten(
        randomGridWeights(rng, p).map((r) => r.map((v) => (v > 0 && v < 1 ? rng.float() : v))),
        soft.stride,
        fw,
        1,
      );
      const qw = toFixedWeights(fw);
      const F = maxFanIn(p);
      let bound = 2 ** -16;
      const fNext = new Float32Array(soft.size);
      const qNext = new Uint16Array(fixed.size);
      for (let r = 1; r <= rounds; r++) {
        soft.round(fw, fNext);
        fixed.round(qw, qNext);
        fw.set(fNext);
        qw.set(qNext);
        bound = (1 + F) * bound + F * U;
        let err = 0;
        for (let e = 0; e < fw.length; e++) err = Math.max(err, Math.abs((fw[e] as number) - (qw[e] as number) / 32768));
        expect(err).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('0/1 weights give identical float, fixed and exact results every round', () => {
    const rng = Rng.seeded(23);
    for (let t = 0; t < 200; t++) {
      const p = drawProblem(rng, CASE);
      const prog = compileArcs(p);
      const soft = new SoftPropagator(prog, 1);
      const fixed = new FixedPropagator(prog, 1);
      const fw = initialWeights(p, prog.words, soft.stride);
      const qw = toFixedWeights(fw);
      const fNext = new Float32Array(soft.size);
      const qNext = new Uint16Array(fixed.size);
      for (let r = 0; r < 6; r++) {
        soft.round(fw, fNext);
        fixed.round(qw, qNext);
        fw.set(fNext);
        qw.set(qNext);
        expect(Array.from(qw, (q) => q / 32768)).toEqual(Array.from(fw));
        expect(fw.every((v) => v === 0 || v === 1)).toBe(true);
      }
    }
  });
});
