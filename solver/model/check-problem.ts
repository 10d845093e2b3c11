import type { Constraint, Problem } from './problem.js';
import { MAX_DOMAIN, wordsFor } from './problem.js';

/** A Problem that breaks the model's rules (problem.ts): a caller's mistake, found before any layer reads it. */
export class InvalidProblemError extends Error {
  override name = 'InvalidProblemError';
}

/**
 * Checks that a problem is well formed, as Gecode's post functions check their arguments: domain
 * sizes in 1..MAX_DOMAIN, `init` of n·words words without bits at or above a domain's size,
 * constraint variables in range, table rows and clause sets of the problem's stride, all-different
 * and clause variables distinct, labels and names one per variable. Throws InvalidProblemError
 * naming the first fault. O(size of the problem), allocating one n-entry scratch array: the entry
 * points (search, arc compilation and so propagation, solve) call it once per problem.
 */
export function checkProblem(p: Problem): void {
  const fail = (msg: string): never => {
    throw new InvalidProblemError(`invalid problem: ${msg}`);
  };
  if (!(p.domSize instanceof Int32Array)) fail('domSize must be an Int32Array');
  const n = p.domSize.length;
  let largest = 1;
  for (let i = 0; i < n; i++) {
    const d = p.domSize[i] as number;
    if (d < 1 || d > MAX_DOMAIN) fail(`domSize[${i}] is ${d}; a domain has 1..${MAX_DOMAIN} values`);
    if (d > largest) largest = d;
  }
  const w = wordsFor(largest);
  if (!(p.init instanceof Uint32Array)) fail('init must be a Uint32Array');
  if (p.init.length !== n * w) fail(`init has ${p.init.length} words; expected n·words = ${n}·${w} = ${n * w}`);
  for (let i = 0; i < n; i++) {
    const bad = bitsFrom(p.init, i * w, w, p.domSize[i] as number);
    if (bad >= 0) fail(`init of variable ${i} has value ${bad} set, beyond its domain size ${p.domSize[i]}`);
  }
  if (!Array.isArray(p.constraints)) fail('constraints must be an array');
  if (!checkedShapes.get(p.constraints)?.matches(p.domSize, p.constraints.length)) {
    checkConstraints(p, w, fail);
    checkedShapes.set(p.constraints, new Shape(p.domSize, p.constraints.length));
  }
  if (p.labels !== undefined) {
    if (p.labels.length !== n) fail(`labels has ${p.labels.length} entries; expected one per variable (${n})`);
    p.labels.forEach((l, i) => {
      if (l !== undefined && l.length !== (p.domSize[i] as number))
        fail(`labels[${i}] has ${l.length} values; variable ${i} has ${p.domSize[i]}`);
    });
  }
  if (p.names !== undefined && p.names.length !== n) fail(`names has ${p.names.length} entries; expected one per variable (${n})`);
}

/**
 * The constraint lists already checked, with the domain sizes they were checked against: a file of
 * sudokus gives every puzzle the same list (model/grid.ts), which is then checked once. Lists are
 * not changed once given to an entry point (the search context keys its engines on them too).
 */
const checkedShapes = new WeakMap<Constraint[], Shape>();

class Shape {
  private readonly domSize: Int32Array;

  constructor(
    domSize: Int32Array,
    private readonly count: number,
  ) {
    this.domSize = domSize.slice();
  }

  matches(domSize: Int32Array, count: number): boolean {
    if (count !== this.count || domSize.length !== this.domSize.length) return false;
    for (let i = 0; i < domSize.length; i++) if (domSize[i] !== this.domSize[i]) return false;
    return true;
  }
}

/** Variables in range, relations between two variables, rows and sets of stride `w`, distinct lists. */
function checkConstraints(p: Problem, w: number, fail: (msg: string) => never): void {
  const n = p.domSize.length;
  // seen[v] === c + 1 while constraint c lists v: distinctness in one pass. Messages are built only on a fault.
  const seen = new Int32Array(n);
  const cons = p.constraints;
  const what = (c: number) => `constraint ${c} (${cons[c]?.kind})`;
  const variable = (v: unknown, c: number, role: string): number => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= n) fail(`${what(c)}: ${role} ${v} is not a variable (0..${n - 1})`);
    return v as number;
  };
  for (let c = 0; c < cons.length; c++) {
    const con = cons[c] as Constraint;
    switch (con?.kind) {
      case 'neq':
      case 'table': {
        const x = variable(con.x, c, 'x');
        const y = variable(con.y, c, 'y');
        if (x === y) fail(`${what(c)} relates variable ${x} to itself`);
        if (con.kind === 'neq') break;
        const dx = p.domSize[x] as number;
        if (!(con.rows instanceof Uint32Array) || con.rows.length !== dx * w)
          fail(`${what(c)}: rows must be a Uint32Array of domSize[x]·words = ${dx}·${w} words, got ${con.rows?.length}`);
        for (let a = 0; a < dx; a++) {
          const bad = bitsFrom(con.rows, a * w, w, p.domSize[y] as number);
          if (bad >= 0) fail(`${what(c)}: row ${a} allows value ${bad} of y, beyond its domain size ${p.domSize[y]}`);
        }
        break;
      }
      case 'alldiff':
      case 'clause': {
        const vars = con.vars;
        if (!(vars instanceof Int32Array)) fail(`${what(c)}: vars must be an Int32Array`);
        for (let k = 0; k < vars.length; k++) {
          const x = variable(vars[k], c, 'variable');
          if (seen[x] === c + 1) fail(`${what(c)} lists variable ${x} twice`);
          seen[x] = c + 1;
        }
        if (con.kind === 'alldiff') break;
        if (!(con.sets instanceof Uint32Array) || con.sets.length !== vars.length * w)
          fail(`${what(c)}: sets must be a Uint32Array of literals·words = ${vars.length}·${w} words, got ${con.sets?.length}`);
        for (let k = 0; k < vars.length; k++) {
          const v = vars[k] as number;
          const bad = bitsFrom(con.sets, k * w, w, p.domSize[v] as number);
          if (bad >= 0) fail(`${what(c)}: literal ${k} holds value ${bad}, beyond the domain size ${p.domSize[v]} of variable ${v}`);
        }
        break;
      }
      default:
        fail(`constraint ${c} has unknown kind ${JSON.stringify((con as { kind?: unknown })?.kind)}`);
    }
  }
}

/** The first set bit at or above `size` in the bitmask of `w` words at `at`, or -1. */
function bitsFrom(bits: Uint32Array, at: number, w: number, size: number): number {
  for (let k = size >>> 5; k < w; k++) {
    const low = k === size >>> 5 ? size & 31 : 0;
    const extra = low === 0 ? (bits[at + k] as number) : (bits[at + k] as number) >>> low;
    if (extra !== 0) return k * 32 + low + (31 - Math.clz32(extra & -extra));
  }
  return -1;
}
