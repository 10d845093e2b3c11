import { describe, expect, it } from 'vitest';
import { postBoolXor } from '../../../solver/cp/propagators/bool-xor.js';
import type { Space } from '../../../solver/cp/space.js';
import { Rng } from '../../../solver/model/rng.js';
import { checkAssignments, checkDive, checkOnce, domainConsistency, randomBool } from './check.js';

function xorCase(rng: Rng, n: number) {
  const parity = rng.int(0, 1);
  const post = (space: Space, vars: readonly number[]) => postBoolXor(space, Int32Array.from(vars), parity);
  const holds = (x: readonly number[]) => x.reduce((a, b) => a ^ b, 0) === parity;
  return { specs: Array.from({ length: n }, () => randomBool(rng)), post, holds };
}

describe('⊕ xᵢ = parity (array_bool_xor, bool_xor, bool_not, bool_eq_reif)', () => {
  it('domain consistent on 500 random cases of 0 to 6 variables, at the root and along dives', () => {
    const rng = Rng.seeded(1301);
    let unsat = 0;
    for (let t = 0; t < 500; t++) {
      const c = xorCase(rng, rng.int(0, 6));
      if (checkOnce(c.specs, c.post, c.holds, domainConsistency) === 0) unsat++;
      checkDive(
        rng,
        c.specs.map(() => ({ values: [0, 1] })),
        c.post,
        c.holds,
        domainConsistency,
        12,
      );
    }
    expect(unsat).toBeGreaterThan(20);
  });

  it('fails exactly on the violating full assignments, also with a variable repeated', () => {
    const rng = Rng.seeded(1302);
    for (let t = 0; t < 30; t++) {
      const c = xorCase(rng, rng.int(1, 4));
      checkAssignments(
        c.specs.map(() => ({ values: [0, 1] })),
        c.post,
        c.holds,
      );
    }
    for (const parity of [0, 1]) {
      const holds = (x: readonly number[]) => ((x[0] as number) ^ (x[0] as number) ^ (x[1] as number)) === parity;
      checkAssignments(
        [{ values: [0, 1] }, { values: [0, 1] }],
        (space, vars) => postBoolXor(space, Int32Array.of(vars[0] as number, vars[0] as number, vars[1] as number), parity),
        holds,
      );
    }
  });
});
