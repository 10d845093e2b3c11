import { describe, expect, it } from 'vitest';
import { compileArcs } from '../../solver/arcs.js';
import { FixedPropagator } from '../../solver/fixed-propagate.js';
import { randomProblem } from '../../solver/random-problem.js';
import { Rng } from '../../solver/rng.js';
import { SoftPropagator } from '../../solver/soft-propagate.js';
import { directRound, flatten, nest, randomGridWeights } from './support.js';

// hdl/SPEC.md 4.1: one round, same inputs, |float − exact| ≤ 3F·2^−25 and |fixed − exact| ≤ F·2^−16.
describe('soft round against the direct per-value formulas', () => {
  it('float and fixed rounds stay within their rounding bounds of the exact round (400 random problems)', () => {
    const rng = Rng.seeded(11);
    let worstFloat = 0;
    let worstFixed = 0;
    let checked = 0;
    for (let t = 0; t < 400; t++) {
      const p = randomProblem(rng, { vars: rng.int(2, 8), domain: rng.int(2, 6), density: 0.5, tightness: 0.4, holes: true });
      const prog = compileArcs(p);
      const soft = new SoftPropagator(prog, 1);
      const fixed = new FixedPropagator(prog, 1);
      const w = randomGridWeights(rng, p);
      const fw = new Float32Array(soft.size);
      const qw = new Uint16Array(fixed.size);
      flatten(w, soft.stride, fw, 1);
      flatten(w, fixed.stride, qw, 32768);
      const fOut = new Float32Array(soft.size);
      const qOut = new Uint16Array(fixed.size);
      soft.round(fw, fOut);
      fixed.round(qw, qOut);
      const { next, fanIn } = directRound(p, w);
      const gotF = nest(fOut, p.domSize, soft.stride, 1);
      const gotQ = nest(qOut, p.domSize, fixed.stride, 32768);
      next.forEach((r, x) => {
        r.forEach((g, a) => {
          const F = (fanIn[x] as number[])[a] as number;
          const eF = Math.abs(((gotF[x] as number[])[a] as number) - g);
          const eQ = Math.abs(((gotQ[x] as number[])[a] as number) - g);
          worstFloat = Math.max(worstFloat, eF / (3 * F * 2 ** -25 + 1e-300));
          worstFixed = Math.max(worstFixed, eQ / (F * 2 ** -16 + 1e-300));
          checked++;
        });
      });
    }
    expect(checked).toBeGreaterThan(5000);
    // Ratios of the error to its bound: ≤ 1 is the spec's claim.
    expect(worstFloat).toBeLessThanOrEqual(1);
    expect(worstFixed).toBeLessThanOrEqual(1);
    // The references are not trivially exact: fixed-point rounding shows up.
    expect(worstFixed).toBeGreaterThan(0);
  });
});
