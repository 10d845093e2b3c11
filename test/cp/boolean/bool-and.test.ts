import { describe, it } from 'vitest';
import { postBoolAnd } from '../../../solver/cp/propagators/bool-and.js';
import { checkPropagator, forSeeds } from '../oracle.js';
import { randomBool } from './bools.js';

describe('r ⇔ ∧ literals (array_bool_and/or, bool_clause_reif)', () => {
  for (const reified of [true, false]) {
    it(`${reified ? 'r ⇔ ∧' : 'r ⇒ ∧'}: domain consistent on 400 random cases of 0 to 5 literals, also after narrowings and undo`, () => {
      forSeeds(400, (rng, seed) => {
        const n = rng.int(0, 5);
        const want = Array.from({ length: n }, () => rng.int(0, 1));
        const rWant = rng.int(0, 1);
        checkPropagator({
          // The literals' variables, then r.
          domains: Array.from({ length: n + 1 }, () => randomBool(rng)),
          post: (space, vars) => postBoolAnd(space, vars.slice(0, n), Uint8Array.from(want), vars[n] as number, rWant, reified),
          holds: (x) => {
            const all = want.every((w, i) => x[i] === w);
            return reified ? (x[n] === rWant) === all : x[n] !== rWant || all;
          },
          claims: 'domain',
          seed,
          rounds: 6,
        });
      });
    });
  }

  it('keeps every solution and rejects every non-solution when r is also a literal or a literal repeats', () => {
    forSeeds(300, (rng, seed) => {
      const n = rng.int(1, 3);
      const lits = Array.from({ length: rng.int(1, 4) }, () => ({ i: rng.int(0, n - 1), w: rng.int(0, 1) }));
      const r = rng.int(0, n - 1);
      const rWant = rng.int(0, 1);
      const reified = rng.float() < 0.5;
      checkPropagator({
        domains: Array.from({ length: n }, () => randomBool(rng)),
        post: (space, vars) =>
          postBoolAnd(
            space,
            Int32Array.from(lits.map((l) => vars[l.i] as number)),
            Uint8Array.from(lits.map((l) => l.w)),
            vars[r] as number,
            rWant,
            reified,
          ),
        holds: (x) => {
          const all = lits.every((l) => x[l.i] === l.w);
          return reified ? (x[r] === rWant) === all : x[r] !== rWant || all;
        },
        seed,
      });
    });
  });
});
