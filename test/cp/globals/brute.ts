import { expect } from 'vitest';
import { Space } from '../../../solver/cp/space.js';
import { Rng } from '../../../solver/model/rng.js';

/**
 * Brute-force oracle for CP propagators (until the shared test/cp/oracle.ts exists): a variable's
 * initial domain is either a set of values held as a bitmask, or a range held as an interval
 * variable (created over −10000..10000 or wider, more than a bitmask window, then narrowed). Solutions are
 * enumerated with plain loops over the initial domains and the constraint's own definition.
 */
export interface Dom {
  readonly values: readonly number[];
  readonly interval: boolean;
}

/** A bitmask domain of distinct sorted values. */
export function bitmask(values: readonly number[]): Dom {
  return { values: [...new Set(values)].sort((a, b) => a - b), interval: false };
}

/** An interval domain lo..hi. */
export function interval(lo: number, hi: number): Dom {
  return { values: Array.from({ length: hi - lo + 1 }, (_, k) => lo + k), interval: true };
}

/** A random domain within lo..hi: a random subset (bitmask) or, with probability `intervalShare`, a range. */
export function randomDom(rng: Rng, lo: number, hi: number, intervalShare = 0.25): Dom {
  if (rng.float() < intervalShare) {
    const a = rng.int(lo, hi);
    const b = rng.int(lo, hi);
    return interval(Math.min(a, b), Math.max(a, b));
  }
  const values: number[] = [];
  for (let x = lo; x <= hi; x++) if (rng.float() < 0.6) values.push(x);
  if (values.length === 0) values.push(rng.int(lo, hi));
  return bitmask(values);
}

/** A Space holding one variable per domain. */
export function spaceOf(doms: readonly Dom[]): { space: Space; vars: Int32Array } {
  const space = new Space();
  const vars = Int32Array.from(doms, (d) => {
    if (!d.interval) return space.newVarOf(d.values);
    const lo = d.values[0] as number;
    const hi = d.values[d.values.length - 1] as number;
    const v = space.newVar(Math.min(lo, -10000), Math.max(hi, 10000));
    expect(space.store.hasWindow(v)).toBe(false);
    expect(space.store.setMin(v, lo) && space.store.setMax(v, hi)).toBe(true);
    return v;
  });
  return { space, vars };
}

/** Every assignment of the domains (odometer order). */
export function assignments(doms: readonly Dom[]): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length === doms.length) {
      out.push(prefix.slice());
      return;
    }
    for (const x of (doms[prefix.length] as Dom).values) {
      prefix.push(x);
      walk(prefix);
      prefix.pop();
    }
  };
  walk([]);
  return out;
}

/** The values left in v's domain. */
export function domainOf(space: Space, v: number): number[] {
  const s = space.store;
  const out: number[] = [];
  for (let x = s.min(v); x !== Infinity; x = s.next(v, x)) out.push(x);
  return out;
}

export interface OracleCase {
  doms: readonly Dom[];
  /** Posts the constraint over the variables (in the order of `doms`). */
  post(space: Space, vars: Int32Array): void;
  /** The constraint's definition, written independently of the propagator. */
  holds(values: readonly number[]): boolean;
  /**
   * The consistency claimed after the first fixpoint: 'domain' (every bitmask domain equals the
   * projection of the solutions, every interval's bounds equal the projection's bounds; no solution
   * means failure), 'bounds' (bounds equal the projection's, every variable), or 'none'.
   */
  consistency: 'domain' | 'bounds' | 'none';
  /** Full assignments checked for exact failure: this many solutions and as many non-solutions, at random (default 30). */
  samples?: number;
}

/**
 * Checks one case: (a) no solution removed by the first fixpoint, (c) the claimed consistency, (b)
 * at full assignments the propagator fails iff the constraint is violated, both with the variables
 * fixed before the first propagation and fixed after it (then undone, so reversible state is
 * exercised). Returns the number of solutions.
 */
export function checkCase(c: OracleCase, rng: Rng): number {
  const all = assignments(c.doms);
  const solutions = all.filter((a) => c.holds(a));
  const describe = () => JSON.stringify(c.doms.map((d) => (d.interval ? `${d.values[0]}..${d.values[d.values.length - 1]}` : d.values)));

  const { space, vars } = spaceOf(c.doms);
  c.post(space, vars);
  const failed = space.fixpoint() >= 0;
  if (failed) {
    expect(solutions, `failed with solutions on ${describe()}`).toEqual([]);
  } else {
    const projections = c.doms.map((_, i) => [...new Set(solutions.map((s) => s[i] as number))].sort((a, b) => a - b));
    projections.forEach((proj, i) => {
      const removed = proj.filter((x) => !space.store.contains(vars[i] as number, x));
      expect(removed, `values of solutions removed from var ${i} on ${describe()}`).toEqual([]);
    });
    if (c.consistency !== 'none') {
      expect(solutions.length, `no failure without solutions on ${describe()}`).toBeGreaterThan(0);
      c.doms.forEach((d, i) => {
        const proj = projections[i] as number[];
        const v = vars[i] as number;
        if (c.consistency === 'domain' && !d.interval) expect(domainOf(space, v), `var ${i} on ${describe()}`).toEqual(proj);
        else
          expect([space.store.min(v), space.store.max(v)], `bounds of var ${i} on ${describe()}`).toEqual([proj[0], proj[proj.length - 1]]);
      });
    }
  }

  const others = all.filter((a) => !c.holds(a));
  const picked: number[][] = [];
  for (const pool of [solutions, others])
    for (let k = 0; k < (c.samples ?? 30) && pool.length > 0; k++) picked.push(pool[rng.int(0, pool.length - 1)] as number[]);
  for (const a of picked) {
    const ok = c.holds(a);
    // Fixed before the first propagation.
    const before = spaceOf(c.doms);
    for (let i = 0; i < a.length; i++) before.space.store.fix(before.vars[i] as number, a[i] as number);
    c.post(before.space, before.vars);
    expect(before.space.fixpoint() < 0, `fixed first at ${a} on ${describe()}`).toBe(ok);
    // Fixed after it, one variable at a time, then undone.
    if (!failed) {
      const mark = space.store.mark();
      let alive = true;
      for (let i = 0; alive && i < a.length; i++) alive = space.store.fix(vars[i] as number, a[i] as number) && space.fixpoint() < 0;
      expect(alive, `fixed after at ${a} on ${describe()}`).toBe(ok);
      space.store.undo(mark);
    }
  }
  return solutions.length;
}

/** Runs `trials` random cases from `make`; returns how many had solutions (so a test can check both kinds occurred). */
export function runOracle(seed: number, trials: number, make: (rng: Rng) => OracleCase): { sat: number; unsat: number } {
  const rng = Rng.seeded(seed);
  let sat = 0;
  for (let t = 0; t < trials; t++) if (checkCase(make(rng), rng) > 0) sat++;
  return { sat, unsat: trials - sat };
}
