import type { FznConstraint, FznExpr, FznModel, FznScalar, IntSet } from '../../formats/flatzinc/index.js';
import { domainOf, inSet } from './fzn-domain.js';
import { scalarValue } from './fzn-output.js';

/**
 * The independent check of a FlatZinc solution: every declared domain and every constraint
 * evaluated on the values by its builtin's meaning (the FlatZinc specification and the MiniZinc
 * standard library's `fzn_*` definitions), with no propagator involved. `_reif` names are
 * `r ↔ base(…)` and `_imp` names `r → base(…)` for any base below.
 */

/** Reads a constraint's arguments at one assignment. */
interface Values {
  int(e: FznExpr): number;
  ints(e: FznExpr): number[];
  set(e: FznExpr): IntSet;
}

type Meaning = (a: readonly FznExpr[], v: Values) => boolean;

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
const dot = (as: readonly number[], xs: readonly number[]): number => as.reduce((s, a, i) => s + a * (xs[i] as number), 0);
const count = (xs: readonly number[], y: number): number => xs.filter((x) => x === y).length;
const lexLess = (x: readonly number[], y: readonly number[], strict: boolean): boolean => {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
  return strict ? x.length < y.length : x.length <= y.length;
};
const allDifferent = (xs: readonly number[]): boolean => new Set(xs).size === xs.length;
/** Element at a 1-based index; undefined outside. */
const at = (xs: readonly number[], i: number): number | undefined => (i >= 1 && i <= xs.length ? xs[i - 1] : undefined);

function pow(x: number, y: number): number | undefined {
  if (y >= 0) return x ** y;
  // MiniZinc: a negative exponent is 1 div x^-y, undefined for x = 0.
  if (x === 0) return undefined;
  return Math.trunc(1 / x ** -y);
}

const elementOf: Meaning = (a, v) => at(v.ints(a[1] as FznExpr), v.int(a[0] as FznExpr)) === v.int(a[2] as FznExpr);
const linear =
  (rel: (s: number, c: number) => boolean): Meaning =>
  (a, v) =>
    rel(dot(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr)), v.int(a[2] as FznExpr));
const binary =
  (rel: (x: number, y: number) => boolean): Meaning =>
  (a, v) =>
    rel(v.int(a[0] as FznExpr), v.int(a[1] as FznExpr));
const ternary =
  (f: (x: number, y: number) => number | undefined): Meaning =>
  (a, v) =>
    f(v.int(a[0] as FznExpr), v.int(a[1] as FznExpr)) === v.int(a[2] as FznExpr);
const countRel =
  (rel: (n: number, c: number) => boolean): Meaning =>
  (a, v) =>
    rel(count(v.ints(a[0] as FznExpr), v.int(a[1] as FznExpr)), v.int(a[2] as FznExpr));

function table(a: readonly FznExpr[], v: Values): boolean {
  const x = v.ints(a[0] as FznExpr);
  const t = v.ints(a[1] as FznExpr);
  const n = x.length;
  if (n === 0) return true;
  for (let r = 0; r + n <= t.length; r += n) if (x.every((xi, i) => t[r + i] === xi)) return true;
  return false;
}

function cumulative(a: readonly FznExpr[], v: Values): boolean {
  const s = v.ints(a[0] as FznExpr);
  const d = v.ints(a[1] as FznExpr);
  const r = v.ints(a[2] as FznExpr);
  const b = v.int(a[3] as FznExpr);
  const tasks = s.map((_, i) => i).filter((i) => (d[i] as number) > 0 && (r[i] as number) > 0);
  if (tasks.length === 0) return s.length === 0 || b >= 0;
  // The load peaks at some task's start.
  return tasks.every((i) => {
    const t = s[i] as number;
    return sum(tasks.filter((j) => (s[j] as number) <= t && t < (s[j] as number) + (d[j] as number)).map((j) => r[j] as number)) <= b;
  });
}

function circuit(xs: readonly number[]): boolean {
  const n = xs.length;
  if (n === 0) return true;
  if (!xs.every((x) => x >= 1 && x <= n) || !allDifferent(xs)) return false;
  let at0 = 1;
  for (let k = 1; k < n; k++) {
    at0 = xs[at0 - 1] as number;
    if (at0 === 1) return false;
  }
  return xs[at0 - 1] === 1;
}

/** The nodes (1-based) that are not their own successor form one cycle, or there are none. */
function subcircuit(xs: readonly number[]): boolean {
  const n = xs.length;
  if (!xs.every((x) => x >= 1 && x <= n) || !allDifferent(xs)) return false;
  const inside = xs.flatMap((x, i) => (x !== i + 1 ? [i + 1] : []));
  if (inside.length === 0) return true;
  const first = inside[0] as number;
  let at = first;
  for (let k = 1; k < inside.length; k++) {
    at = xs[at - 1] as number;
    if (at === first) return false;
  }
  return xs[at - 1] === first;
}

/** invf[f[i]] = i and f[invf[j]] = j, f indexed from `fb` and invf from `gb`. */
function inverse(f: readonly number[], g: readonly number[], fb = 1, gb = 1): boolean {
  return f.every((fi, i) => at(g, fi - gb + 1) === i + fb) && g.every((gj, j) => at(f, gj - fb + 1) === j + gb);
}

function gcc(x: readonly number[], cover: readonly number[], ok: (k: number, n: number) => boolean, closed: boolean): boolean {
  if (closed && !x.every((xi) => cover.includes(xi))) return false;
  return cover.every((c, k) => ok(k, count(x, c)));
}

function regular(a: readonly FznExpr[], v: Values): boolean {
  const x = v.ints(a[0] as FznExpr);
  const S = v.int(a[2] as FznExpr);
  const d = v.ints(a[3] as FznExpr);
  let q = v.int(a[4] as FznExpr);
  for (const xi of x) {
    if (xi < 1 || xi > S || q < 1) return false;
    q = d[(q - 1) * S + (xi - 1)] as number;
  }
  return q >= 1 && inSet(v.set(a[5] as FznExpr), q);
}

function valuePrecede(s: number, t: number, x: readonly number[]): boolean {
  const fs = x.indexOf(s);
  const ft = x.indexOf(t);
  return ft < 0 || (fs >= 0 && fs < ft);
}

function diffn(a: readonly FznExpr[], v: Values): boolean {
  const [x, y, dx, dy] = [0, 1, 2, 3].map((k) => v.ints(a[k] as FznExpr)) as [number[], number[], number[], number[]];
  for (let i = 0; i < x.length; i++)
    for (let j = i + 1; j < x.length; j++) {
      const apart =
        (x[i] as number) + (dx[i] as number) <= (x[j] as number) ||
        (y[i] as number) + (dy[i] as number) <= (y[j] as number) ||
        (x[j] as number) + (dx[j] as number) <= (x[i] as number) ||
        (y[j] as number) + (dy[j] as number) <= (y[i] as number);
      if (!apart) return false;
    }
  return true;
}

function disjunctive(a: readonly FznExpr[], v: Values, strict: boolean): boolean {
  const s = v.ints(a[0] as FznExpr);
  const d = v.ints(a[1] as FznExpr);
  if (!d.every((di) => di >= 0)) return false;
  for (let i = 0; i < s.length; i++)
    for (let j = i + 1; j < s.length; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      const di = d[i] as number;
      const dj = d[j] as number;
      if (!strict && (di === 0 || dj === 0)) continue;
      if (!(si + di <= sj || sj + dj <= si)) return false;
    }
  return true;
}

const xorOf = (a: readonly FznExpr[], v: Values): boolean => v.int(a[0] as FznExpr) !== v.int(a[1] as FznExpr);

/**
 * Builtins whose last argument r is the truth of the rest: `name(…, r)` is r ↔ f(…) and
 * `name_imp(…, r)` is r → f(…).
 */
const RESULT_LAST: Readonly<Record<string, Meaning>> = {
  bool_and: (a, v) => v.int(a[0] as FznExpr) === 1 && v.int(a[1] as FznExpr) === 1,
  bool_or: (a, v) => v.int(a[0] as FznExpr) === 1 || v.int(a[1] as FznExpr) === 1,
  array_bool_and: (a, v) => v.ints(a[0] as FznExpr).every((x) => x === 1),
  array_bool_or: (a, v) => v.ints(a[0] as FznExpr).some((x) => x === 1),
};

/** The meaning of every builtin the checker knows, by FlatZinc name (reified forms derived). */
export const MEANINGS: Readonly<Record<string, Meaning>> = {
  int_eq: binary((x, y) => x === y),
  int_ne: binary((x, y) => x !== y),
  int_le: binary((x, y) => x <= y),
  int_lt: binary((x, y) => x < y),
  int_ge: binary((x, y) => x >= y),
  int_gt: binary((x, y) => x > y),
  int_lin_eq: linear((s, c) => s === c),
  int_lin_ne: linear((s, c) => s !== c),
  int_lin_le: linear((s, c) => s <= c),
  int_lin_lt: linear((s, c) => s < c),
  int_lin_ge: linear((s, c) => s >= c),
  int_lin_gt: linear((s, c) => s > c),
  int_plus: ternary((x, y) => x + y),
  int_minus: ternary((x, y) => x - y),
  int_times: ternary((x, y) => x * y),
  int_div: ternary((x, y) => (y === 0 ? undefined : Math.trunc(x / y))),
  int_mod: ternary((x, y) => (y === 0 ? undefined : x % y)),
  int_min: ternary(Math.min),
  int_max: ternary(Math.max),
  int_pow: ternary(pow),
  int_pow_fixed: ternary(pow),
  int_abs: binary((x, y) => Math.abs(x) === y),
  int_negate: binary((x, y) => -x === y),
  array_int_element: elementOf,
  array_var_int_element: elementOf,
  array_bool_element: elementOf,
  array_var_bool_element: elementOf,
  array_int_maximum: (a, v) => {
    const xs = v.ints(a[1] as FznExpr);
    return xs.length > 0 && v.int(a[0] as FznExpr) === Math.max(...xs);
  },
  array_int_minimum: (a, v) => {
    const xs = v.ints(a[1] as FznExpr);
    return xs.length > 0 && v.int(a[0] as FznExpr) === Math.min(...xs);
  },
  set_in: (a, v) => inSet(v.set(a[1] as FznExpr), v.int(a[0] as FznExpr)),
  bool2int: binary((x, y) => x === y),
  bool_eq: binary((x, y) => x === y),
  bool_ne: binary((x, y) => x !== y),
  bool_le: binary((x, y) => x <= y),
  bool_lt: binary((x, y) => x < y),
  bool_not: binary((x, y) => x !== y),
  bool_ge: binary((x, y) => x >= y),
  bool_gt: binary((x, y) => x > y),
  bool_clause: (a, v) => v.ints(a[0] as FznExpr).some((x) => x === 1) || v.ints(a[1] as FznExpr).some((x) => x === 0),
  // bool_xor(a, b) is a ≠ b; the three-argument form is r ↔ a ≠ b (RESULT_LAST).
  bool_xor: (a, v) => (a.length < 3 ? xorOf(a, v) : (v.int(a[2] as FznExpr) === 1) === xorOf(a, v)),
  array_bool_xor: (a, v) => sum(v.ints(a[0] as FznExpr)) % 2 === 1,
  bool_lin_eq: linear((s, c) => s === c),
  bool_lin_le: linear((s, c) => s <= c),
  all_different_int: (a, v) => allDifferent(v.ints(a[0] as FznExpr)),
  fzn_all_different_int: (a, v) => allDifferent(v.ints(a[0] as FznExpr)),
  fzn_alldifferent_except_0: (a, v) => allDifferent(v.ints(a[0] as FznExpr).filter((x) => x !== 0)),
  fzn_all_equal_int: (a, v) => new Set(v.ints(a[0] as FznExpr)).size <= 1,
  fzn_increasing_int: (a, v) => v.ints(a[0] as FznExpr).every((x, i, xs) => i === 0 || (xs[i - 1] as number) <= x),
  fzn_decreasing_int: (a, v) => v.ints(a[0] as FznExpr).every((x, i, xs) => i === 0 || (xs[i - 1] as number) >= x),
  fzn_table_int: table,
  fzn_table_bool: table,
  fzn_count_eq: countRel((n, c) => n === c),
  fzn_count_neq: countRel((n, c) => n !== c),
  fzn_count_leq: countRel((n, c) => c <= n),
  fzn_count_lt: countRel((n, c) => c < n),
  fzn_count_geq: countRel((n, c) => c >= n),
  fzn_count_gt: countRel((n, c) => c > n),
  fzn_among: (a, v) => {
    const s = v.set(a[2] as FznExpr);
    return v.int(a[0] as FznExpr) === v.ints(a[1] as FznExpr).filter((x) => inSet(s, x)).length;
  },
  fzn_at_most_int: (a, v) => count(v.ints(a[1] as FznExpr), v.int(a[2] as FznExpr)) <= v.int(a[0] as FznExpr),
  fzn_at_least_int: (a, v) => count(v.ints(a[1] as FznExpr), v.int(a[2] as FznExpr)) >= v.int(a[0] as FznExpr),
  fzn_exactly_int: (a, v) => count(v.ints(a[1] as FznExpr), v.int(a[2] as FznExpr)) === v.int(a[0] as FznExpr),
  fzn_member_int: (a, v) => v.ints(a[0] as FznExpr).includes(v.int(a[1] as FznExpr)),
  fzn_nvalue: (a, v) => v.int(a[0] as FznExpr) === new Set(v.ints(a[1] as FznExpr)).size,
  fzn_global_cardinality: (a, v) => {
    const counts = v.ints(a[2] as FznExpr);
    return gcc(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), (k, n) => counts[k] === n, false);
  },
  fzn_global_cardinality_closed: (a, v) => {
    const counts = v.ints(a[2] as FznExpr);
    return gcc(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), (k, n) => counts[k] === n, true);
  },
  fzn_global_cardinality_low_up: (a, v) => {
    const [lo, up] = [v.ints(a[2] as FznExpr), v.ints(a[3] as FznExpr)];
    return gcc(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), (k, n) => (lo[k] as number) <= n && n <= (up[k] as number), false);
  },
  fzn_global_cardinality_low_up_closed: (a, v) => {
    const [lo, up] = [v.ints(a[2] as FznExpr), v.ints(a[3] as FznExpr)];
    return gcc(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), (k, n) => (lo[k] as number) <= n && n <= (up[k] as number), true);
  },
  fzn_inverse: (a, v) => inverse(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr)),
  // softprop_inverse(f, first index of f, invf, first index of invf): share/minizinc/softprop/fzn_inverse.mzn.
  softprop_inverse: (a, v) => inverse(v.ints(a[0] as FznExpr), v.ints(a[2] as FznExpr), v.int(a[1] as FznExpr), v.int(a[3] as FznExpr)),
  fzn_lex_less_int: (a, v) => lexLess(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), true),
  fzn_lex_lesseq_int: (a, v) => lexLess(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), false),
  fzn_lex_less_bool: (a, v) => lexLess(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), true),
  fzn_lex_lesseq_bool: (a, v) => lexLess(v.ints(a[0] as FznExpr), v.ints(a[1] as FznExpr), false),
  fzn_cumulative: cumulative,
  fzn_disjunctive: (a, v) => disjunctive(a, v, false),
  fzn_disjunctive_strict: (a, v) => disjunctive(a, v, true),
  fzn_diffn: diffn,
  fzn_circuit: (a, v) => circuit(v.ints(a[0] as FznExpr)),
  // softprop_circuit / softprop_subcircuit(first index of x, x): share/minizinc/softprop/fzn_circuit.mzn,
  // fzn_subcircuit.mzn; in a circuit no node is its own successor.
  softprop_circuit: (a, v) => {
    const base = v.int(a[0] as FznExpr);
    const xs = v.ints(a[1] as FznExpr).map((x) => x - base + 1);
    return xs.every((x, i) => x !== i + 1) && circuit(xs);
  },
  softprop_subcircuit: (a, v) => {
    const base = v.int(a[0] as FznExpr);
    return subcircuit(v.ints(a[1] as FznExpr).map((x) => x - base + 1));
  },
  fzn_regular: regular,
  fzn_value_precede_int: (a, v) => valuePrecede(v.int(a[0] as FznExpr), v.int(a[1] as FznExpr), v.ints(a[2] as FznExpr)),
  fzn_bin_packing_load: (a, v) => {
    const load = v.ints(a[0] as FznExpr);
    const bin = v.ints(a[1] as FznExpr);
    const w = v.ints(a[2] as FznExpr);
    return load.every((l, b) => l === sum(w.filter((_, i) => bin[i] === b + 1))) && bin.every((b) => b >= 1 && b <= load.length);
  },
};

/** r ↔ f(…) (r → f(…) when `half`), r being the last argument. */
function implied(f: Meaning, half: boolean): Meaning {
  return (a, v) => {
    const r = v.int(a[a.length - 1] as FznExpr) === 1;
    const holds = f(a.slice(0, -1), v);
    return half ? !r || holds : r === holds;
  };
}

/** The meaning of builtin `name`, reified forms included; undefined when the checker does not know it. */
export function meaningOf(name: string): Meaning | undefined {
  if (Object.hasOwn(MEANINGS, name)) return MEANINGS[name];
  if (Object.hasOwn(RESULT_LAST, name)) return implied(RESULT_LAST[name] as Meaning, false);
  const m = /^(.*)_(reif|imp)$/.exec(name);
  if (!m) return undefined;
  const base = m[1] as string;
  const half = m[2] === 'imp';
  if (half && Object.hasOwn(RESULT_LAST, base)) return implied(RESULT_LAST[base] as Meaning, true);
  if (Object.hasOwn(MEANINGS, base)) return implied(MEANINGS[base] as Meaning, half);
  return undefined;
}

/**
 * Checks `values` (one per FznModel variable) against the model: null when every declared domain
 * and constraint holds, else what is wrong with the first that does not, as `line N: …`.
 */
export function checkFznSolution(model: FznModel, values: Int32Array): string | null {
  for (let id = 0; id < model.variables.length; id++) {
    const fv = model.variables[id];
    if (fv && !inSet(domainOf(fv), values[id] as number))
      return `line ${fv.line}: ${fv.name} = ${values[id]} is outside its declared domain`;
  }
  const scalar = (s: FznScalar) => scalarValue(values, s);
  const reader: Values = {
    int: (e) => {
      if (e.kind === 'array' || e.kind === 'set') throw new Error(`expected a scalar, found ${e.kind}`);
      return scalar(e);
    },
    ints: (e) => {
      if (e.kind !== 'array') throw new Error(`expected an array, found ${e.kind}`);
      return e.items.map(scalar);
    },
    set: (e) => {
      if (e.kind !== 'set') throw new Error(`expected a set, found ${e.kind}`);
      return e.set;
    },
  };
  for (const c of model.constraints) {
    const meaning = meaningOf(c.name);
    if (!meaning) return `line ${c.line}: no independent check for ${c.name}`;
    if (!meaning(c.args, reader)) return `line ${c.line}: ${describe(c, reader)} is violated`;
  }
  return null;
}

/** `name(args)` with the values substituted, for the message. */
function describe(c: FznConstraint, v: Values): string {
  const show = (e: FznExpr): string => {
    if (e.kind === 'array') return `[${v.ints(e).join(', ')}]`;
    if (e.kind === 'set') return e.set.kind === 'range' ? `${e.set.min}..${e.set.max}` : `{${e.set.values.join(', ')}}`;
    return String(v.int(e));
  };
  const text = `${c.name}(${c.args.map(show).join(', ')})`;
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
