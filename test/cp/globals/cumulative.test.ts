import { describe, expect, it } from 'vitest';
import { EV_BOUNDS, Space } from '../../../solver/cp/index.js';
import { Cumulative } from '../../../solver/cp/propagators/cumulative.js';
import type { Rng } from '../../../solver/model/rng.js';
import { type Dom, randomDom, runOracle } from './cases.js';

/** The resource use never exceeds b, checked at every time point any task covers. */
function fits(s: readonly number[], d: readonly number[], r: readonly number[], b: number): boolean {
  for (let i = 0; i < s.length; i++)
    for (let t = s[i] as number; t < (s[i] as number) + (d[i] as number); t++) {
      let use = 0;
      for (let j = 0; j < s.length; j++) if ((s[j] as number) <= t && t < (s[j] as number) + (d[j] as number)) use += r[j] as number;
      if (use > b) return false;
    }
  return true;
}

/** A fixed value (usually) or a small random domain. */
function maybeFixed(rng: Rng, lo: number, hi: number, fixedShare: number): Dom {
  return rng.float() < fixedShare ? { values: [rng.int(lo, hi)], wide: false } : randomDom(rng, lo, hi, 0.3);
}

function post(space: Space, vars: Int32Array, n: number): number {
  const id = space.post(new Cumulative(vars.slice(0, n), vars.slice(n, 2 * n), vars.slice(2 * n, 3 * n), vars[3 * n] as number));
  for (const v of vars) space.watch(id, v, EV_BOUNDS);
  return id;
}

describe('Cumulative (time-tabling)', () => {
  it('removes no solution and fails exactly on full assignments, fixed and variable durations and resources', () => {
    const { sat, unsat } = runOracle(200, (rng) => {
      const n = rng.int(1, 3);
      // Three tasks get fixed durations and resources, so brute force stays small.
      const fixedShare = n === 3 ? 1 : 0.7;
      const doms = [
        ...Array.from({ length: n }, () => randomDom(rng, 0, 4, 0.4)),
        // Durations below 0 mean the task uses nothing (MiniZinc's decompositions).
        ...Array.from({ length: n }, () => maybeFixed(rng, -1, 3, fixedShare)),
        ...Array.from({ length: n }, () => maybeFixed(rng, 0, 2, fixedShare)),
        randomDom(rng, 0, 3, 0.3),
      ];
      return {
        doms,
        post: (space: Space, vars: Int32Array) => void post(space, vars, n),
        holds: (v: readonly number[]) => fits(v.slice(0, n), v.slice(n, 2 * n), v.slice(2 * n, 3 * n), v[3 * n] as number),
        claims: 'none',
      };
    });
    expect(sat).toBeGreaterThan(80);
    expect(unsat).toBeGreaterThan(5);
  });

  it('pushes a task out of the compulsory part of another', () => {
    // Task A: start 2..3, duration 3, so [3, 5) is surely busy. Task B (duration 2) in 0..6 with
    // capacity 1 must finish by 3 or start at 5 or later: time-tabling moves its bounds only.
    const space = new Space();
    const s = [space.newVar(2, 3), space.newVar(0, 6)];
    const d = [space.newVar(3, 3), space.newVar(2, 2)];
    const r = [space.newVar(1, 1), space.newVar(1, 1)];
    const b = space.newVar(1, 1);
    post(space, Int32Array.from([...s, ...d, ...r, b]), 2);
    expect(space.fixpoint()).toBe(-1);
    expect([space.store.min(s[1] as number), space.store.max(s[1] as number)]).toEqual([0, 6]);
    // Now B cannot start before 2: it must start at 5 or later.
    expect(space.store.setMin(s[1] as number, 2)).toBe(true);
    expect(space.fixpoint()).toBe(-1);
    expect([space.store.min(s[1] as number), space.store.max(s[1] as number)]).toEqual([5, 6]);
    // And A, once B is at 5..6, keeps its own part: still 2..3.
    expect([space.store.min(s[0] as number), space.store.max(s[0] as number)]).toEqual([2, 3]);
  });

  it("caps a task's resource use by what the others leave over its compulsory part", () => {
    // A uses 2 of 3 over [0, 3); B (start 1..2, duration 3) surely runs over [2, 4): at most 1 left.
    // C (start 4..6) has no compulsory part meeting A's and keeps 0..3.
    const space = new Space();
    const s = [space.newVar(0, 0), space.newVar(1, 2), space.newVar(4, 6)];
    const d = [space.newVar(3, 3), space.newVar(3, 3), space.newVar(1, 1)];
    const r = [space.newVar(2, 2), space.newVar(0, 3), space.newVar(0, 3)];
    post(space, Int32Array.from([...s, ...d, ...r, space.newVar(3, 3)]), 3);
    expect(space.fixpoint()).toBe(-1);
    expect([space.store.min(r[1] as number), space.store.max(r[1] as number)]).toEqual([0, 1]);
    expect([space.store.min(r[2] as number), space.store.max(r[2] as number)]).toEqual([0, 3]);
  });

  it('raises the capacity to the profile peak', () => {
    // Both tasks surely run over [2, 3): the capacity is at least 1 + 2.
    const space = new Space();
    const vars = [space.newVar(1, 2), space.newVar(0, 2), space.newVar(2, 2), space.newVar(3, 3), space.newVar(1, 1), space.newVar(2, 2)];
    const b = space.newVar(0, 5);
    post(space, Int32Array.from([...vars, b]), 2);
    expect(space.fixpoint()).toBe(-1);
    expect(space.store.min(b)).toBe(3);
  });

  it('fails on an overload no compulsory part shows', () => {
    // Three tasks of 2 time units on a unary resource, all starting in 0..3: 6 units of work in the
    // window [0, 5). No task has a compulsory part (each start range is wider than its duration).
    const space = new Space();
    const s = [0, 1, 2].map(() => space.newVar(0, 3));
    const rest = [2, 2, 2, 1, 1, 1].map((x) => space.newVar(x, x));
    const id = post(space, Int32Array.from([...s, ...rest, space.newVar(1, 1)]), 3);
    expect(space.fixpoint()).toBe(id);
  });
});
