import type { FznExpr } from '../../formats/flatzinc/index.js';
import { EV_DOMAIN, EV_FIX } from '../int-store.js';
import { CP_CHEAP, CP_EXPENSIVE, type CpPropagator } from '../propagator.js';
import { AllDifferent } from '../propagators/all-different.js';
import { CompactTable } from '../propagators/compact-table.js';
import type { BuiltinTable, PostContext, Poster } from './poster.js';

/** Posts p and wakes it when any of `vars` changes with at least `event`. */
function postWatched(ctx: PostContext, p: CpPropagator, vars: ArrayLike<number>, event: number, cost: number): void {
  const id = ctx.space.post(p, cost);
  for (let i = 0; i < vars.length; i++) ctx.space.watch(id, vars[i] as number, event);
}

/** A poster that first checks the argument count. */
function withArity(name: string, n: number, post: (ctx: PostContext, args: readonly FznExpr[]) => void): Poster {
  return (ctx, args) => {
    if (args.length !== n) ctx.fail(`${name} takes ${n} arguments, not ${args.length}`);
    post(ctx, args);
  };
}

/** `fzn_table_int(x, t)` / `fzn_table_bool`: t is the table flattened row-major (share/minizinc/softprop/fzn_table_*.mzn). */
function table(name: string): Poster {
  return withArity(name, 2, (ctx, args) => {
    const x = ctx.intVars(args[0] as FznExpr);
    const t = ctx.ints(args[1] as FznExpr);
    if (x.length === 0 ? t.length !== 0 : t.length % x.length !== 0)
      ctx.fail(`${name}: a table of ${t.length} entries is not a whole number of rows of ${x.length}`);
    postWatched(ctx, new CompactTable(ctx.space.store, x, Int32Array.from(t)), x, EV_DOMAIN, CP_EXPENSIVE);
  });
}

/** Régin's matching when the values span little enough, else fixed-value elimination (cheap, on fixing). */
function postAllDifferent(ctx: PostContext, x: Int32Array): void {
  const p = new AllDifferent(ctx.space.store, x);
  postWatched(ctx, p, x, p.matching ? EV_DOMAIN : EV_FIX, p.matching ? CP_EXPENSIVE : CP_CHEAP);
}

/** FlatZinc builtins: globals and tables (each declared native by share/minizinc/softprop/fzn_<name>.mzn). */
export const globalBuiltins: BuiltinTable = {
  fzn_table_int: table('fzn_table_int'),
  fzn_table_bool: table('fzn_table_bool'),
  fzn_all_different_int: withArity('fzn_all_different_int', 1, (ctx, args) => postAllDifferent(ctx, ctx.intVars(args[0] as FznExpr))),
};
