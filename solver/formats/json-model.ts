import { located, UserError } from '../api/user-error.js';
import { MAX_DOMAIN } from '../model/problem.js';
import type { StopCheck } from '../model/stop.js';
import type { Instance } from './instance.js';
import { MAX_VARIABLES } from './instance.js';
import { labelledInstance } from './labelled-instance.js';
import { type Json, parseLocatedJson } from './located-json.js';
import { atLine, type LabelLiteral, ModelBuilder } from './model-builder.js';

/** parseJsonModel's refusal of a model with an objective (`softprop solve` then gives it to the CP engine). */
export class ObjectiveRefused extends UserError {}

/** Comparison of a `relation` constraint: x op y + offset. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

/** A linear objective: minimise or maximise Σ coeffs[i]·vars[i] + constant. */
export interface JsonObjective {
  sense: 'minimize' | 'maximize';
  vars: number[];
  coeffs: number[];
  constant: number;
  line: number | undefined;
}

/**
 * What a JSON model is built into (the bitmask engine's ModelBuilder, or the CP engine's Space):
 * `readJsonModel` checks the document and calls these with variable ids the sink returned.
 */
export interface JsonModelSink {
  /** A variable over the given values (any order, duplicates possible); returns its id. */
  variable(name: string, values: readonly number[]): number;
  alldiff(vars: number[]): void;
  neq(x: number, y: number): void;
  /** Allowed pairs (x, y). */
  table(x: number, y: number, tuples: readonly (readonly [number, number])[]): void;
  /** x op y + offset. */
  relation(x: number, y: number, op: CompareOp, offset: number): void;
  clause(literals: LabelLiteral[]): void;
  objective(o: JsonObjective): void;
}

/**
 * softprop's JSON model: `{"variables": [...], "constraints": [...], optional "objective"}`.
 * A variable is `{"name", and one of "domain": n (values 0..n-1), "values": [v, ...],
 * "range": [lo, hi]}`, plus optional `"size": m` for an array `name[0]..name[m-1]`.
 * A reference is a name, `name[i]`, or an array name meaning all its elements.
 * Constraints (values are source values, not indices):
 *   {"type": "alldiff", "vars": [...]}          {"type": "neq", "vars": [x, y]}
 *   {"type": "table", "vars": [x, y], "tuples": [[a, b], ...]}   allowed pairs
 *   {"type": "relation", "op": "eq|ne|lt|le|gt|ge", "vars": [x, y], "offset": k}   x op y + k
 *   {"type": "clause", "literals": [{"var": x, "in": [a, ...]}, ...]}   at least one literal holds
 * The objective: {"minimize" | "maximize": x} or {"minimize" | "maximize": {"vars": [...],
 * "coeffs": [...], "constant": k}} (coeffs default to 1, one per element, constant to 0).
 * The bitmask engine has no objective: parseJsonModel refuses one (`softprop solve` gives the
 * model to the CP engine, solver/cp/json/).
 */
export function parseJsonModel(text: string, file: string, stop?: StopCheck): Instance {
  const b = new ModelBuilder();
  const { root } = readJsonModel(text, file, {
    variable: (name, values) => b.addVar(name, values),
    alldiff: (vars) => b.alldiff(vars),
    neq: (x, y) => b.neq(x, y),
    table(x, y, tuples) {
      const allowed = new Set(tuples.map(([p, q]) => key(p, q)));
      b.relation(x, y, (p, q) => allowed.has(key(p, q)));
    },
    relation: (x, y, op, offset) => b.relation(x, y, (p, q) => COMPARE[op](p, q + offset)),
    clause: (lits) => b.clause(lits),
    objective(o) {
      throw new ObjectiveRefused(
        located(file, o.line, '"objective" needs the CP engine (softprop solve gives it one); the bitmask engine has none').message,
      );
    },
  });
  const { problem } = atLine(file, undefined, () => b.build(false, stop));
  return labelledInstance({ format: 'json', model: root }, file, problem, (names, labels) =>
    names.map((n, i) => `${n} = ${labels[i]}`).join('\n'),
  );
}

/** Checks a JSON model and builds it into `sink`; returns the document (for the source check). */
export function readJsonModel(text: string, file: string, sink: JsonModelSink): { root: Json } {
  const doc = parseLocatedJson(text, file);
  const lineOf = (node: Json | undefined, fallback?: number) => (node !== null && typeof node === 'object' ? doc.lineOf(node) : fallback);
  const root = doc.value;
  if (!isObject(root)) throw located(file, 1, 'a JSON model is an object with "variables" and "constraints"');
  const fail = (node: Json | undefined, msg: string, fallback?: number): never => {
    throw located(file, lineOf(node, fallback), msg);
  };
  const byName = new Map<string, number[]>();
  const vars = root.variables;
  if (!Array.isArray(vars)) return fail(root, '"variables" must be an array');
  for (const v of vars) {
    if (!isObject(v)) return fail(vars, 'each variable is an object');
    const line = lineOf(v);
    if (typeof v.name !== 'string' || !/^[A-Za-z_][\w.]*$/.test(v.name)) return fail(v, 'variable "name" must be an identifier');
    if (byName.has(v.name)) return fail(v, `duplicate variable ${v.name}`);
    const values = domainOf(v, (msg) => fail(v, `variable ${v.name}: ${msg}`));
    const size = v.size;
    if (size !== undefined && !(Number.isInteger(size) && (size as number) >= 1 && (size as number) <= MAX_VARIABLES))
      return fail(v, `variable ${v.name}: "size" must be an integer in 1..${MAX_VARIABLES}`);
    const names = size === undefined ? [v.name] : Array.from({ length: size as number }, (_, i) => `${v.name}[${i}]`);
    const ids = names.map((n) => atLine(file, line, () => sink.variable(n, values)));
    byName.set(v.name, ids);
    if (size !== undefined) for (let i = 0; i < names.length; i++) byName.set(names[i] as string, [ids[i] as number]);
  }
  const refs = (node: Json | undefined, owner: Json, what: string): number[] => {
    if (!Array.isArray(node)) return fail(owner, `"${what}" must be an array of variable names`);
    const out: number[] = [];
    for (const r of node) {
      const ids = typeof r === 'string' ? byName.get(r) : undefined;
      if (!ids) return fail(owner, `unknown variable ${JSON.stringify(r)}`);
      out.push(...ids);
    }
    return out;
  };
  const pair = (c: { [k: string]: Json }): [number, number] => {
    const vs = refs(c.vars, c, 'vars');
    if (vs.length !== 2) return fail(c, `a ${c.type} constraint takes exactly 2 variables, got ${vs.length}`);
    return [vs[0] as number, vs[1] as number];
  };
  const cons = root.constraints ?? [];
  if (!Array.isArray(cons)) return fail(root, '"constraints" must be an array');
  for (const c of cons) {
    if (!isObject(c)) return fail(cons, 'each constraint is an object');
    switch (c.type) {
      case 'alldiff':
        sink.alldiff(refs(c.vars, c, 'vars'));
        break;
      case 'neq': {
        const [x, y] = pair(c);
        sink.neq(x, y);
        break;
      }
      case 'table': {
        const [x, y] = pair(c);
        const t = c.tuples;
        if (!Array.isArray(t) || !t.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isInteger)))
          return fail(c, '"tuples" must be an array of [a, b] integer pairs');
        sink.table(x, y, t as [number, number][]);
        break;
      }
      case 'relation': {
        const [x, y] = pair(c);
        const offset = c.offset ?? 0;
        if (!Number.isInteger(offset)) return fail(c, '"offset" must be an integer');
        if (typeof c.op !== 'string' || !Object.hasOwn(COMPARE, c.op))
          return fail(c, `"op" must be one of ${Object.keys(COMPARE).join(', ')}`);
        sink.relation(x, y, c.op as CompareOp, offset as number);
        break;
      }
      case 'clause': {
        const lits = c.literals;
        if (!Array.isArray(lits)) return fail(c, '"literals" must be an array');
        const out: LabelLiteral[] = [];
        for (const l of lits) {
          if (!isObject(l) || !Array.isArray(l.in) || !l.in.every(Number.isInteger))
            return fail(c, 'a literal is {"var": name, "in": [values]}');
          const vs = refs([l.var ?? null], c, 'var');
          if (vs.length !== 1) return fail(c, 'a literal names one variable');
          out.push({ v: vs[0] as number, values: l.in as number[] });
        }
        sink.clause(out);
        break;
      }
      default:
        return fail(c, `unknown constraint type ${JSON.stringify(c.type)}; expected alldiff, neq, table, relation or clause`);
    }
  }
  if (root.objective !== undefined) sink.objective(objectiveOf(root.objective, root, refs, fail, lineOf));
  return { root };
}

/** `"objective": {"minimize" | "maximize": name | {"vars", "coeffs", "constant"}}`, checked. */
function objectiveOf(
  o: Json,
  root: Json,
  refs: (node: Json | undefined, owner: Json, what: string) => number[],
  fail: (node: Json | undefined, msg: string) => never,
  lineOf: (node: Json | undefined) => number | undefined,
): JsonObjective {
  const form = '"objective" is {"minimize": x} or {"maximize": {"vars": [...], "coeffs": [...], "constant": k}}';
  if (!isObject(o)) return fail(root, form);
  const keys = Object.keys(o);
  const sense = keys[0];
  if (keys.length !== 1 || (sense !== 'minimize' && sense !== 'maximize')) return fail(o, form);
  const e = o[sense] as Json;
  const line = lineOf(o);
  if (typeof e === 'string') {
    // A name alone: that variable, or the sum of an array's elements.
    const vars = refs([e], o, sense);
    return { sense, vars, coeffs: vars.map(() => 1), constant: 0, line };
  }
  if (!isObject(e) || Object.keys(e).some((k) => k !== 'vars' && k !== 'coeffs' && k !== 'constant')) return fail(o, form);
  const vars = refs(e.vars, e, 'vars');
  const coeffs = e.coeffs ?? vars.map(() => 1);
  if (!Array.isArray(coeffs) || !coeffs.every(Number.isSafeInteger) || coeffs.length !== vars.length)
    return fail(e, `"coeffs" must be ${vars.length} integers, one per variable of "vars"`);
  const constant = e.constant ?? 0;
  if (!Number.isSafeInteger(constant)) return fail(e, '"constant" must be an integer');
  return { sense, vars, coeffs: coeffs as number[], constant: constant as number, line };
}

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

function key(a: number, b: number): string {
  return `${a},${b}`;
}

function isObject(j: Json | undefined): j is { [key: string]: Json } {
  return j !== null && typeof j === 'object' && !Array.isArray(j);
}

function domainOf(v: { [key: string]: Json }, fail: (msg: string) => never): number[] {
  const given = ['domain', 'values', 'range'].filter((k) => v[k] !== undefined);
  if (given.length !== 1) return fail('give exactly one of "domain", "values", "range"');
  if (v.domain !== undefined) {
    if (!Number.isInteger(v.domain) || (v.domain as number) < 1) return fail('"domain" must be a positive integer');
    if ((v.domain as number) > MAX_DOMAIN) return fail(`"domain" exceeds ${MAX_DOMAIN} values`);
    return Array.from({ length: v.domain as number }, (_, i) => i);
  }
  if (v.values !== undefined) {
    if (!Array.isArray(v.values) || v.values.length === 0 || !v.values.every(Number.isInteger))
      return fail('"values" must be a non-empty array of integers');
    return v.values as number[];
  }
  const r = v.range;
  if (!Array.isArray(r) || r.length !== 2 || !r.every(Number.isInteger) || (r[0] as number) > (r[1] as number))
    return fail('"range" must be [lo, hi] with integers lo <= hi');
  const lo = r[0] as number;
  const hi = r[1] as number;
  if (hi - lo >= MAX_DOMAIN) return fail(`"range" exceeds ${MAX_DOMAIN} values`);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
