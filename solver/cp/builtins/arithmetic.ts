import type { FznExpr } from '../../formats/flatzinc/index.js';
import { EV_BOUNDS, EV_DOMAIN, EV_FIX } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { IntEq, IntLe, IntNe } from '../propagators/int-compare.js';
import { LinearEq, LinearLe, LinearNe, linearMagnitude } from '../propagators/linear.js';
import { type Reifiable, Reified } from '../propagators/reified.js';
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
}

/** Sums of magnitude 2^53 and above are no longer exact in a double. */
const EXACT_LIMIT = 2 ** 53;

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
      postWatched(ctx, m.c, m.vars, m.event);
    },
    [`${name}_reif`]: half(true),
    [`${name}_imp`]: half(false),
  };
}

function compare(make: (x: number, y: number) => Posting): (ctx: PostContext, args: readonly FznExpr[]) => Posting {
  return (ctx, args) => make(ctx.intVar(args[0] as FznExpr), ctx.intVar(args[1] as FznExpr));
}

function le(x: number, y: number, k: number): Posting {
  const c = new IntLe(x, y, k);
  return { c, negation: () => c.negated(), vars: [x, y], event: EV_BOUNDS, negationEvent: EV_BOUNDS };
}

/** Reads int_lin_*'s (as, bs, c): merges repeated variables, drops zero coefficients, checks exactness. */
function linear(kind: 'le' | 'eq' | 'ne'): (ctx: PostContext, args: readonly FznExpr[]) => Posting {
  return (ctx, args) => {
    const as = ctx.ints(args[0] as FznExpr);
    const bs = ctx.intVars(args[1] as FznExpr);
    const c = ctx.int(args[2] as FznExpr);
    if (as.length !== bs.length) ctx.fail(`int_lin_${kind}: ${as.length} coefficients for ${bs.length} variables`);
    const coef = new Map<number, number>();
    for (let i = 0; i < bs.length; i++) coef.set(bs[i] as number, (coef.get(bs[i] as number) ?? 0) + (as[i] as number));
    for (const [v, a] of coef) if (a === 0) coef.delete(v);
    const x = Int32Array.from(coef.keys());
    const a = Float64Array.from(coef.values());
    if (linearMagnitude(ctx.space.store, a, x, c) >= EXACT_LIMIT)
      ctx.fail(`int_lin_${kind}: coefficients times variable bounds reach 2^53, beyond exact arithmetic`);
    if (kind === 'le') {
      const p = new LinearLe(a, x, c);
      return { c: p, negation: () => p.negated(), vars: x, event: EV_BOUNDS, negationEvent: EV_BOUNDS };
    }
    const eq = new LinearEq(a, x, c);
    const ne = new LinearNe(a, x, c);
    return kind === 'eq'
      ? { c: eq, negation: () => ne, vars: x, event: EV_BOUNDS, negationEvent: EV_FIX }
      : { c: ne, negation: () => eq, vars: x, event: EV_FIX, negationEvent: EV_BOUNDS };
  };
}

/** FlatZinc builtins: int comparisons, linear, arithmetic. */
export const arithmeticBuiltins: BuiltinTable = {
  ...reifiable(
    'int_eq',
    2,
    compare((x, y) => {
      const c = new IntEq(x, y);
      return { c, negation: () => new IntNe(x, y), vars: [x, y], event: EV_DOMAIN, negationEvent: EV_FIX };
    }),
  ),
  ...reifiable(
    'int_ne',
    2,
    compare((x, y) => {
      const c = new IntNe(x, y);
      return { c, negation: () => new IntEq(x, y), vars: [x, y], event: EV_FIX, negationEvent: EV_DOMAIN };
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
};
