import type { FznExpr, IntSet } from '../../formats/flatzinc/index.js';
import { EV_BOUNDS, EV_DOMAIN, EV_FIX } from '../int-store.js';
import { CP_CHEAP, CP_EXPENSIVE, type CpPropagator } from '../propagator.js';
import { AllDifferent } from '../propagators/all-different.js';
import { Among } from '../propagators/among.js';
import { Circuit } from '../propagators/circuit.js';
import { CompactTable } from '../propagators/compact-table.js';
import { CountEq } from '../propagators/count.js';
import { Cumulative } from '../propagators/cumulative.js';
import { GlobalCardinality } from '../propagators/global-cardinality.js';
import { Inverse } from '../propagators/inverse.js';
import { LexLesseq } from '../propagators/lex-lesseq.js';
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

/** A FlatZinc set as sorted lo..hi ranges. */
function ranges(set: IntSet): [number, number][] {
  return set.kind === 'range' ? [[set.min, set.max]] : set.values.map((v) => [v, v]);
}

/** `fzn_global_cardinality(x, cover, counts)`, and the `_low_up` form with fresh count variables over lb..ub. */
function globalCardinality(name: string, lowUp: boolean): Poster {
  return withArity(name, lowUp ? 4 : 3, (ctx, args) => {
    const x = ctx.intVars(args[0] as FznExpr);
    const cover = ctx.ints(args[1] as FznExpr);
    let counts: Int32Array;
    if (lowUp) {
      const lb = ctx.ints(args[2] as FznExpr);
      const ub = ctx.ints(args[3] as FznExpr);
      if (lb.length !== cover.length || ub.length !== cover.length) ctx.fail(`${name}: cover, lbound and ubound differ in length`);
      counts = Int32Array.from(cover, (_, j) => ctx.space.newVar(lb[j] as number, ub[j] as number));
    } else {
      counts = ctx.intVars(args[2] as FznExpr);
      if (counts.length !== cover.length) ctx.fail(`${name}: cover has ${cover.length} values but counts has ${counts.length}`);
    }
    const id = ctx.space.post(new GlobalCardinality(x, Int32Array.from(cover), counts));
    for (const v of x) ctx.space.watch(id, v, EV_DOMAIN);
    for (const c of counts) ctx.space.watch(id, c, EV_BOUNDS);
  });
}

/** `softprop_circuit(base, x)` / `softprop_subcircuit(base, x)`, x indexed from base, with all_different. */
function circuit(name: string, sub: boolean): Poster {
  return withArity(name, 2, (ctx, args) => {
    const x = ctx.intVars(args[1] as FznExpr);
    // A subcircuit also reads whether each node may still be out (its own index in its domain).
    postWatched(ctx, new Circuit(x, ctx.int(args[0] as FznExpr), sub), x, sub ? EV_DOMAIN : EV_FIX, CP_CHEAP);
    postAllDifferent(ctx, x);
  });
}

/** `fzn_lex_lesseq_int(x, y)` / `_bool`. */
function lexLesseq(name: string): Poster {
  return withArity(name, 2, (ctx, args) => {
    const x = ctx.intVars(args[0] as FznExpr);
    const y = ctx.intVars(args[1] as FznExpr);
    postWatched(ctx, new LexLesseq(ctx.space.store, x, y), [...x, ...y], EV_BOUNDS, CP_CHEAP);
  });
}

/** FlatZinc builtins: globals and tables (each declared native by share/minizinc/softprop/fzn_<name>.mzn). */
export const globalBuiltins: BuiltinTable = {
  fzn_table_int: table('fzn_table_int'),
  fzn_table_bool: table('fzn_table_bool'),
  fzn_all_different_int: withArity('fzn_all_different_int', 1, (ctx, args) => postAllDifferent(ctx, ctx.intVars(args[0] as FznExpr))),
  fzn_count_eq: withArity('fzn_count_eq', 3, (ctx, args) => {
    const x = ctx.intVars(args[0] as FznExpr);
    const y = ctx.intVar(args[1] as FznExpr);
    const c = ctx.intVar(args[2] as FznExpr);
    postWatched(ctx, new CountEq(x, y, c), [...x, y, c], EV_DOMAIN, CP_CHEAP);
  }),
  fzn_among: withArity('fzn_among', 3, (ctx, args) => {
    const n = ctx.intVar(args[0] as FznExpr);
    const x = ctx.intVars(args[1] as FznExpr);
    postWatched(ctx, new Among(n, x, ranges(ctx.set(args[2] as FznExpr))), [n, ...x], EV_DOMAIN, CP_CHEAP);
  }),
  // mznlib's fzn_inverse passes each array's first index (fzn_inverse.mzn).
  softprop_inverse: withArity('softprop_inverse', 4, (ctx, args) => {
    const f = ctx.intVars(args[0] as FznExpr);
    const invf = ctx.intVars(args[2] as FznExpr);
    postWatched(
      ctx,
      new Inverse(f, ctx.int(args[1] as FznExpr), invf, ctx.int(args[3] as FznExpr)),
      [...f, ...invf],
      EV_DOMAIN,
      CP_EXPENSIVE,
    );
    postAllDifferent(ctx, f);
    postAllDifferent(ctx, invf);
  }),
  // mznlib's fzn_circuit and fzn_subcircuit pass the array's first index (fzn_circuit.mzn, fzn_subcircuit.mzn).
  softprop_circuit: circuit('softprop_circuit', false),
  softprop_subcircuit: circuit('softprop_subcircuit', true),
  fzn_lex_lesseq_int: lexLesseq('fzn_lex_lesseq_int'),
  fzn_lex_lesseq_bool: lexLesseq('fzn_lex_lesseq_bool'),
  fzn_cumulative: withArity('fzn_cumulative', 4, (ctx, args) => {
    const [s, d, r] = [0, 1, 2].map((k) => ctx.intVars(args[k] as FznExpr)) as [Int32Array, Int32Array, Int32Array];
    const b = ctx.intVar(args[3] as FznExpr);
    if (d.length !== s.length || r.length !== s.length) ctx.fail('fzn_cumulative: s, d and r differ in length');
    for (const v of r) if (ctx.space.store.min(v) < 0) ctx.fail('fzn_cumulative: resource usages must be non-negative');
    postWatched(ctx, new Cumulative(s, d, r, b), [...s, ...d, ...r, b], EV_BOUNDS, CP_EXPENSIVE);
  }),
  fzn_global_cardinality: globalCardinality('fzn_global_cardinality', false),
  fzn_global_cardinality_low_up: globalCardinality('fzn_global_cardinality_low_up', true),
};
