/**
 * Evaluates an XCSP3 functional expression such as `gt(dist(x[0],x[1]),2)` on variable values, from
 * its text, with an explicit stack (no recursion, whatever the nesting). Integers with truncating
 * division, booleans as 0/1. Division or modulo by zero has no value: per the XCSP3 specification
 * the constraint is then not satisfied, and the result is `undefined`.
 */
export function evaluateExpression(text: string, lookup: (name: string) => number | string): number | string | undefined {
  const program = readExpression(text);
  return typeof program === 'string' ? program : runExpression(program, lookup);
}

/** An expression's tokens in order: an operator opening a call, `)` closing one, an integer, or a variable name. */
export type ExpressionProgram = readonly ({ call: string } | { close: true } | { k: number } | { name: string })[];

/** The tokens of an expression (read once, evaluated many times), or why it cannot be read. */
export function readExpression(text: string): ExpressionProgram | string {
  const out: ({ call: string } | { close: true } | { k: number } | { name: string })[] = [];
  TOKEN.lastIndex = 0;
  const src = text.trim();
  while (TOKEN.lastIndex < src.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) return `cannot read the expression at '${src.slice(at, at + 20)}'`;
    const tok = m[1] as string;
    if (tok === ',') continue;
    if (tok === ')') out.push({ close: true });
    else if (src[TOKEN.lastIndex] === '(') {
      TOKEN.lastIndex++;
      out.push({ call: tok });
    } else if (/^-?\d+$/.test(tok)) out.push({ k: Number(tok) });
    else out.push({ name: tok });
  }
  return out;
}

/** Evaluates read tokens (see evaluateExpression). */
export function runExpression(program: ExpressionProgram, lookup: (name: string) => number | string): number | string | undefined {
  // Each open call: its operator and the values of its arguments so far; the bottom frame holds the result.
  const frames: { op: string; args: number[] }[] = [{ op: '', args: [] }];
  let undefinedValue = false;
  for (const t of program) {
    const top = frames[frames.length - 1] as { op: string; args: number[] };
    if ('close' in t) {
      if (frames.length === 1) return "unbalanced ')'";
      frames.pop();
      const v = apply(top.op, top.args);
      if (typeof v === 'string') return v;
      if (v === undefined) undefinedValue = true;
      (frames[frames.length - 1] as { args: number[] }).args.push(v ?? 0);
    } else if ('call' in t) frames.push({ op: t.call, args: [] });
    else if ('k' in t) top.args.push(t.k);
    else {
      const v = lookup(t.name);
      if (typeof v === 'string') return v;
      top.args.push(v);
    }
  }
  const root = frames[0] as { args: number[] };
  if (frames.length !== 1 || root.args.length !== 1) return 'the expression is not one complete term';
  return undefinedValue ? undefined : root.args[0];
}

const TOKEN = /\s*([A-Za-z_]\w*(?:\[\d+\])*|-?\d+|[,)])\s*/y;

const truth = (c: boolean) => (c ? 1 : 0);

/** One operator on its argument values; undefined where the value is undefined, a string for a malformed call. */
function apply(op: string, x: number[]): number | string | undefined {
  const [a = 0, b = 0, c = 0] = x;
  const arity = Object.hasOwn(ARITY, op) ? ARITY[op] : undefined;
  if (arity === undefined) return `unknown operator ${op}`;
  if (x.length < arity[0] || x.length > arity[1]) return `${op} with ${x.length} arguments`;
  switch (op) {
    case 'neg':
      return -a;
    case 'abs':
      return Math.abs(a);
    case 'add':
      return x.reduce((s, v) => s + v, 0);
    case 'sub':
      return a - b;
    case 'mul':
      return x.reduce((s, v) => s * v, 1);
    case 'div':
      return b === 0 ? undefined : Math.trunc(a / b);
    case 'mod':
      return b === 0 ? undefined : a % b;
    case 'sqr':
      return a * a;
    case 'pow':
      return a ** b;
    case 'min':
      return Math.min(...x);
    case 'max':
      return Math.max(...x);
    case 'dist':
      return Math.abs(a - b);
    case 'eq':
      return truth(x.every((v) => v === a));
    case 'ne':
      return truth(a !== b);
    case 'lt':
      return truth(a < b);
    case 'le':
      return truth(a <= b);
    case 'gt':
      return truth(a > b);
    case 'ge':
      return truth(a >= b);
    case 'not':
      return truth(a === 0);
    case 'and':
      return truth(x.every((v) => v !== 0));
    case 'or':
      return truth(x.some((v) => v !== 0));
    case 'xor':
      return x.filter((v) => v !== 0).length % 2;
    case 'iff':
      return truth(x.every((v) => (v !== 0) === (a !== 0)));
    case 'imp':
      return truth(a === 0 || b !== 0);
    default:
      return a !== 0 ? b : c; // if
  }
}

/** Fewest and most arguments of each operator. */
const ARITY: Record<string, readonly [number, number]> = {
  neg: [1, 1],
  abs: [1, 1],
  add: [2, Infinity],
  sub: [2, 2],
  mul: [2, Infinity],
  div: [2, 2],
  mod: [2, 2],
  sqr: [1, 1],
  pow: [2, 2],
  min: [1, Infinity],
  max: [1, Infinity],
  dist: [2, 2],
  eq: [2, Infinity],
  ne: [2, 2],
  lt: [2, 2],
  le: [2, 2],
  gt: [2, 2],
  ge: [2, 2],
  not: [1, 1],
  and: [2, Infinity],
  or: [2, Infinity],
  xor: [2, Infinity],
  iff: [2, Infinity],
  imp: [2, 2],
  if: [3, 3],
};
