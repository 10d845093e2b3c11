import type { UserError } from '../api/user-error.js';

/** An intension predicate over its (at most a few) distinct variables, evaluated on their values. */
export interface Intension {
  /** Distinct variables in order of first appearance; `eval(a, b)` gets their values. */
  vars: number[];
  /**
   * Whether the predicate holds on these values: its value is non-zero (booleans are 0/1, as in
   * XCSP3). Where a division or modulo by zero leaves it without a value, XCSP3 counts the
   * constraint as not satisfied.
   */
  holds(a: number, b: number): boolean;
}

type Node = (a: number, b: number) => number;
type Op = { min: number; max: number; f: (x: number[]) => number };

const b01 = (c: boolean) => (c ? 1 : 0);
const every = (x: number[], p: (a: number, b: number) => boolean) => b01(x.every((v, i) => i === 0 || p(x[i - 1] as number, v)));

/** XCSP3 functional operators supported in intension (integer semantics, booleans as 0/1, NaN for no value). */
const OPS: Record<string, Op> = {
  neg: { min: 1, max: 1, f: (x) => -(x[0] as number) },
  abs: { min: 1, max: 1, f: (x) => Math.abs(x[0] as number) },
  add: { min: 2, max: Infinity, f: (x) => x.reduce((s, v) => s + v, 0) },
  sub: { min: 2, max: 2, f: (x) => (x[0] as number) - (x[1] as number) },
  mul: { min: 2, max: Infinity, f: (x) => x.reduce((s, v) => s * v, 1) },
  div: { min: 2, max: 2, f: (x) => (x[1] === 0 ? Number.NaN : Math.trunc((x[0] as number) / (x[1] as number))) },
  mod: { min: 2, max: 2, f: (x) => (x[1] === 0 ? Number.NaN : (x[0] as number) % (x[1] as number)) },
  sqr: { min: 1, max: 1, f: (x) => (x[0] as number) * (x[0] as number) },
  pow: { min: 2, max: 2, f: (x) => (x[0] as number) ** (x[1] as number) },
  min: { min: 1, max: Infinity, f: (x) => Math.min(...x) },
  max: { min: 1, max: Infinity, f: (x) => Math.max(...x) },
  dist: { min: 2, max: 2, f: (x) => Math.abs((x[0] as number) - (x[1] as number)) },
  eq: { min: 2, max: Infinity, f: (x) => every(x, (p, q) => p === q) },
  ne: { min: 2, max: 2, f: (x) => b01(x[0] !== x[1]) },
  lt: { min: 2, max: 2, f: (x) => b01((x[0] as number) < (x[1] as number)) },
  le: { min: 2, max: 2, f: (x) => b01((x[0] as number) <= (x[1] as number)) },
  gt: { min: 2, max: 2, f: (x) => b01((x[0] as number) > (x[1] as number)) },
  ge: { min: 2, max: 2, f: (x) => b01((x[0] as number) >= (x[1] as number)) },
  not: { min: 1, max: 1, f: (x) => b01(!x[0]) },
  and: { min: 2, max: Infinity, f: (x) => b01(x.every((v) => v !== 0)) },
  or: { min: 2, max: Infinity, f: (x) => b01(x.some((v) => v !== 0)) },
  xor: { min: 2, max: Infinity, f: (x) => x.reduce((s, v) => s ^ b01(v !== 0), 0) },
  iff: { min: 2, max: Infinity, f: (x) => every(x, (p, q) => !p === !q) },
  imp: { min: 2, max: 2, f: (x) => b01(!x[0] || x[1] !== 0) },
  if: { min: 3, max: 3, f: (x) => (x[0] ? (x[1] as number) : (x[2] as number)) },
};

/** Deepest nesting of operators an intension may have (the parser and the evaluator recurse). */
export const MAX_INTENSION_DEPTH = 1000;

const TOKEN = /\s*(%\d+|[A-Za-z_]\w*(?:\[\d+\])*|-?\d+|[(),])/y;

/**
 * Parses an XCSP3 functional expression such as `gt(dist(x[0],x[1]),2)`. `resolve` maps a variable
 * reference or `%i` to a variable id or an integer; `fail` builds the located error to throw.
 */
export function parseIntension(
  src: string,
  resolve: (tok: string) => { var: number } | { int: number },
  fail: (msg: string) => UserError,
): Intension {
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  const text = src.trim();
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw fail(`cannot read intension at '${text.slice(at, at + 20)}'`);
    toks.push(m[1] as string);
  }
  const vars: number[] = [];
  let k = 0;
  let depth = 0;
  const node = (): Node => {
    const t = toks[k++];
    if (t === undefined) throw fail('intension ends too early');
    if (/^-?\d+$/.test(t)) {
      const c = Number(t);
      return () => c;
    }
    if (toks[k] === '(') {
      const op = OPS[t];
      if (!op) throw fail(`unsupported XCSP3 operator ${t}`);
      k++;
      if (++depth > MAX_INTENSION_DEPTH) throw fail(`intension nested deeper than ${MAX_INTENSION_DEPTH} operators`);
      const args: Node[] = [node()];
      while (toks[k] === ',') {
        k++;
        args.push(node());
      }
      depth--;
      if (toks[k++] !== ')') throw fail(`expected ')' after the arguments of ${t}`);
      if (args.length < op.min || args.length > op.max)
        throw fail(`${t} takes ${op.min === op.max ? op.min : `at least ${op.min}`} arguments, got ${args.length}`);
      const vals = new Array<number>(args.length);
      // An argument without a value (NaN: a division by zero below) leaves the whole expression without one.
      return (a, b) => {
        for (let i = 0; i < args.length; i++) {
          const v = (args[i] as Node)(a, b);
          if (Number.isNaN(v)) return v;
          vals[i] = v;
        }
        return op.f(vals);
      };
    }
    if (t === '(' || t === ')' || t === ',') throw fail(`unexpected '${t}' in intension`);
    const r = resolve(t);
    if ('int' in r) return () => r.int;
    let slot = vars.indexOf(r.var);
    if (slot < 0) slot = vars.push(r.var) - 1;
    return slot === 0 ? (a) => a : slot === 1 ? (_a, b) => b : () => Number.NaN;
  };
  const root = node();
  if (k !== toks.length) throw fail(`unexpected '${toks[k]}' after the intension`);
  return {
    vars,
    holds: (a, b) => {
      const v = root(a, b);
      return v !== 0 && !Number.isNaN(v);
    },
  };
}
