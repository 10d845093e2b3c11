import { expect } from 'vitest';
import { type IntStore, Space } from '../../../solver/cp/index.js';
import type { Rng } from '../../../solver/model/rng.js';

/**
 * Brute-force oracle checks for the Boolean, set and element propagators (a helper local to these
 * tests until the shared test/cp/oracle.ts exists). A constraint is given as `post` (posts it on the
 * scope's variables) and `holds` (the constraint on a full assignment, computed independently); the
 * checks enumerate every assignment of small domains, so nothing of the solver decides what is right.
 */

/** One scope variable: its initial values, and whether it is an interval (span > 4096, holes not kept). */
export interface VarSpec {
  values: number[];
  interval?: boolean;
}

export type Post = (space: Space, vars: readonly number[]) => void;
export type Holds = (values: readonly number[]) => boolean;
/**
 * The domains the claimed consistency gives from `domains` (each sorted), knowing the solutions
 * inside them; null when it must fail.
 */
export type Consistency = (domains: readonly (readonly number[])[], solutions: readonly (readonly number[])[]) => number[][] | null;

/** A variable of the spec: a bitmask over its values, or an interval over −10000..10000 narrowed to them. */
export function makeVar(space: Space, spec: VarSpec): number {
  if (!spec.interval) return space.newVarOf(spec.values);
  const v = space.newVar(-10000, 10000);
  expect(space.store.hasWindow(v)).toBe(false);
  space.store.setMin(v, spec.values[0] as number);
  space.store.setMax(v, spec.values[spec.values.length - 1] as number);
  return v;
}

/** The values of v, ascending, read one by one with `contains`. */
export function domainOf(s: IntStore, v: number): number[] {
  const out: number[] = [];
  for (let x = s.min(v); x <= s.max(v); x++) if (s.contains(v, x)) out.push(x);
  return out;
}

/** Every assignment of `domains` that `holds`, by odometer. */
export function solutionsOf(domains: readonly (readonly number[])[], holds: Holds): number[][] {
  const out: number[][] = [];
  if (domains.some((d) => d.length === 0)) return out;
  const at = domains.map(() => 0);
  for (;;) {
    const values = domains.map((d, i) => d[at[i] as number] as number);
    if (holds(values)) out.push(values);
    let i = 0;
    for (; i < domains.length; i++) {
      at[i] = (at[i] as number) + 1;
      if (at[i] !== (domains[i] as number[]).length) break;
      at[i] = 0;
    }
    if (i === domains.length) return out;
  }
}

/** Domain consistency: each domain is exactly the values some solution takes. */
export const domainConsistency: Consistency = (domains, solutions) =>
  solutions.length === 0 ? null : domains.map((_, i) => [...new Set(solutions.map((s) => s[i] as number))].sort((a, b) => a - b));

/** A 0/1 variable, fixed one time in four. */
export function randomBool(rng: Rng): VarSpec {
  const r = rng.int(0, 7);
  return { values: r === 0 ? [0] : r === 1 ? [1] : [0, 1] };
}

/** Random sorted distinct values from lo..hi, at least one; contiguous for an interval variable. */
export function randomSpec(rng: Rng, lo: number, hi: number, interval = false): VarSpec {
  if (interval) {
    const a = rng.int(lo, hi);
    const b = rng.int(lo, hi);
    return { values: range(Math.min(a, b), Math.max(a, b)), interval };
  }
  const values = range(lo, hi).filter(() => rng.float() < 0.6);
  return { values: values.length ? values : [rng.int(lo, hi)] };
}

export function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

/** The scope variables' domains. */
function domains(space: Space, vars: readonly number[]): number[][] {
  return vars.map((v) => domainOf(space.store, v));
}

/**
 * Posts on `specs` and runs to a fixpoint: no value of a solution is removed, failure only without
 * solutions, and, when `consistency` is given, the domains are exactly what it says. Returns the
 * number of solutions (so callers can see both kinds of case were drawn).
 */
export function checkOnce(specs: readonly VarSpec[], post: Post, holds: Holds, consistency?: Consistency): number {
  const space = new Space();
  const vars = specs.map((s) => makeVar(space, s));
  const before = domains(space, vars);
  post(space, vars);
  const failed = space.fixpoint() >= 0;
  checkStep(before, failed, failed ? [] : domains(space, vars), holds, consistency, `from ${JSON.stringify(before)}`);
  return solutionsOf(before, holds).length;
}

/** The checks of one fixpoint, from `before` to `after` (empty when it failed). */
function checkStep(
  before: readonly (readonly number[])[],
  failed: boolean,
  after: readonly (readonly number[])[],
  holds: Holds,
  consistency: Consistency | undefined,
  where: string,
): void {
  const solutions = solutionsOf(before, holds);
  if (failed) expect(solutions, `failed with solutions ${where}`).toEqual([]);
  else {
    const lost = solutions.find((sol) => sol.some((x, i) => !(after[i] as number[]).includes(x)));
    expect(lost, `solution lost ${where}: ${JSON.stringify(after)}`).toBeUndefined();
  }
  if (before.every((d) => d.length === 1))
    expect(failed, `fixed ${JSON.stringify(before)}`).toBe(!holds(before.map((d) => d[0] as number)));
  if (consistency) {
    const want = consistency(before, solutions);
    if (want === null) expect(failed, `should fail ${where}`).toBe(true);
    else expect(failed ? 'failed' : after, `consistency ${where}`).toEqual(want);
  }
}

/** Every full assignment of `specs`, posted on fixed variables (intervals fixed with `fix`): fails iff it violates. */
export function checkAssignments(specs: readonly VarSpec[], post: Post, holds: Holds): void {
  for (const values of solutionsOf(
    specs.map((s) => s.values),
    () => true,
  )) {
    const space = new Space();
    const vars = specs.map((s, i) => {
      const v = makeVar(space, s);
      expect(space.store.fix(v, values[i] as number)).toBe(true);
      return v;
    });
    post(space, vars);
    expect(space.fixpoint() >= 0, `at ${JSON.stringify(values)}`).toBe(!holds(values));
  }
}

/**
 * A random walk of decisions (fix, remove, bound) with fixpoints and backtracks to earlier marks:
 * each fixpoint passes checkStep from the domains the decision left, and each backtrack restores
 * the domains recorded at its mark (the propagator's reversible state is exercised along the way).
 */
export function checkDive(rng: Rng, specs: readonly VarSpec[], post: Post, holds: Holds, consistency?: Consistency, steps = 30): void {
  const space = new Space();
  const s = space.store;
  const vars = specs.map((spec) => makeVar(space, spec));
  post(space, vars);
  const first = domains(space, vars);
  let failed = space.fixpoint() >= 0;
  checkStep(first, failed, failed ? [] : domains(space, vars), holds, consistency, 'at the root');
  if (failed) return;
  const stack: { mark: number; domains: number[][] }[] = [];
  for (let step = 0; step < steps; step++) {
    const open = vars.filter((v) => !s.isFixed(v));
    if (failed || open.length === 0 || (stack.length > 0 && rng.float() < 0.25)) {
      if (stack.length === 0) return;
      const to = rng.int(0, stack.length - 1);
      const top = stack[to] as { mark: number; domains: number[][] };
      stack.length = to;
      s.undo(top.mark);
      expect(domains(space, vars), 'restored by undo').toEqual(top.domains);
      failed = false;
      continue;
    }
    const v = open[rng.int(0, open.length - 1)] as number;
    stack.push({ mark: s.mark(), domains: domains(space, vars) });
    const values = domainOf(s, v);
    const x = values[rng.int(0, values.length - 1)] as number;
    const kind = rng.int(0, 3);
    const ok = kind === 0 ? s.fix(v, x) : kind === 1 ? s.remove(v, x) : kind === 2 ? s.setMin(v, x) : s.setMax(v, x);
    expect(ok).toBe(true);
    const before = domains(space, vars);
    failed = space.fixpoint() >= 0;
    checkStep(before, failed, failed ? [] : domains(space, vars), holds, consistency, `step ${step} from ${JSON.stringify(before)}`);
  }
}
