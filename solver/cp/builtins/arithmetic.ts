import type { FznExpr } from '../../formats/flatzinc/index.js';
import { EV_BOUNDS, EV_DOMAIN, EV_FIX } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { abs } from '../propagators/abs.js';
import { ArrayExtremum } from '../propagators/array-extremum.js';
import { div } from '../propagators/div.js';
import { Functional, type IntFunction } from '../propagators/functional.js';
import { IntEq, IntLe, IntNe } from '../propagators/int-compare.js';
import { LinearEq, LinearLe, LinearNe, linearMagnitude } from '../propagators/linear.js';
import { mod } from '../propagators/mod.js';
import { pow } from '../propagators/pow.js';
import { type Reifiable, Reified } from '../propagators/reified.js';
import { times } from '../propagators/times.js';
import type { Space } from '../space.js';
import type { BuiltinTable, PostContext, Poster } from './poster.js';

/** A constraint ready to post: the propagator, its negation for full reification, and what wakes them. */
interface Posting {
  c: Reifiable;
  negation(): CpPropagator;
  vars: ArrayLike<number>;
  /** The event that wakes c. */
  event: number;
  /** The event that wakes its negation. */
  negationEvent: number;
  /** Posts c itself when it has its own way (advisors), else c is watched on `event`. */
  post?(space: Space): number;
}

/** Sums of magnitude 2^53 and above are no longer exact in a double. */
const EXACT_LIMIT = 2 ** 53;

/**
 * What a disequality needs to wake on: fixes, and also bound moves when a variable is an interval,
 * whose interior value it could not remove before (a no-op) but can once that value is a bound.
 */
function fixOrBounds(ctx: PostContext, vars: ArrayLike<number>): number {
  for (let i = 0; i < vars.length; i++) if (!ctx.space.store.hasWindow(vars[i] as number)) return EV_BOUNDS;
  return EV_FIX;
}

function postWatched(ctx: PostContext, p: CpPropagator, vars: ArrayLike<number>, event: number): number {
  const id = ctx.space.post(p);
  for (let i = 0; i < vars.length; i++) ctx.space.watch(id, vars[i] as number, event);
  return id;
}

/** Refuses a constraint with the wrong number of arguments. */
function arity(ctx: PostContext, args: readonly FznExpr[], n: number, name: string): void {
  if (args.length !== n) ctx.fail(`${name} takes ${n} arguments, not ${args.length}`);
}

/** `name` (c), `name_reif` (r ↔ c) and `name_imp` (r → c), c taking `n` arguments before r. */
function reifiable(name: string, n: number, make: (ctx: PostContext, args: readonly FznExpr[]) => Posting): Record<string, Poster> {
  const half =
    (full: boolean): Poster =>
    (ctx, args) => {
      const kind = `${name}_${full ? 'reif' : 'imp'}`;
      arity(ctx, args, n + 1, kind);
      const m = make(ctx, args);
      const b = ctx.intVar(args[n] as FznExpr);
      // b → c also wakes on what disentails c, which is what wakes its negation.
      const id = postWatched(ctx, new Reified(b, m.c, full ? m.negation() : null), m.vars, Math.min(m.event, m.negationEvent));
      ctx.space.watch(id, b, EV_FIX);
    };
  return {
    [name]: (ctx, args) => {
      arity(ctx, args, n, name);
      const m = make(ctx, args);
      if (m.post) m.post(ctx.space);
      else postWatched(ctx, m.c, m.vars, m.event);
    },
    [`${name}_reif`]: half(true),
    [`${name}_imp`]: half(false),
  };
}

function compare(make: (x: number, y: number, ctx: PostContext) => Posting): (ctx: PostContext, args: readonly FznExpr[]) => Posting {
  return (ctx, args) => make(ctx.intVar(args[0] as FznExpr), ctx.intVar(args[1] as FznExpr), ctx);
}

function le(x: number, y: number, k: number): Posting {
  const c = new IntLe(x, y, k);
  return { c, negation: () => c.negated(), vars: [x, y], event: EV_BOUNDS, negationEvent: EV_BOUNDS };
}

/** Reads int_lin_*'s (as, bs, c). */
function linear(kind: 'le' | 'eq' | 'ne'): (ctx: PostContext, args: readonly FznExpr[]) => Posting {
  return (ctx, args) => {
    const as = ctx.ints(args[0] as FznExpr);
    const bs = ctx.intVars(args[1] as FznExpr);
    if (as.length !== bs.length) ctx.fail(`int_lin_${kind}: ${as.length} coefficients for ${bs.length} variables`);
    return linearPosting(ctx, kind, as, bs, ctx.int(args[2] as FznExpr));
  };
}

/** Σ as·bs (kind) c: merges repeated variables, drops zero coefficients, checks that doubles stay exact. */
function linearPosting(ctx: PostContext, kind: 'le' | 'eq' | 'ne', as: readonly number[], bs: Int32Array, c: number): Posting {
  const coef = new Map<number, number>();
  for (let i = 0; i < bs.length; i++) coef.set(bs[i] as number, (coef.get(bs[i] as number) ?? 0) + (as[i] as number));
  for (const [v, a] of coef) if (a === 0) coef.delete(v);
  const x = Int32Array.from(coef.keys());
  const a = Float64Array.from(coef.values());
  if (linearMagnitude(ctx.space.store, a, x, c) >= EXACT_LIMIT)
    ctx.fail(`int_lin_${kind}: coefficients times variable bounds reach 2^53, beyond exact arithmetic`);
  if (kind === 'le') {
    const p = new LinearLe(a, x, c);
    return {
      c: p,
      negation: () => p.negated(),
      vars: x,
      event: EV_BOUNDS,
      negationEvent: EV_BOUNDS,
      post: (sp) => p.postAdvised(sp, EV_BOUNDS),
    };
  }
  const a0 = a[0] as number;
  if (x.length === 2 && a[1] === -a0 && c % a0 === 0) {
    // a·(x − y) = c: x = y + c/a, domain consistent where the sum would only be bounds(R).
    const k = c / a0 + 0;
    const eqK = new IntEq(x[0] as number, x[1] as number, k);
    const neK = new IntNe(x[0] as number, x[1] as number, k);
    const neEvent = fixOrBounds(ctx, x);
    return kind === 'eq'
      ? { c: eqK, negation: () => neK, vars: x, event: EV_DOMAIN, negationEvent: EV_DOMAIN }
      : { c: neK, negation: () => eqK, vars: x, event: neEvent, negationEvent: EV_DOMAIN };
  }
  const eq = new LinearEq(a, x, c);
  const ne = new LinearNe(a, x, c);
  return kind === 'eq'
    ? {
        c: eq,
        negation: () => ne,
        vars: x,
        event: EV_BOUNDS,
        negationEvent: fixOrBounds(ctx, x),
        post: (sp) => eq.postAdvised(sp, EV_BOUNDS),
      }
    : { c: ne, negation: () => eq, vars: x, event: fixOrBounds(ctx, x), negationEvent: EV_BOUNDS };
}

/** z = f(x, y) on arguments (x, y, z), or z = f(x) on (x, z). */
function functional(f: IntFunction, unary = false): Poster {
  return (ctx, args) => {
    arity(ctx, args, unary ? 2 : 3, f.name);
    const vars = args.map((e) => ctx.intVar(e));
    const x = vars[0] as number;
    const z = vars[vars.length - 1] as number;
    postWatched(ctx, new Functional(f, x, unary ? -1 : (vars[1] as number), z), vars, EV_DOMAIN);
  };
}

/** m = max (sign 1) or min (−1) of an array, m first. */
function arrayExtremum(name: string, sign: 1 | -1): Poster {
  return (ctx, args) => {
    arity(ctx, args, 2, name);
    const m = ctx.intVar(args[0] as FznExpr);
    const x = ctx.intVars(args[1] as FznExpr);
    if (x.length === 0) ctx.fail(`${name} of an empty array`);
    postWatched(ctx, new ArrayExtremum(m, x, sign), [m, ...x], EV_BOUNDS);
  };
}

/** c = max (sign 1) or min (−1) of a and b. */
function binaryExtremum(name: string, sign: 1 | -1): Poster {
  return (ctx, args) => {
    arity(ctx, args, 3, name);
    const [a, b, c] = args.map((e) => ctx.intVar(e)) as [number, number, number];
    postWatched(ctx, new ArrayExtremum(c, Int32Array.of(a, b), sign), [a, b, c], EV_BOUNDS);
  };
}

/** FlatZinc builtins: int comparisons, linear, arithmetic. */
export const arithmeticBuiltins: BuiltinTable = {
  ...reifiable(
    'int_eq',
    2,
    compare((x, y) => {
      const c = new IntEq(x, y);
      return { c, negation: () => new IntNe(x, y), vars: [x, y], event: EV_DOMAIN, negationEvent: EV_DOMAIN };
    }),
  ),
  ...reifiable(
    'int_ne',
    2,
    compare((x, y, ctx) => {
      const c = new IntNe(x, y);
      return { c, negation: () => new IntEq(x, y), vars: [x, y], event: fixOrBounds(ctx, [x, y]), negationEvent: EV_DOMAIN };
    }),
  ),
  ...reifiable(
    'int_le',
    2,
    compare((x, y) => le(x, y, 0)),
  ),
  ...reifiable(
    'int_lt',
    2,
    compare((x, y) => le(x, y, -1)),
  ),
  ...reifiable('int_lin_le', 3, linear('le')),
  ...reifiable('int_lin_eq', 3, linear('eq')),
  ...reifiable('int_lin_ne', 3, linear('ne')),
  int_plus: (ctx, args) => {
    arity(ctx, args, 3, 'int_plus');
    const m = linearPosting(
      ctx,
      'eq',
      [1, 1, -1],
      Int32Array.from(args, (e) => ctx.intVar(e)),
      0,
    );
    postWatched(ctx, m.c, m.vars, m.event);
  },
  int_times: functional(times),
  int_div: functional(div),
  int_mod: functional(mod),
  int_pow: functional(pow),
  int_pow_fixed: functional(pow),
  int_abs: functional(abs, true),
  int_min: binaryExtremum('int_min', -1),
  int_max: binaryExtremum('int_max', 1),
  array_int_minimum: arrayExtremum('array_int_minimum', -1),
  array_int_maximum: arrayExtremum('array_int_maximum', 1),
};
