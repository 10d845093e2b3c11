import { BITMASK_SPAN } from '../../solver/cp/int-store.js';
import { cpSearch } from '../../solver/cp/search.js';
import { Space } from '../../solver/cp/space.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * The oracle for CP propagators (solver/cp/propagators/): a propagator posted on small domains is
 * compared with brute force over every assignment, as Gecode's test harness does.
 *
 * `checkPropagator` throws an Error naming the check, the domains and the assignment when:
 * - (a) after the root fixpoint a value that appears in some solution was removed, or the fixpoint
 *   failed although a solution exists;
 * - (b) with every variable fixed, the fixpoint fails on a solution or succeeds on a non-solution
 *   (when `post` made variables of its own, a decomposition, those are then searched: the verdict
 *   is whether they have a solution);
 * - (c) the result is not exactly the consistency claimed:
 *   'domain': each domain is exactly the values that appear in solutions (on an interval variable,
 *   which cannot hold holes, its bounds are those of those values); no solution ⇒ failure;
 *   'bounds(D)': each variable's min and max are the least and greatest values it takes in solutions
 *   (holes inside are not checked); no solution ⇒ failure;
 *   'bounds': bounds(Z): each variable's min and max appear in a solution where every other variable
 *   takes any integer within its own min..max (holes ignored); no such point ⇒ failure;
 * - (d) the same (a) and (c) after random narrowings at nested trail marks (seeded), which checks the
 *   propagator's incremental state and its undo.
 */

/** The consistency a propagator claims, checked exactly: none (only soundness), bounds(Z), bounds(D), domain. */
export type Consistency = 'none' | 'bounds' | 'bounds(D)' | 'domain';

export interface OracleCase {
  /** Each variable's initial values, sorted and distinct. */
  domains: readonly (readonly number[])[];
  /**
   * Per variable: create it as an interval variable (over a span wider than BITMASK_SPAN, then narrowed
   * to its values' bounds, so removing an interior value is a no-op); its values must be a range.
   */
  wide?: readonly boolean[];
  /** Posts the propagator(s) under test on `vars` (one per domain, in order). */
  post(space: Space, vars: Int32Array): void;
  /** The constraint on a full assignment (values in variable order). */
  holds(values: readonly number[]): boolean;
  /** What check (c) holds the propagator to; default 'none'. */
  claims?: Consistency;
  /** Seed of the random narrowings (d); default 1. */
  seed?: number;
  /** Number of narrowing rounds in (d); default 4. */
  rounds?: number;
}

/** Runs checks (a)–(d) on one case; throws on the first disagreement. */
export function checkPropagator(c: OracleCase): void {
  const claims = c.claims ?? 'none';
  const n = c.domains.length;
  const space = new Space();
  const vars = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = c.domains[i] as readonly number[];
    if (d.length === 0) throw new Error(`oracle: variable ${i} has an empty domain`);
    const lo = d[0] as number;
    const hi = d[d.length - 1] as number;
    if (c.wide?.[i]) {
      if (hi - lo + 1 !== d.length) throw new Error(`oracle: wide variable ${i} must be a range, got ${JSON.stringify(d)}`);
      vars[i] = space.newVar(lo - BITMASK_SPAN, hi + BITMASK_SPAN);
      space.store.setMin(vars[i] as number, lo);
      space.store.setMax(vars[i] as number, hi);
    } else {
      vars[i] = space.newVarOf(d);
    }
  }
  const describe = () => `domains ${JSON.stringify(c.domains)}${c.wide ? ` wide ${JSON.stringify(c.wide)}` : ''}`;
  const root = space.store.mark();
  c.post(space, vars);

  // (b) every full assignment, from the state before any propagation.
  forEachAssignment(c.domains, (values) => {
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = space.store.fix(vars[i] as number, values[i] as number);
    space.enqueueAll();
    if (ok) ok = space.fixpoint() < 0;
    if (ok && space.store.size > n) ok = cpSearch(space, { branches: [], onSolution: () => {} }).solutions > 0;
    if (ok !== c.holds(values)) {
      throw new Error(
        `oracle (b): fixpoint ${ok ? 'accepts a non-solution' : 'fails on a solution'} ${JSON.stringify(values)}; ${describe()}`,
      );
    }
    space.store.undo(root);
  });

  // (a) and (c) at the root, then (d) after nested random narrowings.
  space.enqueueAll();
  if (!checkFixpoint(space, vars, c, claims, 'root', describe)) return;
  const rng = Rng.seeded(c.seed ?? 1);
  const s = space.store;
  for (let round = 0; round < (c.rounds ?? 4); round++) {
    const mark = s.mark();
    const depth = rng.int(1, 3);
    for (let level = 0; level < depth; level++) {
      let any = false;
      for (let i = 0; i < n; i++) {
        const v = vars[i] as number;
        const r = rng.int(0, 5);
        if (s.isFixed(v) || r > 2) continue;
        const x = rng.int(s.min(v), s.max(v));
        if (r === 0) any = s.remove(v, x) || any;
        else if (r === 1) any = (x > s.min(v) && s.setMin(v, x)) || any;
        else any = (x < s.max(v) && s.setMax(v, x)) || any;
      }
      if (any && !checkFixpoint(space, vars, c, claims, `narrowing ${round}.${level}`, describe)) break;
    }
    s.undo(mark);
  }
}

/**
 * Reads the current domains, runs the fixpoint and checks (a) and (c) against the solutions within
 * those domains. Returns false when the fixpoint failed (rightly).
 */
function checkFixpoint(space: Space, vars: Int32Array, c: OracleCase, claims: Consistency, where: string, describe: () => string): boolean {
  const s = space.store;
  const n = vars.length;
  const before: number[][] = [];
  for (let i = 0; i < n; i++) before.push(valuesOf(space, vars[i] as number));
  const supported = before.map(() => new Set<number>());
  let solutions = 0;
  forEachAssignment(before, (values) => {
    if (!c.holds(values)) return;
    solutions++;
    for (let i = 0; i < n; i++) (supported[i] as Set<number>).add(values[i] as number);
  });
  const failed = space.fixpoint() >= 0;
  const at = () => `at ${where}: before ${JSON.stringify(before)}; ${describe()}`;
  if (failed) {
    if (solutions > 0) throw new Error(`oracle (a): fixpoint fails with ${solutions} solutions ${at()}`);
    return false;
  }
  const after = () => JSON.stringify(Array.from(vars, (v) => valuesOf(space, v)));
  for (let i = 0; i < n; i++) {
    const v = vars[i] as number;
    for (const x of supported[i] as Set<number>) {
      if (!s.contains(v, x)) throw new Error(`oracle (a): x${i} = ${x} removed although in a solution; after ${after()} ${at()}`);
    }
  }
  if (claims === 'domain' || claims === 'bounds(D)') {
    if (solutions === 0) throw new Error(`oracle (c) ${claims}: no solution but the fixpoint succeeds; after ${after()} ${at()}`);
    for (let i = 0; i < n; i++) {
      const v = vars[i] as number;
      const sup = [...(supported[i] as Set<number>)].sort((x, y) => x - y);
      const exact = claims === 'domain' && s.hasWindow(v);
      const got = exact ? valuesOf(space, v) : [s.min(v), s.max(v)];
      const want = exact ? sup : [sup[0], sup[sup.length - 1]];
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        throw new Error(`oracle (c) ${claims}: x${i} is ${JSON.stringify(got)}, its supported values ${JSON.stringify(want)} ${at()}`);
      }
    }
  } else if (claims === 'bounds') {
    // bounds(Z): supports anywhere in the box of the current bounds.
    const box = Array.from(vars, (v) => range(s.min(v), s.max(v)));
    const lowOk = new Uint8Array(n);
    const highOk = new Uint8Array(n);
    forEachAssignment(box, (values) => {
      if (!c.holds(values)) return;
      for (let i = 0; i < n; i++) {
        if (values[i] === s.min(vars[i] as number)) lowOk[i] = 1;
        if (values[i] === s.max(vars[i] as number)) highOk[i] = 1;
      }
    });
    for (let i = 0; i < n; i++) {
      if (!lowOk[i] || !highOk[i]) {
        throw new Error(`oracle (c) bounds: x${i}'s ${lowOk[i] ? 'max' : 'min'} has no support in the bounds; after ${after()} ${at()}`);
      }
    }
  }
  return true;
}

/** The values of v, smallest first (v must be small: the oracle's domains are). */
function valuesOf(space: Space, v: number): number[] {
  const out: number[] = [];
  for (let x = space.store.min(v); x <= space.store.max(v); x = space.store.next(v, x)) out.push(x);
  return out;
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}

/** Calls `f` on every combination of the domains' values (an odometer); none when a domain is empty. */
export function forEachAssignment(domains: readonly (readonly number[])[], f: (values: readonly number[]) => void): void {
  const n = domains.length;
  if (domains.some((d) => d.length === 0)) return;
  const at = new Array<number>(n).fill(0);
  const values = domains.map((d) => d[0] as number);
  for (;;) {
    f(values);
    let i = n - 1;
    while (i >= 0 && (at[i] as number) + 1 === (domains[i] as readonly number[]).length) {
      at[i] = 0;
      values[i] = (domains[i] as readonly number[])[0] as number;
      i--;
    }
    if (i < 0) return;
    at[i] = (at[i] as number) + 1;
    values[i] = (domains[i] as readonly number[])[at[i] as number] as number;
  }
}

/** A random non-empty subset of lo..hi (each value kept with probability 1 − holes), sorted. */
export function randomDomain(rng: Rng, lo = -5, hi = 5, holes = 0.3): number[] {
  const d: number[] = [];
  for (let x = lo; x <= hi; x++) if (rng.float() >= holes) d.push(x);
  if (d.length === 0) d.push(rng.int(lo, hi));
  return d;
}

/** A random range a..b inside lo..hi (for wide variables). */
export function randomRange(rng: Rng, lo = -5, hi = 5): number[] {
  const a = rng.int(lo, hi);
  return range(a, rng.int(a, hi));
}

/** Random integer coefficients in lo..hi, none zero unless lo..hi is {0}. */
export function randomCoefficients(rng: Rng, count: number, lo = -3, hi = 3): number[] {
  return Array.from({ length: count }, () => {
    const a = rng.int(lo, hi);
    return a === 0 && (lo !== 0 || hi !== 0) ? (hi > 0 ? hi : lo) : a;
  });
}

/**
 * Runs `body` on `count` seeded cases (seeds 1..count), each with its own Rng; an error names the
 * seed so a failing case can be rerun alone.
 */
export function forSeeds(count: number, body: (rng: Rng, seed: number) => void): void {
  for (let seed = 1; seed <= count; seed++) {
    try {
      body(Rng.seeded(seed), seed);
    } catch (e) {
      if (e instanceof Error) e.message = `seed ${seed}: ${e.message}`;
      throw e;
    }
  }
}
