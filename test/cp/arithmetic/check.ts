import { expect } from 'vitest';
import { located } from '../../../solver/api/user-error.js';
import { arithmeticBuiltins } from '../../../solver/cp/builtins/arithmetic.js';
import type { PostContext } from '../../../solver/cp/builtins/poster.js';
import { type IntStore, Space } from '../../../solver/cp/index.js';
import type { FznExpr, FznScalar } from '../../../solver/formats/flatzinc/index.js';
import type { Rng } from '../../../solver/model/rng.js';

/**
 * Brute-force oracle for the arithmetic propagators (local to these tests until the shared
 * test/cp/oracle.ts exists). A constraint is `post` (posts it on the given variables) and `holds`
 * (its meaning on a full assignment, written independently); `check` enumerates every assignment of
 * the small initial domains and compares with what the propagator leaves.
 */

export type Post = (space: Space, vars: readonly number[]) => void;
export type Holds = (values: readonly number[]) => boolean;
/** The domains the claimed consistency gives, from the initial domains and the solutions; null: must fail. */
export type Consistency = (domains: readonly (readonly number[])[], solutions: readonly (readonly number[])[]) => number[][] | null;

/** A scope variable: its initial values, as a bitmask, or as an interval (span > 4096 narrowed: no holes). */
export interface VarSpec {
  values: number[];
  interval?: boolean;
}

export function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

/** Random sorted distinct values from lo..hi (at least one); contiguous for an interval variable. */
export function randomSpec(rng: Rng, lo: number, hi: number, interval = false): VarSpec {
  if (interval) {
    const a = rng.int(lo, hi);
    const b = rng.int(lo, hi);
    return { values: range(Math.min(a, b), Math.max(a, b)), interval };
  }
  const values = range(lo, hi).filter(() => rng.float() < 0.6);
  return { values: values.length > 0 ? values : [rng.int(lo, hi)] };
}

export function makeVar(space: Space, spec: VarSpec): number {
  if (!spec.interval) return space.newVarOf(spec.values);
  const lo = spec.values[0] as number;
  const hi = spec.values[spec.values.length - 1] as number;
  // Wider than a bitmask window on either side (clamped to the value range by the store), then narrowed.
  const v = space.newVar(lo - 5000, hi + 5000);
  expect(space.store.hasWindow(v)).toBe(false);
  space.store.setMin(v, lo);
  space.store.setMax(v, hi);
  return v;
}

/** v's values, read one by one with `contains` (not with the store's own iteration). */
export function domainOf(s: IntStore, v: number): number[] {
  const out: number[] = [];
  if (s.max(v) - s.min(v) > 1e5) throw new Error(`variable ${v} too wide to list: ${s.min(v)}..${s.max(v)}`);
  for (let x = s.min(v); x <= s.max(v); x++) if (s.contains(v, x)) out.push(x);
  return out;
}

/** Every assignment of `domains` that `holds` (odometer). */
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

/** Bounds consistency on intervals: each domain is the range between the least and greatest value some solution takes. */
export const hullConsistency: Consistency = (domains, solutions) =>
  domainConsistency(domains, solutions)?.map((d) => range(d[0] as number, d[d.length - 1] as number)) ?? null;

/**
 * Checks one instance: (a) the fixpoint keeps every value of every solution (failing only when
 * there is none); (b) on every full assignment, fixed after the root fixpoint as a search would,
 * the fixpoint fails iff `holds` is false; (c) when `consistency` is given, the domains after the
 * root fixpoint are exactly the ones it computes. Returns the number of solutions. (b) is skipped
 * when `fullAssignments` is false (large domains).
 */
export function check(
  specs: readonly VarSpec[],
  post: Post,
  holds: Holds,
  consistency?: Consistency,
  label = '',
  fullAssignments = true,
): number {
  const initial = specs.map((s) => s.values);
  const solutions = solutionsOf(initial, holds);
  const space = new Space();
  const vars = specs.map((s) => makeVar(space, s));
  post(space, vars);
  const failed = space.fixpoint() >= 0;
  const after = failed ? null : vars.map((v) => domainOf(space.store, v));
  const what = `${label} on ${JSON.stringify(initial)}: ${after ? JSON.stringify(after) : 'failed'}`;
  if (after === null) expect(solutions, `(a) failed with solutions ${what}`).toEqual([]);
  else
    for (const sol of solutions)
      sol.forEach((x, i) => {
        expect((after[i] as number[]).includes(x), `(a) lost ${x} of solution ${sol} ${what}`).toBe(true);
      });
  if (consistency) expect(after, `(c) consistency ${what}`).toEqual(consistency(initial, solutions));
  if (after === null || !fullAssignments) return solutions.length;
  const s = space.store;
  for (const tuple of solutionsOf(initial, () => true)) {
    const m = s.mark();
    const fixed = tuple.every((x, i) => s.fix(vars[i] as number, x));
    const ok = fixed && space.fixpoint() < 0;
    expect(ok, `(b) ${tuple} ${what}`).toBe(holds(tuple));
    s.undo(m);
  }
  return solutions.length;
}

/** A scope variable as a FlatZinc argument (index into the vars `post` receives). */
export const ref = (i: number): FznExpr => ({ kind: 'var', id: i });
export const lit = (value: number): FznExpr => ({ kind: 'int', value });
export const arr = (items: readonly FznExpr[]): FznExpr => ({ kind: 'array', items: items as FznScalar[] });

/** Posts FlatZinc builtin `name` from the arithmetic table, `ref(i)` meaning the i-th scope variable. */
export function builtin(name: string, args: readonly FznExpr[]): Post {
  const poster = arithmeticBuiltins[name];
  if (!poster) throw new Error(`no builtin ${name}`);
  return (space, vars) => poster(testContext(space, vars), args, { name, args, annotations: [], line: 1 });
}

/** The PostContext a FlatZinc front end gives, reduced to what these tests pass. */
function testContext(space: Space, vars: readonly number[]): PostContext {
  const scalar = (e: FznExpr): number => {
    if (e.kind === 'var') return vars[e.id] as number;
    if (e.kind === 'int') return space.newVar(e.value, e.value);
    if (e.kind === 'bool') return space.newVar(+e.value, +e.value);
    throw new Error(`not a scalar: ${JSON.stringify(e)}`);
  };
  const items = (e: FznExpr): readonly FznScalar[] => (e.kind === 'array' ? e.items : fail('not an array'));
  const fail = (message: string): never => {
    throw located('test.fzn', 1, message);
  };
  return {
    space,
    intVar: scalar,
    intVars: (e) => Int32Array.from(items(e), scalar),
    int: (e) => (e.kind === 'int' ? e.value : fail('not an int')),
    ints: (e) => items(e).map((x) => (x.kind === 'int' ? x.value : fail('not an int'))),
    set: () => fail('no sets here'),
    sets: () => fail('no sets here'),
    fail,
  };
}
