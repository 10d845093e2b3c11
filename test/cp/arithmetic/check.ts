import { located } from '../../../solver/api/user-error.js';
import { arithmeticBuiltins } from '../../../solver/cp/builtins/arithmetic.js';
import type { PostContext } from '../../../solver/cp/builtins/poster.js';
import { type IntStore, Space } from '../../../solver/cp/index.js';
import type { FznExpr, FznScalar } from '../../../solver/formats/flatzinc/index.js';
import type { Rng } from '../../../solver/model/rng.js';
import { type Consistency, checkPropagator, forEachAssignment } from '../oracle.js';

/**
 * The arithmetic tests' use of the shared oracle (test/cp/oracle.ts): builtins are posted through
 * the arithmetic table, as the FlatZinc front end posts them, with a reduced PostContext.
 */

export type Post = (space: Space, vars: ArrayLike<number>) => void;
export type Holds = (values: readonly number[]) => boolean;

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

/** How many assignments of the specs satisfy `holds`. */
export function countSolutions(specs: readonly VarSpec[], holds: Holds): number {
  let n = 0;
  forEachAssignment(
    specs.map((s) => s.values),
    (values) => {
      if (holds(values)) n++;
    },
  );
  return n;
}

/** Counts an instance as unsatisfiable (outcomes[0]) or satisfiable (outcomes[1]) by its number of solutions. */
export function tally(outcomes: number[], solutions: number): void {
  const k = solutions > 0 ? 1 : 0;
  outcomes[k] = (outcomes[k] as number) + 1;
}

/** The oracle's checks (a)–(d) on one instance, the label prefixed to a failure. Returns the number of solutions. */
export function check(specs: readonly VarSpec[], post: Post, holds: Holds, claims: Consistency = 'none', label = '', seed = 1): number {
  try {
    checkPropagator({ domains: specs.map((s) => s.values), wide: specs.map((s) => s.interval === true), post, holds, claims, seed });
  } catch (e) {
    if (e instanceof Error) e.message = `${label}: ${e.message}`;
    throw e;
  }
  return countSolutions(specs, holds);
}

/** The domains after posting on fresh variables and one root fixpoint; null when it fails. */
export function rootDomains(specs: readonly VarSpec[], post: Post): number[][] | null {
  const space = new Space();
  const vars = specs.map((spec) => {
    if (!spec.interval) return space.newVarOf(spec.values);
    const lo = spec.values[0] as number;
    const hi = spec.values[spec.values.length - 1] as number;
    const v = space.newVar(lo - 5000, hi + 5000);
    space.store.setMin(v, lo);
    space.store.setMax(v, hi);
    return v;
  });
  post(space, vars);
  return space.fixpoint() >= 0 ? null : vars.map((v) => domainOf(space.store, v));
}

function domainOf(s: IntStore, v: number): number[] {
  const out: number[] = [];
  for (let x = s.min(v); x <= s.max(v); x++) if (s.contains(v, x)) out.push(x);
  return out;
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
function testContext(space: Space, vars: ArrayLike<number>): PostContext {
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
