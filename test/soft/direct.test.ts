import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { directRound, nest, randomGridWeights, roundBoth } from './support.js';

// hdl/SPEC.md 4.1: one round, same inputs, |float − exact| ≤ 3F·2^−25 and |fixed − exact| ≤ F·2^−16.
describe('soft round against the direct per-value formulas', () => {
  it('float and fixed rounds stay within their rounding bounds of the exact round (400 random problems)', () => {
    const rng = Rng.seeded(11);
    let worstFloat = 0;
    let worstFixed = 0;
    let checked = 0;
    for (let t = 0; t < 400; t++) {
      const p = randomProblem(rng, { vars: rng.int(2, 8), domain: rng.int(2, 6), density: 0.5, tightness: 0.4, holes: true });
      const w = randomGridWeights(rng, p);
      const r = roundBoth(p, w);
      const { next, fanIn } = directRound(p, w);
      const gotF = nest(r.float, p.domSize, r.stride, 1);
      const gotQ = nest(r.fixed, p.domSize, r.stride, 32768);
      next.forEach((row, x) => {
        row.forEach((g, a) => {
          const F = (fanIn[x] as number[])[a] as number;
          const eF = Math.abs(((gotF[x] as number[])[a] as number) - g);
          const eQ = Math.abs(((gotQ[x] as number[])[a] as number) - g);
          // F = 0: nothing is folded, so both must be exact.
          worstFloat = Math.max(worstFloat, F === 0 ? (eF === 0 ? 0 : Infinity) : eF / (3 * F * 2 ** -25));
          worstFixed = Math.max(worstFixed, F === 0 ? (eQ === 0 ? 0 : Infinity) : eQ / (F * 2 ** -16));
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
