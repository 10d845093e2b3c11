import { describe, it } from 'vitest';
import { postElement } from '../../../solver/cp/propagators/element.js';
import { checkPropagator, forSeeds, randomDomain, randomRange } from '../oracle.js';

describe('array_int_element, array_bool_element: c = table[b], b 1-based', () => {
  for (const [bWide, cWide] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    const kinds = `b ${bWide ? 'interval' : 'bitmask'}, c ${cWide ? 'interval' : 'bitmask'}`;
    it(`${kinds}: domain consistent (bounds on an interval), 300 random tables of 0 to 6 entries`, () => {
      forSeeds(300, (rng, seed) => {
        const n = rng.int(0, 6);
        const table = Array.from({ length: n }, () => rng.int(-4, 4));
        checkPropagator({
          // b's values reach outside 1..n on purpose.
          domains: [bWide ? randomRange(rng, -1, 8) : randomDomain(rng, -1, 8), cWide ? randomRange(rng, -5, 5) : randomDomain(rng, -5, 5)],
          wide: [bWide, cWide],
          post: (space, vars) => postElement(space, vars[0] as number, Float64Array.from(table), vars[1] as number),
          holds: ([b, c]) => (b as number) >= 1 && (b as number) <= n && table[(b as number) - 1] === c,
          claims: 'domain',
          seed,
          rounds: 6,
        });
      });
    });
  }

  it('sound when b and c are the same variable (b = table[b])', () => {
    forSeeds(100, (rng, seed) => {
      const table = Array.from({ length: rng.int(1, 6) }, () => rng.int(0, 7));
      checkPropagator({
        domains: [randomDomain(rng, -1, 8)],
        post: (space, vars) => postElement(space, vars[0] as number, Float64Array.from(table), vars[0] as number),
        holds: ([b]) => table[(b as number) - 1] === b,
        seed,
      });
    });
  });
});
