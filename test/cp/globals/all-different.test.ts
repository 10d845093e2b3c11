import { describe, expect, it } from 'vitest';
import { CP_CHEAP, CP_EXPENSIVE, EV_DOMAIN, EV_FIX, type Space } from '../../../solver/cp/index.js';
import { AllDifferent } from '../../../solver/cp/propagators/all-different.js';
import { type Dom, randomDom, runOracle, wideRange } from './cases.js';

function post(space: Space, vars: Int32Array): void {
  const p = new AllDifferent(space.store, vars);
  const id = space.post(p, p.matching ? CP_EXPENSIVE : CP_CHEAP);
  for (const v of vars) space.watch(id, v, p.matching ? EV_DOMAIN : EV_FIX);
}

const distinct = (values: readonly number[]) => new Set(values).size === values.length;

describe('AllDifferent', () => {
  it('is domain consistent (Régin) on bitmask variables and bounds consistent on intervals, against brute force', () => {
    const { sat, unsat } = runOracle(150, (rng) => ({
      doms: Array.from({ length: rng.int(2, 5) }, () => randomDom(rng, -2, 2, 0.3)),
      post,
      holds: distinct,
      claims: 'domain',
    }));
    expect(sat).toBeGreaterThan(50);
    expect(unsat).toBeGreaterThan(3);
  });

  it('with a variable listed twice', () => {
    const { sat, unsat } = runOracle(100, (rng) => {
      const doms: Dom[] = Array.from({ length: rng.int(2, 4) }, () => randomDom(rng, -3, 3, 0.3));
      return {
        doms,
        post: (space: Space, vars: Int32Array) => post(space, Int32Array.from([...vars, vars[0] as number])),
        holds: (values: readonly number[]) => distinct([...values, values[0] as number]),
        claims: 'none',
      };
    });
    expect(sat).toBe(0);
    expect(unsat).toBe(100);
  });

  it('over a union wider than the matching handles: fixed values leave the others, exact on full assignments', () => {
    const { sat, unsat } = runOracle(100, (rng) => ({
      doms: [
        wideRange(70000, 70000 + rng.int(0, 2)),
        wideRange(70000, 70000 + rng.int(0, 2)),
        randomDom(rng, -2, 2),
        randomDom(rng, -2, 2),
      ],
      post,
      holds: distinct,
      claims: 'none',
    }));
    expect(sat).toBeGreaterThan(50);
    expect(unsat).toBeGreaterThan(10);
  });
});
