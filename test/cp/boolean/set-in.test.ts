import { describe, it } from 'vitest';
import { postSetIn } from '../../../solver/cp/propagators/set-in.js';
import type { IntSet } from '../../../solver/formats/flatzinc/index.js';
import type { Rng } from '../../../solver/model/rng.js';
import { checkPropagator, forSeeds, randomDomain, randomRange } from '../oracle.js';
import { randomBool } from './bools.js';

/** A random constant set within −6..6: a range (sometimes empty) or listed values. */
function randomSet(rng: Rng): IntSet {
  if (rng.float() < 0.3) {
    const a = rng.int(-6, 6);
    return { kind: 'range', min: a, max: a + rng.int(-1, 6) };
  }
  return { kind: 'set', values: randomDomain(rng, -6, 6, 0.5).filter(() => rng.float() < 0.9) };
}

function member(set: IntSet, v: number): boolean {
  return set.kind === 'range' ? set.min <= v && v <= set.max : set.values.includes(v);
}

describe('set_in, set_in_reif, set_in_imp over constant sets', () => {
  for (const wide of [false, true]) {
    const kind = wide ? 'interval' : 'bitmask';
    it(`x ∈ S on ${kind} variables: domain consistent (bounds on an interval), 300 random cases`, () => {
      forSeeds(300, (rng, seed) => {
        const set = randomSet(rng);
        checkPropagator({
          domains: [wide ? randomRange(rng) : randomDomain(rng)],
          wide: [wide],
          post: (space, vars) => postSetIn(space, vars[0] as number, set),
          holds: (x) => member(set, x[0] as number),
          claims: 'domain',
          seed,
        });
      });
    });

    for (const reified of [true, false]) {
      it(`r ${reified ? '⇔' : '⇒'} x ∈ S on ${kind} variables: domain consistent (bounds on an interval), 300 random cases`, () => {
        forSeeds(300, (rng, seed) => {
          const set = randomSet(rng);
          checkPropagator({
            domains: [wide ? randomRange(rng) : randomDomain(rng), randomBool(rng)],
            wide: [wide, false],
            post: (space, vars) => postSetIn(space, vars[0] as number, set, vars[1] as number, reified),
            holds: (x) => (reified ? member(set, x[0] as number) === (x[1] === 1) : x[1] === 0 || member(set, x[0] as number)),
            claims: 'domain',
            seed,
            rounds: 6,
          });
        });
      });
    }
  }
});
