import type { CompareOp, JsonModelSink, JsonObjective } from '../../formats/json-model.js';
import type { LabelLiteral } from '../../formats/model-builder.js';
import { EV_DOMAIN } from '../int-store.js';
import { CP_EXPENSIVE } from '../propagator.js';
import { CompactTable } from '../propagators/compact-table.js';
import { Space } from '../space.js';
import { I, IS, V, VS, XcspPostContext } from '../xcsp3/post-context.js';

/**
 * A JSON model built into a Space (the sink of solver/formats/json-model.ts's reader): variables
 * over their values, all-different by Régin's matching, tables by Compact-Table, relations and
 * the objective as linear constraints, clauses over set-membership literals.
 */
export class JsonSpace implements JsonModelSink {
  readonly space = new Space();
  /** Each variable's name, by Space variable. */
  readonly names: string[] = [];
  /** The declared variables' Space variables, in declaration order. */
  readonly vars: number[] = [];
  /** The objective's Space variable and sense, once given. */
  goal: { v: number; sense: 'minimize' | 'maximize' } | undefined;
  /** A constraint no assignment satisfies was posted (a variable listed twice in an all-different). */
  failed = false;
  private readonly ctx: XcspPostContext;

  constructor(file: string) {
    this.ctx = new XcspPostContext(this.space, file);
  }

  variable(name: string, values: readonly number[]): number {
    const v = this.space.newVarOf([...new Set(values)].sort((a, b) => a - b));
    this.names.push(name);
    this.vars.push(v);
    return v;
  }

  alldiff(vars: number[]): void {
    if (new Set(vars).size < vars.length) this.failed = true;
    else this.ctx.call('fzn_all_different_int', VS(vars));
  }

  neq(x: number, y: number): void {
    this.relation(x, y, 'ne', 0);
  }

  table(x: number, y: number, tuples: readonly (readonly [number, number])[]): void {
    if (x === y) {
      const values = [...new Set(tuples.filter(([p, q]) => p === q).map(([p]) => p))].sort((p, q) => p - q);
      this.ctx.call('set_in', V(x), { kind: 'set', set: { kind: 'set', values } });
      return;
    }
    const vars = Int32Array.of(x, y);
    const id = this.space.post(new CompactTable(this.space.store, vars, Int32Array.from(tuples.flat())), CP_EXPENSIVE);
    for (const v of vars) this.space.watch(id, v, EV_DOMAIN);
  }

  relation(x: number, y: number, op: CompareOp, offset: number): void {
    // x op y + k as a·x + b·y (≤ | = | ≠) c, gt and ge with the sides swapped.
    const [a, b, c, name] = {
      eq: [1, -1, offset, 'int_lin_eq'],
      ne: [1, -1, offset, 'int_lin_ne'],
      le: [1, -1, offset, 'int_lin_le'],
      lt: [1, -1, offset - 1, 'int_lin_le'],
      ge: [-1, 1, -offset, 'int_lin_le'],
      gt: [-1, 1, -offset - 1, 'int_lin_le'],
    }[op] as [number, number, number, string];
    // On one variable the terms merge (x op x + k: 0·x against k).
    if (x === y) this.ctx.call(name, IS([a + b]), VS([x]), I(c));
    else this.ctx.call(name, IS([a, b]), VS([x, y]), I(c));
  }

  clause(literals: LabelLiteral[]): void {
    const bs = literals.map((l) => {
      const b = this.space.newVar(0, 1);
      const set = { kind: 'set', values: [...new Set(l.values)].sort((p, q) => p - q) } as const;
      this.ctx.call('set_in_reif', V(l.v), { kind: 'set', set }, V(b));
      return b;
    });
    this.ctx.call('bool_clause', VS(bs), VS([]));
  }

  objective(o: JsonObjective): void {
    // A variable listed twice has one term, its coefficients summed.
    const terms = new Map<number, number>();
    o.vars.forEach((v, i) => {
      terms.set(v, (terms.get(v) ?? 0) + (o.coeffs[i] as number));
    });
    const s = this.space.store;
    let lo = o.constant;
    let hi = o.constant;
    for (const [v, a] of terms) {
      lo += Math.min(a * s.min(v), a * s.max(v));
      hi += Math.max(a * s.min(v), a * s.max(v));
    }
    const r = this.space.newVar(lo, hi);
    this.ctx.line = o.line ?? 0;
    this.ctx.call('int_lin_eq', IS([...terms.values(), -1]), VS([...terms.keys(), r]), I(-o.constant));
    this.goal = { v: r, sense: o.sense };
  }
}
