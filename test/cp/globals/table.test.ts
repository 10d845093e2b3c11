import { describe, expect, it } from 'vitest';
import { CP_EXPENSIVE, EV_BOUNDS, EV_DOMAIN, EV_FIX, Space } from '../../../solver/cp/index.js';
import { CompactTable, TABLE_STAR } from '../../../solver/cp/propagators/compact-table.js';
import { LinearLe } from '../../../solver/cp/propagators/linear.js';
import { NegativeTable } from '../../../solver/cp/propagators/negative-table.js';
import type { Rng } from '../../../solver/model/rng.js';
import { forSeeds } from '../oracle.js';
import { type Dom, type GlobalCase, randomDom, runOracle } from './cases.js';

/** A random table over `doms` (values from slightly outside the domains too, some `*` when `stars`). */
function randomRows(rng: Rng, doms: readonly Dom[], stars: boolean): number[] {
  const rows: number[] = [];
  // Up to 80 rows, so currTable often spans several words.
  const count = rng.float() < 0.5 ? rng.int(0, 12) : rng.int(13, 80);
  for (let r = 0; r < count; r++)
    for (const d of doms) {
      if (stars && rng.float() < 0.2) rows.push(TABLE_STAR);
      else rows.push(rng.float() < 0.9 ? (d.values[rng.int(0, d.values.length - 1)] as number) : rng.int(-6, 6));
    }
  return rows;
}

function rowMatches(rows: readonly number[], n: number, values: readonly number[]): boolean {
  for (let r = 0; r < rows.length; r += n) if (values.every((x, i) => rows[r + i] === TABLE_STAR || rows[r + i] === x)) return true;
  return false;
}

function tableCase(rng: Rng, negative: boolean, stars: boolean, intervalShare: number): GlobalCase {
  const n = rng.int(1, 4);
  const doms = Array.from({ length: n }, () => randomDom(rng, -4, 4, intervalShare));
  const rows = randomRows(rng, doms, stars);
  return {
    doms,
    post(space: Space, vars: Int32Array) {
      if (negative) {
        const id = space.post(new NegativeTable(vars, Int32Array.from(rows)));
        for (const v of vars) space.watch(id, v, EV_FIX);
      } else {
        const id = space.post(new CompactTable(space.store, vars, Int32Array.from(rows)), CP_EXPENSIVE);
        for (const v of vars) space.watch(id, v, EV_DOMAIN);
      }
    },
    holds: (values: readonly number[]) => rowMatches(rows, n, values) !== negative,
    claims: negative ? 'none' : 'domain',
  };
}

describe('CompactTable (positive table)', () => {
  it('is domain consistent on random tables, bitmask and interval variables, against brute force', () => {
    const { sat, unsat } = runOracle(200, (rng) => tableCase(rng, false, false, 0.3));
    expect(sat).toBeGreaterThan(50);
    expect(unsat).toBeGreaterThan(5);
  });

  it('with * entries (short tables)', () => {
    const { sat, unsat } = runOracle(200, (rng) => tableCase(rng, false, true, 0.3));
    expect(sat).toBeGreaterThan(50);
    expect(unsat).toBeGreaterThan(4);
  });

  it('keeps its sparse bitset right across decisions and backtracks', () => {
    // x, y, z in 0..3 with 42 rows (two words of currTable); narrow, propagate, undo, repeat.
    const rows: number[] = [];
    for (let x = 0; x < 4; x++) for (let y = 0; y < 4; y++) for (let z = 0; z < 4; z++) if ((x + y + z) % 3 !== 0) rows.push(x, y, z);
    const space = new Space();
    const vars = Int32Array.from([0, 1, 2], () => space.newVar(0, 3));
    const id = space.post(new CompactTable(space.store, vars, Int32Array.from(rows)), CP_EXPENSIVE);
    for (const v of vars) space.watch(id, v, EV_DOMAIN);
    expect(space.fixpoint()).toBe(-1);
    const s = space.store;
    for (let x = 0; x < 4; x++) {
      const m = s.mark();
      expect(s.fix(vars[0] as number, x)).toBe(true);
      expect(space.fixpoint()).toBe(-1);
      for (let y = 0; y < 4; y++) {
        const m2 = s.mark();
        expect(s.fix(vars[1] as number, y)).toBe(true);
        expect(space.fixpoint()).toBe(-1);
        const zs = [0, 1, 2, 3].filter((z) => (x + y + z) % 3 !== 0);
        expect([s.min(vars[2] as number), s.max(vars[2] as number)]).toEqual([zs[0], zs[zs.length - 1]]);
        expect(s.domSize(vars[2] as number)).toBe(zs.length);
        s.undo(m2);
      }
      s.undo(m);
    }
  });
});

describe('CompactTable incremental state', () => {
  it('shares bitsets between tables on one rows array only where the same rows are valid', () => {
    // Three tables on one rows array (as an XCSP3 group posts them): the second sees fewer rows
    // valid (its second variable in 0..1), the third the first one's; each is compared with brute force.
    const rows: number[] = [];
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) if ((a * b) % 4 !== 1) rows.push(a, b);
    const shared = Int32Array.from(rows);
    const space = new Space();
    const doms = [3, 3, 3, 1, 3, 3];
    const vars = Int32Array.from(doms, (hi) => space.newVar(0, hi));
    for (let t = 0; t < 3; t++) {
      const id = space.post(new CompactTable(space.store, vars.subarray(2 * t, 2 * t + 2), shared), CP_EXPENSIVE);
      for (const v of vars.subarray(2 * t, 2 * t + 2)) space.watch(id, v, EV_DOMAIN);
    }
    const s = space.store;
    expect(s.remove(vars[5] as number, 1)).toBe(true);
    expect(space.fixpoint()).toBe(-1);
    for (let t = 0; t < 3; t++) {
      const [x, y] = [vars[2 * t] as number, vars[2 * t + 1] as number];
      for (let a = 0; a < 4; a++) {
        let any = false;
        for (let r = 0; r < rows.length; r += 2) any ||= rows[r] === a && s.contains(y, rows[r + 1] as number);
        expect(s.contains(x, a)).toBe(any && a <= (doms[2 * t] as number));
      }
    }
  });

  it('clears the rows of a value another column of the same variable removed', () => {
    // Scope (x, x, y), x in 0..2, y in 0..1: column 0 removes x = 0 (no row names it there) while
    // column 1 still has the row (1, 0, 1). After y = 1 only that row meets y, and it must go with x = 0.
    const space = new Space();
    const x = space.newVar(0, 2);
    const y = space.newVar(0, 1);
    const id = space.post(new CompactTable(space.store, Int32Array.of(x, x, y), Int32Array.of(1, 0, 1, 1, 1, 0, 2, 2, 0)), CP_EXPENSIVE);
    space.watch(id, x, EV_DOMAIN);
    space.watch(id, y, EV_DOMAIN);
    expect(space.fixpoint()).toBe(-1);
    expect(space.store.contains(x, 0)).toBe(false);
    expect(space.store.fix(y, 1)).toBe(true);
    expect(space.fixpoint()).not.toBe(-1);
  });

  it('removes no solution with a variable in two columns (filtering one column removes from the other)', () => {
    const { sat, unsat } = runOracle(200, (rng) => {
      const n = rng.int(1, 3);
      const doms = Array.from({ length: n }, () => randomDom(rng, -4, 4, 0));
      const cols = Array.from({ length: n + 1 }, (_, c) => (c < n ? c : rng.int(0, n - 1)));
      const rows = randomRows(
        rng,
        cols.map((c) => doms[c] as Dom),
        rng.float() < 0.5,
      );
      return {
        doms,
        post(space: Space, vars: Int32Array) {
          const scope = Int32Array.from(cols, (c) => vars[c] as number);
          const id = space.post(new CompactTable(space.store, scope, Int32Array.from(rows)), CP_EXPENSIVE);
          for (const v of vars) space.watch(id, v, EV_DOMAIN);
        },
        holds: (values: readonly number[]) =>
          rowMatches(
            rows,
            n + 1,
            cols.map((c) => values[c] as number),
          ),
        claims: 'none',
      };
    });
    expect(sat).toBeGreaterThan(40);
    expect(unsat).toBeGreaterThan(4);
  });

  it('filters every variable on its first call, also when only one variable has changed', () => {
    // One column, so the first call sees one changed variable: the values no row names must still go.
    const space = new Space();
    const v = space.newVar(0, 4);
    const id = space.post(new CompactTable(space.store, Int32Array.of(v), Int32Array.of(1, 3, 3)), CP_EXPENSIVE);
    space.watch(id, v, EV_DOMAIN);
    expect(space.fixpoint()).toBe(-1);
    expect([space.store.domSize(v), space.store.min(v), space.store.max(v)]).toEqual([2, 1, 3]);
  });

  it('counts the lost values from the domain at the last update, across backtracks', () => {
    // x, y in 0..5 with x + y ≠ 5, z = (x + y) mod 3: remove values one or many at a time at nested
    // marks (so both the lost-value and the kept-value update run), compare z with brute force.
    const rows: number[] = [];
    for (let x = 0; x < 6; x++) for (let y = 0; y < 6; y++) if (x + y !== 5) rows.push(x, y, (x + y) % 3);
    const space = new Space();
    const vars = Int32Array.from([0, 1, 2], () => space.newVar(0, 5));
    const id = space.post(new CompactTable(space.store, vars, Int32Array.from(rows)), CP_EXPENSIVE);
    for (const v of vars) space.watch(id, v, EV_DOMAIN);
    const s = space.store;
    const [x, y, z] = vars as unknown as [number, number, number];
    expect(space.fixpoint()).toBe(-1);
    for (let a = 0; a < 6; a++) {
      const m = s.mark();
      for (let k = 0; k < a; k++) s.remove(x, k);
      expect(space.fixpoint()).toBe(-1);
      for (let b = 0; b < 6; b++) {
        const m2 = s.mark();
        expect(s.remove(y, b)).toBe(true);
        expect(space.fixpoint()).toBe(-1);
        const zs = new Set<number>();
        for (let xv = a; xv < 6; xv++) for (let yv = 0; yv < 6; yv++) if (yv !== b && xv + yv !== 5) zs.add((xv + yv) % 3);
        for (let zv = 0; zv < 6; zv++) expect(s.contains(z, zv)).toBe(zs.has(zv));
        s.undo(m2);
      }
      s.undo(m);
    }
  });
});

describe('NegativeTable', () => {
  it('removes no solution and fails exactly on forbidden full assignments, with and without *', () => {
    const { sat, unsat } = runOracle(200, (rng) => tableCase(rng, true, rng.float() < 0.5, 0.3));
    expect(sat).toBeGreaterThan(100);
    expect(unsat).toBeGreaterThan(0);
  });
});

describe('CompactTable rows pre-filtered by the propagators within its scope (Space.within, Space.admits)', () => {
  /**
   * A table over n variables posted after Σ a·x ≤ c and a table on some of them (the sum advised:
   * its sums live in cells); a third propagator also reaches a variable outside.
   */
  function filteredCase(rng: Rng) {
    const n = rng.int(2, 4);
    const doms = Array.from({ length: n + 1 }, () => randomDom(rng, -3, 3, 0.3));
    const first = rng.int(0, n - 1);
    const sub = Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => i === first || rng.float() < 0.5));
    const a = Float64Array.from(sub, () => rng.int(-2, 2));
    const c = rng.int(-2, 3);
    const inner = randomRows(
      rng,
      Array.from(sub, (i) => doms[i] as Dom),
      false,
    );
    const rows = randomRows(rng, doms.slice(0, n), false);
    const inSub = (values: readonly number[]) => Array.from(sub, (i) => values[i] as number);
    const within = (values: readonly number[]) =>
      inSub(values).reduce((t, x, k) => t + (a[k] as number) * x, 0) <= c && rowMatches(inner, sub.length, inSub(values));
    const post = (space: Space, vars: Int32Array): number[] => {
      const x = Int32Array.from(sub, (i) => vars[i] as number);
      const le = new LinearLe(a, x, c).postAdvised(space, EV_BOUNDS);
      const t = space.post(new CompactTable(space.store, x, Int32Array.from(inner)), CP_EXPENSIVE);
      for (const v of x) space.watch(t, v, EV_DOMAIN);
      const outside = space.post(new LinearLe(Float64Array.of(1, 1), Int32Array.of(vars[0] as number, vars[n] as number), 10));
      space.watch(outside, vars[0] as number, EV_BOUNDS);
      space.watch(outside, vars[n] as number, EV_BOUNDS);
      return [le, t];
    };
    return { n, doms, rows, within, post };
  }

  it('within names exactly the propagators inside the scope; admits agrees with brute force on every row', () => {
    let dropped = 0;
    forSeeds(200, (rng) => {
      const k = filteredCase(rng);
      const space = new Space();
      const vars = Int32Array.from(k.doms, (d) =>
        d.wide ? space.newVar(d.values[0] as number, d.values[d.values.length - 1] as number) : space.newVarOf(d.values),
      );
      const ids = k.post(space, vars);
      const scope = vars.subarray(0, k.n);
      const inside = space.within(scope);
      expect(Array.from(inside)).toEqual(ids);
      const before = JSON.stringify(Array.from(vars, (v) => [space.store.min(v), space.store.max(v), space.store.domSize(v)]));
      for (let at = 0; at < k.rows.length; at += k.n) {
        const row = k.rows.slice(at, at + k.n);
        const want = row.every((x, i) => (k.doms[i] as Dom).values.includes(x)) && k.within(row);
        expect(space.admits(inside, scope, Int32Array.from(k.rows), at), JSON.stringify(row)).toBe(want);
        if (!want) dropped++;
      }
      expect(JSON.stringify(Array.from(vars, (v) => [space.store.min(v), space.store.max(v), space.store.domSize(v)]))).toBe(before);
    });
    expect(dropped).toBeGreaterThan(200);
  });

  it('a table built with them keeps every solution and is exact on full assignments (oracle)', () => {
    runOracle(200, (rng) => {
      const k = filteredCase(rng);
      return {
        doms: k.doms,
        post(space: Space, vars: Int32Array) {
          k.post(space, vars);
          const scope = vars.slice(0, k.n);
          const rows = Int32Array.from(k.rows);
          const inside = space.within(scope);
          const id = space.post(new CompactTable(space.store, scope, rows, (at) => space.admits(inside, scope, rows, at)), CP_EXPENSIVE);
          for (const v of scope) space.watch(id, v, EV_DOMAIN);
        },
        holds: (values: readonly number[]) =>
          rowMatches(k.rows, k.n, values.slice(0, k.n)) && k.within(values) && (values[0] as number) + (values[k.n] as number) <= 10,
        claims: 'none',
      };
    });
  });
});
