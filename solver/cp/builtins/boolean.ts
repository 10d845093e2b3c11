import type { FznExpr } from '../../formats/flatzinc/index.js';
import { postBoolAnd } from '../propagators/bool-and.js';
import { postBoolClause } from '../propagators/bool-clause.js';
import { postBoolLin } from '../propagators/bool-lin.js';
import { postBoolXor } from '../propagators/bool-xor.js';
import { postElement } from '../propagators/element.js';
import { postSetIn } from '../propagators/set-in.js';
import { postVarElement } from '../propagators/var-element.js';
import type { Space } from '../space.js';
import type { BuiltinTable, PostContext, Poster } from './poster.js';

/** The clause ∨ pos ∨ ∨ ¬neg. */
function clause(space: Space, pos: readonly number[], neg: readonly number[]): void {
  postBoolClause(space, Int32Array.from(pos), Int32Array.from(neg));
}

/** r ⇔ (or ⇒ when not `reified`) the conjunction of `vars[i] = want[i]`, r's literal being `r = rWant`. */
function and(space: Space, vars: readonly number[], want: readonly number[], r: number, rWant: number, reified: boolean): void {
  postBoolAnd(space, Int32Array.from(vars), Uint8Array.from(want), r, rWant, reified);
}

function xor(space: Space, vars: readonly number[], parity: number): void {
  postBoolXor(space, Int32Array.from(vars), parity);
}

/** The variables of arguments a, b, r. */
function vars3(ctx: PostContext, args: readonly FznExpr[]): [number, number, number] {
  return [ctx.intVar(args[0] as FznExpr), ctx.intVar(args[1] as FznExpr), ctx.intVar(args[2] as FznExpr)];
}

/** The variables of arguments a, b. */
function vars2(ctx: PostContext, args: readonly FznExpr[]): [number, number] {
  return [ctx.intVar(args[0] as FznExpr), ctx.intVar(args[1] as FznExpr)];
}

function array(ctx: PostContext, e: FznExpr | undefined): number[] {
  return Array.from(ctx.intVars(e as FznExpr));
}

/** A constraint between an array of Booleans and a result r. */
type ArrayRel = (space: Space, as: number[], r: number) => void;

/** r ⇔ ∧ as (r ⇒ ∧ as when not reified). */
const andRel =
  (reified: boolean): ArrayRel =>
  (space, as, r) =>
    and(
      space,
      as,
      as.map(() => 1),
      r,
      1,
      reified,
    );

/** r ⇔ ∨ as, as ¬r ⇔ ∧ ¬as. */
const orRel: ArrayRel = (space, as, r) =>
  and(
    space,
    as,
    as.map(() => 0),
    r,
    0,
    true,
  );

/** r ⇒ ∨ as, the clause ∨ as ∨ ¬r. */
const orImpRel: ArrayRel = (space, as, r) => clause(space, as, [r]);

/** The array form (as, r). */
const overArray =
  (rel: ArrayRel): Poster =>
  (ctx, args) =>
    rel(ctx.space, array(ctx, args[0]), ctx.intVar(args[1] as FznExpr));

/** The pair form (a, b, r). */
const overPair =
  (rel: ArrayRel): Poster =>
  (ctx, args) => {
    const [a, b, r] = vars3(ctx, args);
    rel(ctx.space, [a, b], r);
  };

/** a ⊕ b = parity, or with r: a ⊕ b ⊕ r = parity. */
const parity =
  (p: number): Poster =>
  (ctx, args) =>
    xor(
      ctx.space,
      args.map((e) => ctx.intVar(e)),
      p,
    );

/** r ⇒ a = b: the clauses ¬r ∨ ¬a ∨ b and ¬r ∨ a ∨ ¬b. */
const eqImp: Poster = (ctx, args) => {
  const [a, b, r] = vars3(ctx, args);
  clause(ctx.space, [b], [r, a]);
  clause(ctx.space, [a], [r, b]);
};

/** r ⇒ a ≠ b: the clauses ¬r ∨ a ∨ b and ¬r ∨ ¬a ∨ ¬b. */
const neImp: Poster = (ctx, args) => {
  const [a, b, r] = vars3(ctx, args);
  clause(ctx.space, [a, b], [r]);
  clause(ctx.space, [], [r, a, b]);
};

/** Swaps a and b (ge and gt as le and lt). */
const swapped =
  (post: Poster): Poster =>
  (ctx, args, c) =>
    post(ctx, [args[1] as FznExpr, args[0] as FznExpr, ...args.slice(2)], c);

const le: Poster = (ctx, args) => {
  const [a, b] = vars2(ctx, args);
  clause(ctx.space, [b], [a]);
};
/** r ⇔ ¬a ∨ b, as ¬r ⇔ a ∧ ¬b. */
const leReif: Poster = (ctx, args) => {
  const [a, b, r] = vars3(ctx, args);
  and(ctx.space, [a, b], [1, 0], r, 0, true);
};
const leImp: Poster = (ctx, args) => {
  const [a, b, r] = vars3(ctx, args);
  clause(ctx.space, [b], [a, r]);
};
const lt: Poster = (ctx, args) => {
  const [a, b] = vars2(ctx, args);
  clause(ctx.space, [], [a]);
  clause(ctx.space, [b], []);
};
/** r ⇔ ¬a ∧ b (r ⇒ when not reified). */
const ltReif =
  (reified: boolean): Poster =>
  (ctx, args) => {
    const [a, b, r] = vars3(ctx, args);
    and(ctx.space, [a, b], [0, 1], r, 1, reified);
  };

/** Σ as·bs = c or ≤ c (bool_lin_eq, bool_lin_le), c a variable or a literal. */
const boolLin =
  (eq: boolean): Poster =>
  (ctx, args) => {
    const a = ctx.ints(args[0] as FznExpr);
    const b = ctx.intVars(args[1] as FznExpr);
    if (a.length !== b.length) ctx.fail(`${a.length} coefficients for ${b.length} variables`);
    // The sums are doubles: exact while Σ |aᵢ| stays below 2^53.
    if (a.reduce((t, x) => t + Math.abs(x), 0) >= 2 ** 53) ctx.fail('coefficients sum to 2^53 or more, beyond exact arithmetic');
    postBoolLin(ctx.space, Float64Array.from(a), b, ctx.intVar(args[2] as FznExpr), eq);
  };

/** c = as[b] for constant as, b 1-based (array_int_element, array_bool_element). */
const element: Poster = (ctx, args) =>
  postElement(ctx.space, ctx.intVar(args[0] as FznExpr), Float64Array.from(ctx.ints(args[1] as FznExpr)), ctx.intVar(args[2] as FznExpr));

/** c = xs[b] for variables xs, b 1-based (array_var_int_element, array_var_bool_element). */
const varElement: Poster = (ctx, args) =>
  postVarElement(ctx.space, ctx.intVar(args[0] as FznExpr), ctx.intVars(args[1] as FznExpr), ctx.intVar(args[2] as FznExpr));

/** Refuses a call with another number of arguments than `counts` says (bool_xor takes two or three). */
function arity(counts: number | readonly number[], post: Poster): Poster {
  const allowed = typeof counts === 'number' ? [counts] : counts;
  return (ctx, args, c) => {
    if (!allowed.includes(args.length)) ctx.fail(`takes ${allowed.join(' or ')} arguments, not ${args.length}`);
    post(ctx, args, c);
  };
}

/** FlatZinc builtins: Boolean builtins, set_in, element. */
export const booleanBuiltins: BuiltinTable = {
  bool_clause: arity(2, (ctx, args) => clause(ctx.space, array(ctx, args[0]), array(ctx, args[1]))),
  // b ⇔ ∨ as ∨ ∨ ¬bs, as ¬b ⇔ ∧ ¬as ∧ ∧ bs.
  bool_clause_reif: arity(3, (ctx, args) => {
    const as = array(ctx, args[0]);
    const bs = array(ctx, args[1]);
    and(ctx.space, [...as, ...bs], [...as.map(() => 0), ...bs.map(() => 1)], ctx.intVar(args[2] as FznExpr), 0, true);
  }),
  bool_clause_imp: arity(3, (ctx, args) =>
    clause(ctx.space, array(ctx, args[0]), [...array(ctx, args[1]), ctx.intVar(args[2] as FznExpr)]),
  ),
  array_bool_and: arity(2, overArray(andRel(true))),
  array_bool_and_imp: arity(2, overArray(andRel(false))),
  array_bool_or: arity(2, overArray(orRel)),
  array_bool_or_imp: arity(2, overArray(orImpRel)),
  array_bool_xor: arity(1, (ctx, args) => xor(ctx.space, array(ctx, args[0]), 1)),
  bool_and: arity(3, overPair(andRel(true))),
  bool_and_imp: arity(3, overPair(andRel(false))),
  bool_or: arity(3, overPair(orRel)),
  bool_or_imp: arity(3, overPair(orImpRel)),
  // bool_xor(a, b) is a ≠ b; bool_xor(a, b, r) is r ⇔ a ≠ b.
  bool_xor: arity([2, 3], (ctx, args, c) => parity(args.length === 2 ? 1 : 0)(ctx, args, c)),
  bool_xor_imp: arity(3, neImp),
  bool_not: arity(2, parity(1)),
  bool_eq: arity(2, parity(0)),
  bool_eq_reif: arity(3, parity(1)),
  bool_eq_imp: arity(3, eqImp),
  bool_ne: arity(2, parity(1)),
  bool_ne_reif: arity(3, parity(0)),
  bool_ne_imp: arity(3, neImp),
  bool_le: arity(2, le),
  bool_le_reif: arity(3, leReif),
  bool_le_imp: arity(3, leImp),
  bool_lt: arity(2, lt),
  bool_lt_reif: arity(3, ltReif(true)),
  bool_lt_imp: arity(3, ltReif(false)),
  bool_ge: arity(2, swapped(le)),
  bool_ge_reif: arity(3, swapped(leReif)),
  bool_ge_imp: arity(3, swapped(leImp)),
  bool_gt: arity(2, swapped(lt)),
  bool_gt_reif: arity(3, swapped(ltReif(true))),
  bool_gt_imp: arity(3, swapped(ltReif(false))),
  bool_lin_eq: arity(3, boolLin(true)),
  bool_lin_le: arity(3, boolLin(false)),
  // b = a, and b ∈ {0, 1} unless its domain already is (MiniZinc declares it var 0..1).
  bool2int: arity(2, (ctx, args) => {
    const [a, b] = vars2(ctx, args);
    const s = ctx.space.store;
    if (s.min(b) < 0 || s.max(b) > 1) postSetIn(ctx.space, b, { kind: 'range', min: 0, max: 1 });
    xor(ctx.space, [a, b], 0);
  }),
  array_int_element: arity(3, element),
  array_bool_element: arity(3, element),
  array_var_int_element: arity(3, varElement),
  array_var_bool_element: arity(3, varElement),
  set_in: arity(2, (ctx, args) => postSetIn(ctx.space, ctx.intVar(args[0] as FznExpr), ctx.set(args[1] as FznExpr))),
  set_in_reif: arity(3, (ctx, args) =>
    postSetIn(ctx.space, ctx.intVar(args[0] as FznExpr), ctx.set(args[1] as FznExpr), ctx.intVar(args[2] as FznExpr)),
  ),
  set_in_imp: arity(3, (ctx, args) =>
    postSetIn(ctx.space, ctx.intVar(args[0] as FznExpr), ctx.set(args[1] as FznExpr), ctx.intVar(args[2] as FznExpr), false),
  ),
};
