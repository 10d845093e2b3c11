import { describe, expect, it } from 'vitest';
import { postBoolClause } from '../../../solver/cp/propagators/bool-clause.js';
import { Rng } from '../../../solver/model/rng.js';
import { checkAssignments, checkDive, checkOnce, domainConsistency, randomBool } from './check.js';

/** A random clause over n distinct variables: the first `split` positive, the rest negative. */
function clauseCase(rng: Rng, n: number) {
  const split = rng.int(0, n);
  const specs = Array.from({ length: n }, () => randomBool(rng));
  const post = (space: Parameters<typeof postBoolClause>[0], vars: readonly number[]) =>
    postBoolClause(space, Int32Array.from(vars.slice(0, split)), Int32Array.from(vars.slice(split)));
  const holds = (x: readonly number[]) => x.some((v, i) => (i < split ? v === 1 : v === 0));
  return { specs, post, holds };
}

describe('bool_clause', () => {
  it('is domain consistent on 600 random clauses of 0 to 6 distinct variables, at the root', () => {
    const rng = Rng.seeded(1101);
    let unsat = 0;
    for (let t = 0; t < 600; t++) {
      const c = clauseCase(rng, rng.int(0, 6));
      if (checkOnce(c.specs, c.post, c.holds, domainConsistency) === 0) unsat++;
    }
    expect(unsat).toBeGreaterThan(20);
  });

  it('stays domain consistent along random dives with backtracking (the watches live in store cells)', () => {
    const rng = Rng.seeded(1102);
    for (let t = 0; t < 300; t++) {
      const n = rng.int(2, 7);
      const c = clauseCase(rng, n);
      checkDive(
        rng,
        c.specs.map(() => ({ values: [0, 1] })),
        c.post,
        c.holds,
        domainConsistency,
      );
    }
  });

  it('fails exactly on the violating full assignments', () => {
    const rng = Rng.seeded(1103);
    for (let t = 0; t < 40; t++) {
      const c = clauseCase(rng, rng.int(1, 4));
      checkAssignments(
        c.specs.map(() => ({ values: [0, 1] })),
        c.post,
        c.holds,
      );
    }
  });

  it('keeps every solution when a variable occurs twice (x ∨ ¬x, x ∨ x ∨ y)', () => {
    const rng = Rng.seeded(1104);
    for (let t = 0; t < 200; t++) {
      const n = rng.int(2, 4);
      const lits = Array.from({ length: rng.int(1, 5) }, () => ({ i: rng.int(0, n - 1), pos: rng.float() < 0.5 }));
      const post = (space: Parameters<typeof postBoolClause>[0], vars: readonly number[]) =>
        postBoolClause(
          space,
          Int32Array.from(lits.filter((l) => l.pos).map((l) => vars[l.i] as number)),
          Int32Array.from(lits.filter((l) => !l.pos).map((l) => vars[l.i] as number)),
        );
      const holds = (x: readonly number[]) => lits.some((l) => x[l.i] === (l.pos ? 1 : 0));
      checkDive(
        rng,
        Array.from({ length: n }, () => ({ values: [0, 1] })),
        post,
        holds,
      );
    }
  });
});
