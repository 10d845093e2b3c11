import { describe, it } from 'vitest';
import { postBoolXor } from '../../../solver/cp/propagators/bool-xor.js';
import { checkPropagator, forSeeds } from '../oracle.js';
import { randomBool } from './bools.js';

describe('⊕ xᵢ = parity (array_bool_xor, bool_xor, bool_not, bool_eq_reif)', () => {
  it('domain consistent on 400 random cases of 0 to 6 variables, also after narrowings and undo', () => {
    forSeeds(400, (rng, seed) => {
      const parity = rng.int(0, 1);
      checkPropagator({
        domains: Array.from({ length: rng.int(0, 6) }, () => randomBool(rng)),
        post: (space, vars) => postBoolXor(space, vars, parity),
        holds: (x) => x.reduce((a, b) => a ^ b, 0) === parity,
        claims: 'domain',
        seed,
        rounds: 6,
      });
    });
  });

  it('sound with a variable repeated (x ⊕ x ⊕ y)', () => {
    for (const parity of [0, 1])
      checkPropagator({
        domains: [
          [0, 1],
          [0, 1],
        ],
        post: (space, vars) => postBoolXor(space, Int32Array.of(vars[0] as number, vars[0] as number, vars[1] as number), parity),
        holds: (x) => (x[1] as number) === parity,
      });
  });
});
