import { located, UserError } from '../api/user-error.js';
import type { Constraint, Problem } from '../model/problem.js';
import { MAX_DOMAIN, setPrefix, tableFrom, wordsPerDomain } from '../model/problem.js';
import { type StopCheck, StoppedByLimit } from '../model/stop.js';

/**
 * Most domain words (variables × words per domain) a built model may take: building and searching
 * keep several arrays of that size (initial domains, current domains, the trail's stamps). Measured:
 * 524,288 unconstrained variables of 1024 values (2^24 words) took 0.86 GB and 12 s to solve.
 */
export const MAX_DOMAIN_WORDS = 1 << 23;

/** A predicate over source values (labels), not value indices. */
export type LabelRelation = (a: number, b: number) => boolean;

/** A clause literal over source values: `v` takes one of `values`. */
export interface LabelLiteral {
  v: number;
  values: readonly number[];
}

type Pending =
  | { kind: 'alldiff'; vars: number[] }
  | { kind: 'neq'; x: number; y: number }
  | { kind: 'rel'; x: number; y: number; allowed: LabelRelation }
  | { kind: 'clause'; lits: LabelLiteral[] };

/**
 * Builds a Problem from variables over arbitrary integer value sets (JSON models, XCSP3).
 *
 * Value indices must mean the same value on both sides of an all-different or not-equal, so the
 * variables such constraints connect share one index space: the sorted union of their values.
 * Each variable's own values are then the set bits of its initial domain (holes elsewhere), and
 * all-different stays a plain all-different on indices. Every other variable indexes its own values.
 *
 * Building is linear in the input: the variables declared with one value list share one sorted
 * copy of it (and its labels), an array's names are made only for the variables the problem keeps,
 * and per-variable state is allocated only for the variables a unary constraint restricts.
 */
export class ModelBuilder {
  private count = 0;
  /** Per variable, its sorted values (one array shared by the variables declared with the same list). */
  private readonly values: number[][] = [];
  /** Names by blocks of consecutive variables: the first variable of each and its namer (index in block -> name). */
  private readonly blockFirst: number[] = [];
  private readonly blockName: ((k: number) => string)[] = [];
  /** Per variable a unary constraint restricted, which of its values (in `values` order) are left. */
  private readonly alive = new Map<number, Uint8Array>();
  /** Union-find over the variables that all-different and not-equal connect. */
  private parent = new Int32Array(64);
  private readonly pending: Pending[] = [];
  /** The last value list given and its sorted copy (the variables of an array share one list). */
  private lastGiven: readonly number[] | undefined;
  private lastSorted: number[] = [];

  get size(): number {
    return this.count;
  }

  nameOf(v: number): string {
    const first = this.blockFirst;
    let lo = 0;
    let hi = first.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((first[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    return (this.blockName[lo] as (k: number) => string)(v - (first[lo] as number));
  }

  valuesOf(v: number): readonly number[] {
    return this.values[v] as number[];
  }

  /**
   * Adds a variable over the given values (any order, duplicates ignored); returns its index. The
   * list is read, not copied, when it is the one given last: do not change it after the call.
   */
  addVar(name: string, values: readonly number[]): number {
    return this.addVars(1, values, () => name);
  }

  /**
   * Adds `count` variables over the same values, the k-th named `nameOf(k)` (called only when a
   * name is needed); returns the index of the first.
   */
  addVars(count: number, values: readonly number[], nameOf: (k: number) => string): number {
    const sorted = this.sortedValues(values, nameOf);
    const first = this.count;
    this.count += count;
    if (this.parent.length < this.count) {
      const grown = new Int32Array(Math.max(this.count, this.parent.length * 2));
      grown.set(this.parent);
      this.parent = grown;
    }
    for (let v = first; v < this.count; v++) {
      this.values.push(sorted);
      this.parent[v] = v;
    }
    this.blockFirst.push(first);
    this.blockName.push(nameOf);
    return first;
  }

  /** Removes the values of `v` that fail `keep` (a unary constraint). */
  restrict(v: number, keep: (a: number) => boolean): void {
    const vals = this.values[v] as number[];
    let alive = this.alive.get(v);
    if (alive === undefined) {
      alive = new Uint8Array(vals.length).fill(1);
      this.alive.set(v, alive);
    }
    for (let k = 0; k < vals.length; k++) if (!keep(vals[k] as number)) alive[k] = 0;
  }

  /** `values` sorted without duplicates and checked; the same array as last time for the same list. */
  private sortedValues(values: readonly number[], nameOf: (k: number) => string): number[] {
    if (values === this.lastGiven) return this.lastSorted;
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    const name = nameOf(0);
    if (sorted.length === 0) throw new UserError(`variable ${name} has an empty domain`);
    const wide = sorted.find((a) => (a | 0) !== a);
    if (wide !== undefined) throw new UserError(`variable ${name}: value ${wide} is not a 32-bit integer`);
    if (sorted.length > MAX_DOMAIN)
      throw new UserError(`variable ${name} has ${sorted.length} values; at most ${MAX_DOMAIN} are supported`);
    this.lastGiven = values;
    this.lastSorted = sorted;
    return sorted;
  }

  alldiff(vars: readonly number[]): void {
    if (new Set(vars).size < vars.length) {
      // A variable listed twice cannot differ from itself.
      this.restrict(vars[0] as number, () => false);
      return;
    }
    if (vars.length < 2) return;
    for (const v of vars) this.union(vars[0] as number, v);
    this.pending.push({ kind: 'alldiff', vars: [...vars] });
  }

  neq(x: number, y: number): void {
    if (x === y) {
      this.restrict(x, () => false);
      return;
    }
    this.union(x, y);
    this.pending.push({ kind: 'neq', x, y });
  }

  /** Binary relation over source values; on one variable it becomes the unary `allowed(a, a)`. */
  relation(x: number, y: number, allowed: LabelRelation): void {
    if (x === y) this.restrict(x, (a) => allowed(a, a));
    else this.pending.push({ kind: 'rel', x, y, allowed });
  }

  /** Disjunction of literals; literals on the same variable merge, a literal covering its variable makes the clause true. */
  clause(lits: readonly LabelLiteral[]): void {
    const merged = new Map<number, Set<number>>();
    for (const l of lits) {
      const s = merged.get(l.v) ?? new Set<number>();
      for (const a of l.values) s.add(a);
      merged.set(l.v, s);
    }
    const out: LabelLiteral[] = [];
    for (const [v, s] of merged) {
      const own = (this.values[v] as number[]).filter((a) => s.has(a));
      if (own.length === (this.values[v] as number[]).length) return;
      if (own.length > 0) out.push({ v, values: own });
    }
    if (out.length === 1) {
      const only = new Set((out[0] as LabelLiteral).values);
      this.restrict((out[0] as LabelLiteral).v, (a) => only.has(a));
    } else if (out.length === 0) {
      // The empty clause: no assignment satisfies it.
      if (this.size > 0) this.restrict(0, () => false);
    } else this.pending.push({ kind: 'clause', lits: out });
  }

  /**
   * The problem. With `dropUnused`, variables no constraint mentions are left out (XCSP3 counts
   * solutions over the variables its constraints involve). `stop` is polled before each constraint
   * (a relation over two domains of a thousand values takes a million predicate calls to tabulate).
   */
  build(dropUnused = false, stop?: StopCheck): { problem: Problem; labels: Int32Array[] } {
    const size = this.size;
    const used = new Uint8Array(size).fill(dropUnused ? 0 : 1);
    for (const v of this.alive.keys()) used[v] = 1;
    for (const c of this.pending) for (const v of varsOf(c)) used[v] = 1;
    let n = 0;
    for (let v = 0; v < size; v++) n += used[v] as number;
    const kept = new Int32Array(n);
    const id = new Int32Array(size).fill(-1);
    for (let v = 0, i = 0; v < size; v++) {
      if (!used[v]) continue;
      kept[i] = v;
      id[v] = i++;
    }
    // Variables linked to others share the union of their values; one alone indexes its own values,
    // labelled by one array per value list.
    const grouped = new Uint8Array(size);
    for (const v of kept) {
      const root = this.find(v);
      if (root !== v) grouped[v] = grouped[root] = 1;
    }
    const groupValues = new Map<number, Set<number>>();
    for (const v of kept) {
      if (!grouped[v]) continue;
      const root = this.find(v);
      const s = groupValues.get(root) ?? new Set<number>();
      for (const a of this.values[v] as number[]) s.add(a);
      groupValues.set(root, s);
    }
    const groupLabels = new Map<number, Int32Array>();
    for (const [root, s] of groupValues) {
      if (s.size > MAX_DOMAIN)
        throw new UserError(
          `variables linked by all-different or not-equal with ${this.nameOf(root)} span ${s.size} values; at most ${MAX_DOMAIN}`,
        );
      groupLabels.set(root, Int32Array.from([...s].sort((a, b) => a - b)));
    }
    const ownLabels = new Map<number[], Int32Array>();
    const labels = Array.from(kept, (v) => {
      if (grouped[v]) return groupLabels.get(this.find(v)) as Int32Array;
      const vals = this.values[v] as number[];
      const l = ownLabels.get(vals) ?? Int32Array.from(vals);
      ownLabels.set(vals, l);
      return l;
    });
    const domSize = Int32Array.from(labels, (l) => l.length);
    const w = wordsPerDomain({ domSize });
    if (n * w > MAX_DOMAIN_WORDS)
      throw new UserError(
        `${n} variables of up to ${w * 32} values (${w} words each) take ${n * w} domain words; at most ${MAX_DOMAIN_WORDS}`,
      );
    const indexOf = (v: number, a: number): number => binarySearch(labels[id[v] as number] as Int32Array, a);
    const init = new Uint32Array(n * w);
    for (let i = 0; i < n; i++) {
      const v = kept[i] as number;
      const vals = this.values[v] as number[];
      const alive = this.alive.get(v);
      // All of its values and no others: the first indices.
      if (alive === undefined && vals.length === (domSize[i] as number)) setPrefix(init, i * w, vals.length);
      else for (let k = 0; k < vals.length; k++) if (alive === undefined || alive[k]) setBit(init, i * w, indexOf(v, vals[k] as number));
    }
    const constraints: Constraint[] = [];
    const dims = { domSize };
    for (const c of this.pending) {
      if (stop?.()) throw new StoppedByLimit('building the model');
      if (c.kind === 'alldiff') constraints.push({ kind: 'alldiff', vars: Int32Array.from(c.vars, (v) => id[v] as number) });
      else if (c.kind === 'neq') constraints.push({ kind: 'neq', x: id[c.x] as number, y: id[c.y] as number });
      else if (c.kind === 'rel') {
        const x = id[c.x] as number;
        const y = id[c.y] as number;
        const lx = labels[x] as Int32Array;
        const ly = labels[y] as Int32Array;
        constraints.push(tableFrom(dims, w, x, y, (a, b) => c.allowed(lx[a] as number, ly[b] as number)));
      } else {
        const sets = new Uint32Array(c.lits.length * w);
        c.lits.forEach((l, k) => {
          for (const a of l.values) setBit(sets, k * w, indexOf(l.v, a));
        });
        constraints.push({ kind: 'clause', vars: Int32Array.from(c.lits, (l) => id[l.v] as number), sets });
      }
    }
    return { problem: { domSize, init, constraints, labels, names: Array.from(kept, (v) => this.nameOf(v)) }, labels };
  }

  private find(v: number): number {
    while (this.parent[v] !== v) {
      const up = this.parent[this.parent[v] as number] as number;
      this.parent[v] = up;
      v = up;
    }
    return v;
  }

  private union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function varsOf(c: Pending): number[] {
  if (c.kind === 'alldiff') return c.vars;
  if (c.kind === 'clause') return c.lits.map((l) => l.v);
  return [c.x, c.y];
}

function setBit(bits: Uint32Array, at: number, a: number): void {
  bits[at + (a >>> 5)] = ((bits[at + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
}

function binarySearch(sorted: Int32Array, a: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = sorted[mid] as number;
    if (m === a) return mid;
    if (m < a) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`value ${a} is not in its variable's index space`);
}

/** Runs `f`, turning an unlocated UserError from the builder into `file:line: problem`. */
export function atLine<T>(file: string, line: number | undefined, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UserError) throw located(file, line, e.message);
    throw e;
  }
}
