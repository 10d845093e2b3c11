import { EV_DOMAIN, INT_MAX, INT_MIN } from '../int-store.js';
import { CP_EXPENSIVE } from '../propagator.js';
import { CompactTable } from '../propagators/compact-table.js';
import { type Expr, evaluate, OPERATORS, variablesOf } from './expression.js';
import { I, IS, V, VS, type XcspPostContext } from './post-context.js';

/**
 * Largest product of domain sizes an intension is enumerated into a table for: below it a
 * Compact-Table gives arc consistency at little cost; above it the expression is decomposed.
 */
export const INTENSION_TABLE_LIMIT = 1 << 16;

/** Posts `e` holds (is non-zero): as a table of its satisfying tuples when small, else decomposed. */
export function postIntension(ctx: XcspPostContext, e: Expr): void {
  checkOperators(ctx, e);
  const vars = variablesOf(e);
  const s = ctx.space.store;
  let product = 1;
  for (const v of vars) product *= s.domSize(v);
  if (vars.length > 0 && product <= INTENSION_TABLE_LIMIT) postTable(ctx, e, vars);
  else new Decomposer(ctx).hold(e);
}

function checkOperators(ctx: XcspPostContext, e: Expr): void {
  if (!('op' in e)) return;
  if (!OPERATORS.has(e.op)) ctx.fail(`unsupported XCSP3 operator ${e.op}`);
  for (const a of e.args) checkOperators(ctx, a);
}

/** The satisfying tuples of e over the current domains of `vars`, as a Compact-Table. */
function postTable(ctx: XcspPostContext, e: Expr, vars: number[]): void {
  const s = ctx.space.store;
  const n = vars.length;
  const cur = new Int32Array(n);
  const at = new Map<number, number>(vars.map((v, i) => [v, i]));
  const rows: number[] = [];
  const value = (v: number): number => cur[at.get(v) as number] as number;
  for (let i = 0; i < n; i++) cur[i] = s.min(vars[i] as number);
  for (;;) {
    const r = evaluate(e, value);
    if (r !== 0 && !Number.isNaN(r)) for (let i = 0; i < n; i++) rows.push(cur[i] as number);
    let i = n - 1;
    while (i >= 0 && cur[i] === s.max(vars[i] as number)) {
      cur[i] = s.min(vars[i] as number);
      i--;
    }
    if (i < 0) break;
    cur[i] = s.next(vars[i] as number, cur[i] as number);
  }
  const x = Int32Array.from(vars);
  const id = ctx.space.post(new CompactTable(s, x, Int32Array.from(rows)), CP_EXPENSIVE);
  for (const v of x) ctx.space.watch(id, v, EV_DOMAIN);
}

const clamp = (x: number): number => Math.max(INT_MIN, Math.min(INT_MAX, x));
const COMPARE: Record<string, [string, boolean]> = {
  eq: ['int_eq', false],
  ne: ['int_ne', false],
  lt: ['int_lt', false],
  le: ['int_le', false],
  gt: ['int_lt', true],
  ge: ['int_le', true],
};

/** A variable equal to e's value (e decomposed, one auxiliary variable per operator node). */
export function expressionVar(ctx: XcspPostContext, e: Expr): number {
  checkOperators(ctx, e);
  return new Decomposer(ctx).term(e);
}

/** Decomposes an expression into builtins, one auxiliary variable per operator node. */
class Decomposer {
  constructor(private readonly ctx: XcspPostContext) {}

  /** Posts that e holds. */
  hold(e: Expr): void {
    const ctx = this.ctx;
    if ('op' in e) {
      if (e.op === 'and') {
        for (const a of e.args) this.hold(a);
        return;
      }
      if (e.op === 'or') {
        ctx.call('bool_clause', VS(e.args.map((a) => this.bool(a))), VS([]));
        return;
      }
      const cmp = COMPARE[e.op];
      if (cmp && e.args.length === 2) {
        const [name, swap] = cmp;
        const a = this.term(e.args[0] as Expr);
        const c = this.term(e.args[1] as Expr);
        ctx.call(name, V(swap ? c : a), V(swap ? a : c));
        return;
      }
    }
    ctx.call('int_ne', V(this.term(e)), I(0));
  }

  /** A 0/1 variable equal to e's truth. */
  bool(e: Expr): number {
    const s = this.ctx.space.store;
    const t = this.term(e);
    if (s.min(t) >= 0 && s.max(t) <= 1) return t;
    const r = this.aux(0, 1);
    this.ctx.call('int_ne_reif', V(t), I(0), V(r));
    return r;
  }

  private aux(lo: number, hi: number): number {
    return this.ctx.space.newVar(clamp(lo), clamp(hi));
  }

  /** A variable equal to e's value. */
  term(e: Expr): number {
    const ctx = this.ctx;
    const s = ctx.space.store;
    if ('k' in e) return ctx.constant(e.k);
    if ('v' in e) return e.v;
    const a = e.args.map((x) =>
      e.op === 'and' || e.op === 'or' || e.op === 'xor' || e.op === 'not' || e.op === 'iff' || e.op === 'imp' ? this.bool(x) : this.term(x),
    );
    const lo = (v: number) => s.min(v);
    const hi = (v: number) => s.max(v);
    const [p = 0, q = 0, w = 0] = a;
    switch (e.op) {
      case 'neg':
      case 'add':
      case 'sub': {
        const coeffs = e.op === 'neg' ? [-1] : e.op === 'sub' ? [1, -1] : a.map(() => 1);
        let min = 0;
        let max = 0;
        coeffs.forEach((c, i) => {
          const v = a[i] as number;
          min += c > 0 ? c * lo(v) : c * hi(v);
          max += c > 0 ? c * hi(v) : c * lo(v);
        });
        const r = this.aux(min, max);
        ctx.call('int_lin_eq', IS([...coeffs, -1]), VS([...a, r]), I(0));
        return r;
      }
      case 'mul':
      case 'sqr': {
        const xs = e.op === 'sqr' ? [p, p] : a;
        let r = xs[0] as number;
        for (let i = 1; i < xs.length; i++) {
          const y = xs[i] as number;
          const c = [lo(r) * lo(y), lo(r) * hi(y), hi(r) * lo(y), hi(r) * hi(y)];
          const t = this.aux(Math.min(...c), Math.max(...c));
          ctx.call('int_times', V(r), V(y), V(t));
          r = t;
        }
        return r;
      }
      case 'div':
      case 'mod': {
        const m = Math.max(Math.abs(lo(p)), Math.abs(hi(p)));
        const r =
          e.op === 'div'
            ? this.aux(-m, m)
            : this.aux(-Math.max(Math.abs(lo(q)), Math.abs(hi(q))), Math.max(Math.abs(lo(q)), Math.abs(hi(q))));
        ctx.call(e.op === 'div' ? 'int_div' : 'int_mod', V(p), V(q), V(r));
        return r;
      }
      case 'abs':
      case 'dist': {
        const d = e.op === 'dist' ? this.term({ op: 'sub', args: e.args }) : p;
        const r = this.aux(0, Math.max(Math.abs(lo(d)), Math.abs(hi(d))));
        ctx.call('int_abs', V(d), V(r));
        return r;
      }
      case 'pow': {
        const m = Math.max(Math.abs(lo(p)), Math.abs(hi(p))) ** Math.max(0, hi(q));
        const r = this.aux(-m, m);
        ctx.call('int_pow', V(p), V(q), V(r));
        return r;
      }
      case 'min':
      case 'max': {
        const f = e.op === 'min' ? Math.min : Math.max;
        const r = this.aux(f(...a.map(lo)), f(...a.map(hi)));
        ctx.call(e.op === 'min' ? 'array_int_minimum' : 'array_int_maximum', V(r), VS(a));
        return r;
      }
      case 'if': {
        const r = this.aux(Math.min(lo(q), lo(w)), Math.max(hi(q), hi(w)));
        const c = this.bool(e.args[0] as Expr);
        const idx = this.aux(1, 2);
        ctx.call('int_lin_eq', IS([1, -1]), VS([idx, c]), I(1));
        ctx.call('array_var_int_element', V(idx), VS([w, q]), V(r));
        return r;
      }
      case 'eq':
        if (a.length > 2)
          return this.term({ op: 'and', args: e.args.slice(1).map((x, i) => ({ op: 'eq', args: [e.args[i] as Expr, x] })) });
        break;
      case 'iff':
        if (a.length > 2)
          return this.term({ op: 'and', args: e.args.slice(1).map((x, i) => ({ op: 'iff', args: [e.args[i] as Expr, x] })) });
        break;
    }
    const r = this.aux(0, 1);
    switch (e.op) {
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const [name, swap] = COMPARE[e.op] as [string, boolean];
        ctx.call(`${name}_reif`, V(swap ? q : p), V(swap ? p : q), V(r));
        return r;
      }
      case 'not':
        ctx.call('bool_not', V(p), V(r));
        return r;
      case 'and':
        ctx.call('array_bool_and', VS(a), V(r));
        return r;
      case 'or':
        ctx.call('array_bool_or', VS(a), V(r));
        return r;
      case 'xor': {
        // xor(a) = r  ⟺  a ++ [not r] has an odd number of trues.
        const nr = this.aux(0, 1);
        ctx.call('bool_not', V(r), V(nr));
        ctx.call('array_bool_xor', VS([...a, nr]));
        return r;
      }
      case 'iff':
        ctx.call('bool_eq_reif', V(p), V(q), V(r));
        return r;
      case 'imp':
        ctx.call('bool_le_reif', V(p), V(q), V(r));
        return r;
    }
    return ctx.fail(`unsupported XCSP3 operator ${e.op}`);
  }
}
