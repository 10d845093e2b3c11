import type { Json } from '../located-json.js';

type Values = Readonly<Record<string, number>>;
type JsonObject = { [key: string]: Json };

/**
 * A JSON model's solution (variable name → source value) against the model document itself: every
 * declared variable has a value of its domain, and every constraint holds on source values, read
 * straight from the constraint objects (README: x op y + offset, allowed pairs, `in` sets).
 */
export function checkJsonModelSolution(model: Json, values: Values): string | null {
  if (!isObject(model) || !Array.isArray(model.variables)) return 'the model has no "variables" array';
  // Reference name → the element names it stands for (an array name stands for all its elements).
  const refs = new Map<string, string[]>();
  for (const v of model.variables) {
    if (!isObject(v) || typeof v.name !== 'string') return 'a variable without a name';
    const name = v.name;
    const size = v.size;
    const elements = typeof size === 'number' ? Array.from({ length: size }, (_, i) => `${name}[${i}]`) : [name];
    refs.set(name, elements);
    for (const e of elements) {
      refs.set(e, [e]);
      if (!Object.hasOwn(values, e)) return `variable ${e} has no value`;
      const a = values[e] as number;
      if (!inDomain(v, a)) return `variable ${e} = ${a} is outside its domain`;
    }
  }
  for (const name of Object.keys(values)) if (!refs.has(name)) return `the solution names ${name}, which the model does not declare`;
  const valueList = (node: Json | undefined): number[] | string => {
    if (!Array.isArray(node)) return 'a constraint without its variable list';
    const out: number[] = [];
    for (const r of node) {
      const elements = typeof r === 'string' ? refs.get(r) : undefined;
      if (!elements) return `unknown variable ${JSON.stringify(r)}`;
      for (const e of elements) out.push(values[e] as number);
    }
    return out;
  };
  const constraints = model.constraints ?? [];
  if (!Array.isArray(constraints)) return '"constraints" is not an array';
  for (let ci = 0; ci < constraints.length; ci++) {
    const c = constraints[ci];
    if (!isObject(c)) return `constraint ${ci} is not an object`;
    const verdict = holds(c, valueList);
    if (verdict !== true) return `constraint ${ci} (${c.type}) ${verdict === false ? `violated by ${describe(c, valueList)}` : verdict}`;
  }
  return null;
}

/** Whether constraint `c` holds, or why it cannot be judged. */
function holds(c: JsonObject, valueList: (node: Json | undefined) => number[] | string): boolean | string {
  if (c.type === 'clause') {
    if (!Array.isArray(c.literals)) return 'has no literals';
    for (const l of c.literals) {
      if (!isObject(l) || !Array.isArray(l.in)) return 'has a malformed literal';
      const vs = valueList([l.var ?? null]);
      if (typeof vs === 'string') return vs;
      if (l.in.includes(vs[0] as number)) return true;
    }
    return false;
  }
  const vs = valueList(c.vars);
  if (typeof vs === 'string') return vs;
  if (c.type === 'alldiff') return new Set(vs).size === vs.length;
  if (vs.length !== 2) return `takes 2 variables, has ${vs.length}`;
  const [x, y] = vs as [number, number];
  switch (c.type) {
    case 'neq':
      return x !== y;
    case 'table':
      if (!Array.isArray(c.tuples)) return 'has no tuples';
      return c.tuples.some((t) => Array.isArray(t) && t[0] === x && t[1] === y);
    case 'relation': {
      const rhs = y + (typeof c.offset === 'number' ? c.offset : 0);
      switch (c.op) {
        case 'eq':
          return x === rhs;
        case 'ne':
          return x !== rhs;
        case 'lt':
          return x < rhs;
        case 'le':
          return x <= rhs;
        case 'gt':
          return x > rhs;
        case 'ge':
          return x >= rhs;
        default:
          return `has an unknown op ${JSON.stringify(c.op)}`;
      }
    }
    default:
      return 'is of an unknown type';
  }
}

function describe(c: JsonObject, valueList: (node: Json | undefined) => number[] | string): string {
  const refsOf = c.type === 'clause' && Array.isArray(c.literals) ? c.literals.map((l) => (isObject(l) ? (l.var ?? null) : null)) : c.vars;
  const names = Array.isArray(refsOf) ? refsOf.map(String) : [];
  return names
    .map((n) => {
      const vs = valueList([n]);
      return `${n}=${typeof vs === 'string' ? '?' : vs.join(',')}`;
    })
    .join(', ');
}

function inDomain(v: JsonObject, a: number): boolean {
  if (!Number.isInteger(a)) return false;
  if (typeof v.domain === 'number') return a >= 0 && a < v.domain;
  if (Array.isArray(v.values)) return v.values.includes(a);
  const r = v.range;
  return Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number' && a >= r[0] && a <= r[1];
}

function isObject(j: Json | undefined): j is JsonObject {
  return j !== null && typeof j === 'object' && !Array.isArray(j);
}
