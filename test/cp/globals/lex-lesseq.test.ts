import { describe, expect, it } from 'vitest';
import { EV_BOUNDS, type Space } from '../../../solver/cp/index.js';
import { LexLesseq } from '../../../solver/cp/propagators/lex-lesseq.js';
import { randomDom, runOracle } from './cases.js';

/** x ≤lex y by the definition: first difference decides, else the shorter (or equal) one is smaller. */
function lexLesseq(x: readonly number[], y: readonly number[]): boolean {
  for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return (x[k] as number) < (y[k] as number);
  return x.length <= y.length;
}

describe('LexLesseq', () => {
  it('is domain consistent, arrays of equal and of different lengths, against brute force', () => {
    const { sat, unsat } = runOracle(250, (rng) => {
      const nx = rng.int(1, 3);
      const ny = rng.float() < 0.7 ? nx : rng.int(1, 3);
      const doms = Array.from({ length: nx + ny }, () => randomDom(rng, -1, 2, 0.3));
      return {
        doms,
        post(space: Space, vars: Int32Array) {
          const id = space.post(new LexLesseq(space.store, vars.slice(0, nx), vars.slice(nx)));
          for (const v of vars) space.watch(id, v, EV_BOUNDS);
        },
        holds: (v: readonly number[]) => lexLesseq(v.slice(0, nx), v.slice(nx)),
        claims: 'domain',
      };
    });
    expect(sat).toBeGreaterThan(100);
    expect(unsat).toBeGreaterThan(10);
  });
});
