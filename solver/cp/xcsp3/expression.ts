/** An XCSP3 functional expression: an operator over arguments, a variable (Space id) or an integer. */
export type Expr = { op: string; args: Expr[] } | { v: number } | { k: number };

const TOKEN = /\s*([A-Za-z_]\w*(?:\[\d+\])*|-?\d+|[(),])/y;

/**
 * Parses `gt(dist(x[0],x[1]),2)`; `resolve` maps a variable name to its Space variable or an
 * integer, `fail` throws the located error.
 */
export function parseExpr(src: string, resolve: (name: string) => Expr, fail: (msg: string) => never): Expr {
  const text = src.trim();
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) fail(`cannot read the expression at '${text.slice(at, at + 20)}'`);
    toks.push((m as RegExpExecArray)[1] as string);
  }
  let k = 0;
  const node = (depth: number): Expr => {
    const t = toks[k++];
    if (t === undefined) return fail('the expression ends too early');
    if (depth > 1000) return fail('intension nested deeper than 1000 operators');
    if (/^-?\d+$/.test(t)) return { k: Number(t) };
    if (toks[k] !== '(') return resolve(t);
    k++;
    const args: Expr[] = [];
    for (;;) {
      args.push(node(depth + 1));
      const sep = toks[k++];
      if (sep === ')') break;
      if (sep !== ',') fail(`expected ',' or ')' in ${t}(...)`);
    }
    return { op: t, args };
  };
  const e = node(0);
  if (k !== toks.length) fail(`unexpected '${toks[k]}' after the expression`);
  return e;
}

const b = (c: boolean): number => (c ? 1 : 0);
const chain = (x: number[], p: (a: number, c: number) => boolean): number => b(x.every((v, i) => i === 0 || p(x[i - 1] as number, v)));

/** XCSP3's integer semantics (booleans 0/1); NaN where the value is undefined (division by zero). */
export function evaluate(e: Expr, value: (v: number) => number): number {
  if ('k' in e) return e.k;
  if ('v' in e) return value(e.v);
  const x = e.args.map((a) => evaluate(a, value));
  // An undefined operand (division by zero) leaves the whole expression undefined.
  if (x.some(Number.isNaN)) return Number.NaN;
  const [p = 0, q = 0, r = 0] = x;
  switch (e.op) {
    case 'neg':
      return -p;
    case 'abs':
      return Math.abs(p);
    case 'add':
      return x.reduce((s, y) => s + y, 0);
    case 'sub':
      return p - q;
    case 'mul':
      return x.reduce((s, y) => s * y, 1);
    case 'div':
      return q === 0 ? Number.NaN : Math.trunc(p / q);
    case 'mod':
      return q === 0 ? Number.NaN : p % q;
    case 'sqr':
      return p * p;
    case 'pow':
      return q < 0 ? Number.NaN : p ** q;
    case 'min':
      return Math.min(...x);
    case 'max':
      return Math.max(...x);
    case 'dist':
      return Math.abs(p - q);
    case 'eq':
      return chain(x, (a, c) => a === c);
    case 'ne':
      return b(p !== q);
    case 'lt':
      return b(p < q);
    case 'le':
      return b(p <= q);
    case 'gt':
      return b(p > q);
    case 'ge':
      return b(p >= q);
    case 'not':
      return b(p === 0);
    case 'and':
      return b(x.every((y) => y !== 0));
    case 'or':
      return b(x.some((y) => y !== 0));
    case 'xor':
      return x.reduce((s, y) => s ^ b(y !== 0), 0);
    case 'iff':
      return chain(x, (a, c) => (a === 0) === (c === 0));
    case 'imp':
      return b(p === 0 || q !== 0);
    case 'if':
      return p !== 0 ? q : r;
    default:
      return Number.NaN;
  }
}

/** Operators `evaluate` knows. */
export const OPERATORS = new Set('neg abs add sub mul div mod sqr pow min max dist eq ne lt le gt ge not and or xor iff imp if'.split(' '));

/** The distinct variables of e, in order of first appearance. */
export function variablesOf(e: Expr, out: number[] = []): number[] {
  if ('v' in e) {
    if (!out.includes(e.v)) out.push(e.v);
  } else if ('op' in e) for (const a of e.args) variablesOf(a, out);
  return out;
}
