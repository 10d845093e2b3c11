import type { Space } from '../../../solver/cp/space.js';
import type { Rng } from '../../../solver/model/rng.js';
import { type Consistency, checkPropagator, forEachAssignment, forSeeds, randomDomain, randomRange } from '../oracle.js';

/** A variable's initial domain for the shared oracle (test/cp/oracle.ts): values, and whether it is an interval variable. */
export interface Dom {
  readonly values: readonly number[];
  readonly wide: boolean;
}

/** A random domain within lo..hi: a subset held as a bitmask or, with probability `wideShare`, a range held as an interval. */
export function randomDom(rng: Rng, lo: number, hi: number, wideShare = 0.25): Dom {
  return rng.float() < wideShare
    ? { values: randomRange(rng, lo, hi), wide: true }
    : { values: randomDomain(rng, lo, hi, 0.4), wide: false };
}

/** The single value v, as a bitmask or an interval variable. */
export function fixedDom(rng: Rng, v: number): Dom {
  return { values: [v], wide: rng.float() < 0.5 };
}

/** A global constraint's random case. */
export interface GlobalCase {
  doms: readonly Dom[];
  post(space: Space, vars: Int32Array): void;
  holds(values: readonly number[]): boolean;
  claims: Consistency;
}

/**
 * Runs the shared oracle (checks a–d) on `trials` seeded cases from `make`; returns how many had
 * solutions and how many had none, so a test can check that both kinds occurred.
 */
export function runOracle(trials: number, make: (rng: Rng) => GlobalCase): { sat: number; unsat: number } {
  let sat = 0;
  forSeeds(trials, (rng, seed) => {
    const c = make(rng);
    const domains = c.doms.map((d) => d.values);
    checkPropagator({ domains, wide: c.doms.map((d) => d.wide), post: c.post, holds: c.holds, claims: c.claims, seed });
    let any = false;
    forEachAssignment(domains, (values) => {
      any ||= c.holds(values);
    });
    if (any) sat++;
  });
  return { sat, unsat: trials - sat };
}

/** The range lo..hi as an interval variable. */
export function wideRange(lo: number, hi: number): Dom {
  return { values: Array.from({ length: hi - lo + 1 }, (_, k) => lo + k), wide: true };
}
