import { describe, it } from 'vitest';
import { postBoolClause } from '../../../solver/cp/propagators/bool-clause.js';
import { checkPropagator, forSeeds } from '../oracle.js';
import { randomBool } from './bools.js';

describe('bool_clause', () => {
  it('is domain consistent on 400 random clauses of 0 to 6 distinct variables, also after narrowings and undo', () => {
    forSeeds(400, (rng, seed) => {
      const n = rng.int(0, 6);
      const split = rng.int(0, n);
      checkPropagator({
        domains: Array.from({ length: n }, () => randomBool(rng)),
        post: (space, vars) => postBoolClause(space, vars.slice(0, split), vars.slice(split)),
        holds: (x) => x.some((v, i) => (i < split ? v === 1 : v === 0)),
        claims: 'domain',
        seed,
        rounds: 6,
      });
    });
  });

  it('keeps every solution and rejects every non-solution when a variable occurs twice (x ∨ ¬x, x ∨ x ∨ y)', () => {
    forSeeds(200, (rng, seed) => {
      const n = rng.int(1, 3);
      const lits = Array.from({ length: rng.int(1, 5) }, () => ({ i: rng.int(0, n - 1), pos: rng.float() < 0.5 }));
      checkPropagator({
        domains: Array.from({ length: n }, () => randomBool(rng)),
        post: (space, vars) =>
          postBoolClause(
            space,
            Int32Array.from(lits.filter((l) => l.pos).map((l) => vars[l.i] as number)),
            Int32Array.from(lits.filter((l) => !l.pos).map((l) => vars[l.i] as number)),
          ),
        holds: (x) => lits.some((l) => x[l.i] === (l.pos ? 1 : 0)),
        seed,
      });
    });
  });
});
