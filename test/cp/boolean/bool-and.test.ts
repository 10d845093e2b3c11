import { describe, expect, it } from 'vitest';
import { postBoolAnd } from '../../../solver/cp/propagators/bool-and.js';
import type { Space } from '../../../solver/cp/space.js';
import { Rng } from '../../../solver/model/rng.js';
import { checkAssignments, checkDive, checkOnce, domainConsistency, randomBool } from './check.js';

/** r ⇔ (or ⇒) ∧ lᵢ over n literal variables then r (the last scope variable), random polarities. */
function andCase(rng: Rng, n: number, reified: boolean) {
  const want = Array.from({ length: n }, () => rng.int(0, 1));
  const rWant = rng.int(0, 1);
  const post = (space: Space, vars: readonly number[]) =>
    postBoolAnd(space, Int32Array.from(vars.slice(0, n)), Uint8Array.from(want), vars[n] as number, rWant, reified);
  const holds = (x: readonly number[]) => {
    const all = want.every((w, i) => x[i] === w);
    const r = x[n] === rWant;
    return reified ? r === all : !r || all;
  };
  return { specs: Array.from({ length: n + 1 }, () => randomBool(rng)), post, holds };
}

describe('r ⇔ ∧ literals (array_bool_and/or, bool_clause_reif)', () => {
  for (const reified of [true, false]) {
    const name = reified ? 'r ⇔ ∧' : 'r ⇒ ∧';
    it(`${name}: domain consistent on 500 random cases of 0 to 5 literals, at the root and along dives`, () => {
      const rng = Rng.seeded(reified ? 1201 : 1202);
      let unsat = 0;
      for (let t = 0; t < 500; t++) {
        const c = andCase(rng, rng.int(0, 5), reified);
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
      expect(unsat).toBeGreaterThan(10);
    });

    it(`${name}: fails exactly on the violating full assignments`, () => {
      const rng = Rng.seeded(reified ? 1203 : 1204);
      for (let t = 0; t < 30; t++) {
        const c = andCase(rng, rng.int(0, 4), reified);
        checkAssignments(
          c.specs.map(() => ({ values: [0, 1] })),
          c.post,
          c.holds,
        );
      }
    });
  }

  it('keeps every solution when r is also a literal or a literal repeats', () => {
    const rng = Rng.seeded(1205);
    for (let t = 0; t < 300; t++) {
      const n = rng.int(1, 3);
      const lits = Array.from({ length: rng.int(1, 4) }, () => ({ i: rng.int(0, n - 1), w: rng.int(0, 1) }));
      const r = rng.int(0, n - 1);
      const rWant = rng.int(0, 1);
      const reified = rng.float() < 0.5;
      const post = (space: Space, vars: readonly number[]) =>
        postBoolAnd(
          space,
          Int32Array.from(lits.map((l) => vars[l.i] as number)),
          Uint8Array.from(lits.map((l) => l.w)),
          vars[r] as number,
          rWant,
          reified,
        );
      const holds = (x: readonly number[]) => {
        const all = lits.every((l) => x[l.i] === l.w);
        return reified ? (x[r] === rWant) === all : x[r] !== rWant || all;
      };
      checkDive(
        rng,
        Array.from({ length: n }, () => ({ values: [0, 1] })),
        post,
        holds,
      );
    }
  });
});
