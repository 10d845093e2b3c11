import { describe, expect, it } from 'vitest';
import { BITMASK_SPAN, EV_BOUNDS, EV_DOMAIN, EV_FIX, INT_MAX, INT_MIN, IntStore } from '../../solver/cp/int-store.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * IntStore against a plain model: a Set of values for a bitmask variable, bounds for an interval
 * variable (where removing an interior value changes nothing). Random narrowings at random trail
 * depths; after every step the touched variable is compared value by value and every variable's
 * bounds and size, and the strongest event reported must be the one the change calls for.
 */

/** A variable's domain in the model: `set` for a bitmask variable, null for an interval one. */
interface Dom {
  lo: number;
  hi: number;
  set: Set<number> | null;
}

function copy(d: Dom): Dom {
  return { lo: d.lo, hi: d.hi, set: d.set ? new Set(d.set) : null };
}

function fromSet(set: Set<number>): Dom | null {
  if (set.size === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of set) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return { lo, hi, set };
}

function size(d: Dom): number {
  return d.set ? d.set.size : d.hi - d.lo + 1;
}

function has(d: Dom, x: number): boolean {
  return d.set ? d.set.has(x) : x >= d.lo && x <= d.hi;
}

/** The model's result of keeping only values satisfying `keep` (null: empty). Interval: exact bounds. */
function keepOnly(d: Dom, keep: (x: number) => boolean, intervalFilter: (d: Dom) => Dom | null): Dom | null {
  if (d.set) return fromSet(new Set([...d.set].filter(keep)));
  return intervalFilter(d);
}

function bounded(lo: number, hi: number): Dom | null {
  return lo <= hi ? { lo, hi, set: null } : null;
}

/** The event a change from a to b calls for (0: none). */
function expectedEvent(a: Dom, b: Dom): number {
  if (a.lo === b.lo && a.hi === b.hi && size(a) === size(b)) return 0;
  if (b.lo === b.hi) return EV_FIX;
  if (a.lo !== b.lo || a.hi !== b.hi) return EV_BOUNDS;
  return EV_DOMAIN;
}

function checkVar(s: IntStore, v: number, d: Dom, full: boolean, rng: Rng): void {
  expect([s.min(v), s.max(v), s.domSize(v), s.isFixed(v)]).toEqual([d.lo, d.hi, size(d), d.lo === d.hi]);
  if (!full) return;
  if (d.set) {
    const sorted = [...d.set].sort((x, y) => x - y);
    const from = (sorted[0] as number) - 40;
    const to = (sorted[sorted.length - 1] as number) + 40;
    // A wide domain: every value near its ends and in one random stretch (keeps the test fast).
    const mid = rng.int(from, to);
    const skip = (x: number) => to - from > 600 && x > from + 200 && x < to - 200 && Math.abs(x - mid) > 100;
    let i = 0;
    for (let x = from; x <= to; x++) {
      while (i < sorted.length && (sorted[i] as number) <= x) i++;
      if (skip(x)) continue;
      // sorted[i] is the first value > x; sorted[i-1] the last ≤ x.
      const next = i < sorted.length ? (sorted[i] as number) : Infinity;
      const below = sorted[i - 1] === x ? i - 2 : i - 1;
      const prev = below >= 0 ? (sorted[below] as number) : -Infinity;
      const got = [s.contains(v, x), s.next(v, x), s.prev(v, x)];
      if (got[0] !== d.set.has(x) || got[1] !== next || got[2] !== prev) expect([x, ...got]).toEqual([x, d.set.has(x), next, prev]);
    }
  } else {
    const probes = [d.lo - 1, d.lo, d.lo + 1, d.hi - 1, d.hi, d.hi + 1, rng.int(d.lo, d.hi)];
    for (const x of probes) {
      const next = x < d.lo ? d.lo : x >= d.hi ? Infinity : x + 1;
      const prev = x > d.hi ? d.hi : x <= d.lo ? -Infinity : x - 1;
      expect([x, s.contains(v, x), s.next(v, x), s.prev(v, x)]).toEqual([x, has(d, x), next, prev]);
    }
  }
}

/** A random variable: bitmask or interval, by range or by value list. */
function newRandomVar(s: IntStore, rng: Rng): Dom {
  const kind = rng.int(0, 5);
  const base = rng.int(-5000, 5000);
  if (kind <= 1) {
    const span = kind === 0 ? rng.int(1, 80) : rng.int(BITMASK_SPAN - 40, BITMASK_SPAN);
    s.newVar(base, base + span - 1);
    return { lo: base, hi: base + span - 1, set: new Set(Array.from({ length: span }, (_, k) => base + k)) };
  }
  if (kind === 2) {
    const values: number[] = [];
    // Up to 3 words (size counted) or 10 (size kept in a cell).
    const span = rng.int(0, 1) ? 90 : 300;
    for (let x = base; x < base + span; x++) if (rng.int(0, 2) === 0) values.push(x);
    if (values.length === 0) values.push(base);
    s.newVarOf(values);
    return fromSet(new Set(values)) as Dom;
  }
  if (kind === 3) {
    // A wide value list: an interval over its first..last value.
    s.newVarOf([base - 3000, base, base + 2000]);
    return { lo: base - 3000, hi: base + 2000, set: null };
  }
  const span = kind === 4 ? BITMASK_SPAN + 1 : rng.int(BITMASK_SPAN + 1, 30000);
  s.newVar(base, base + span - 1);
  return { lo: base, hi: base + span - 1, set: null };
}

function runRandom(seed: number, steps: number): void {
  const rng = Rng.seeded(seed);
  const s = new IntStore();
  let events: number[] = [];
  s.onChange = (v, ev) => {
    events[v] = Math.max(events[v] ?? 0, ev);
  };
  const n = rng.int(1, 6);
  let doms: Dom[] = [];
  for (let i = 0; i < n; i++) doms.push(newRandomVar(s, rng));
  const cells = s.newCells(3);
  let cellModel = [0, 0, 0];
  const stack: { mark: number; doms: Dom[]; cells: number[] }[] = [{ mark: s.mark(), doms: doms.map(copy), cells: [...cellModel] }];
  for (let step = 0; step < steps; step++) {
    const op = rng.int(0, 9);
    if (op === 0) {
      stack.push({ mark: s.mark(), doms: doms.map(copy), cells: [...cellModel] });
      continue;
    }
    if (op === 1) {
      const depth = rng.int(0, stack.length - 1);
      stack.length = depth + 1;
      const top = stack[depth] as (typeof stack)[number];
      s.undo(top.mark);
      doms = top.doms.map(copy);
      cellModel = [...top.cells];
      for (let v = 0; v < n; v++) checkVar(s, v, doms[v] as Dom, v === 0, rng);
      expect(Array.from(s.cell.subarray(cells, cells + 3))).toEqual(cellModel);
      continue;
    }
    if (op === 2) {
      const i = rng.int(0, 2);
      const x = rng.int(-3, 3);
      s.setCell(cells + i, x);
      cellModel[i] = x;
      expect(Array.from(s.cell.subarray(cells, cells + 3))).toEqual(cellModel);
      continue;
    }
    const v = rng.int(0, n - 1);
    const d = doms[v] as Dom;
    const near = () => rng.int(d.lo - 3, d.hi + 3);
    const x = rng.int(0, 3) === 0 ? near() : rng.int(0, 1) ? rng.int(d.lo - 2, d.lo + 4) : rng.int(d.hi - 4, d.hi + 2);
    let ok: boolean;
    let want: Dom | null;
    let what: string;
    events = [];
    if (op === 3) {
      what = `setMin ${x}`;
      ok = s.setMin(v, x);
      want = keepOnly(
        d,
        (y) => y >= x,
        (e) => bounded(Math.max(e.lo, x), e.hi),
      );
    } else if (op === 4) {
      what = `setMax ${x}`;
      ok = s.setMax(v, x);
      want = keepOnly(
        d,
        (y) => y <= x,
        (e) => bounded(e.lo, Math.min(e.hi, x)),
      );
    } else if (op === 5) {
      const y = rng.int(0, 2) === 0 ? near() : x;
      what = `fix ${y}`;
      ok = s.fix(v, y);
      want = has(d, y) ? { lo: y, hi: y, set: d.set ? new Set([y]) : null } : null;
    } else if (op <= 7) {
      what = `remove ${x}`;
      ok = s.remove(v, x);
      want = keepOnly(
        d,
        (y) => y !== x,
        (e) => (x === e.lo ? bounded(e.lo + 1, e.hi) : x === e.hi ? bounded(e.lo, e.hi - 1) : e),
      );
    } else {
      // A mask at the variable's own window base half the time (the word-AND path), else anywhere near.
      const initBase = (stack[0] as (typeof stack)[number]).doms[v]?.lo as number;
      const mBase = rng.int(0, 1) === 0 ? initBase : near() - rng.int(0, 40);
      const words = rng.int(1, Math.max(1, Math.min(140, Math.ceil((d.hi - mBase + 1) / 32) + 1)));
      const offset = rng.int(0, 2);
      const mask = new Uint32Array(offset + words);
      const density = rng.int(0, 3);
      for (let k = 0; k < words; k++) {
        let word = 0;
        for (let b = 0; b < 32; b++) if (rng.int(0, 3) < density || (density === 0 && rng.int(0, 60) === 0)) word |= 1 << b;
        mask[offset + k] = word >>> 0;
      }
      const inMask = (y: number) =>
        y >= mBase && y < mBase + words * 32 && ((mask[offset + ((y - mBase) >>> 5)] as number) >>> ((y - mBase) & 31)) & 1;
      what = `intersect base ${mBase} words ${words}`;
      ok = s.intersect(v, mask, offset, mBase, words);
      want = keepOnly(
        d,
        (y) => inMask(y) === 1,
        (e) => {
          let a = Math.max(e.lo, mBase);
          const end = Math.min(e.hi, mBase + words * 32 - 1);
          while (a <= end && !inMask(a)) a++;
          let b = end;
          while (b >= a && !inMask(b)) b--;
          return bounded(a, b);
        },
      );
    }
    expect([seed, step, what, ok]).toEqual([seed, step, what, want !== null]);
    if (want === null) {
      // A failed narrowing leaves the store to be undone: back to the last mark.
      const top = stack[stack.length - 1] as (typeof stack)[number];
      s.undo(top.mark);
      doms = top.doms.map(copy);
      cellModel = [...top.cells];
      continue;
    }
    expect([seed, step, what, events[v] ?? 0]).toEqual([seed, step, what, expectedEvent(d, want)]);
    expect(events.filter((e, u) => e !== undefined && u !== v)).toEqual([]);
    doms[v] = want;
    checkVar(s, v, want, true, rng);
    for (let u = 0; u < n; u++) checkVar(s, u, doms[u] as Dom, false, rng);
  }
}

describe('IntStore', () => {
  it('agrees with a set model under random narrowings, marks and undos', () => {
    for (let seed = 1; seed <= 30; seed++) runRandom(seed, 300);
  });

  it('clamps to INT_MIN..INT_MAX and keeps a wide range as an interval', () => {
    const s = new IntStore();
    const v = s.newVar(-(2 ** 40), 2 ** 40);
    expect([s.min(v), s.max(v), s.hasWindow(v)]).toEqual([INT_MIN, INT_MAX, false]);
    expect(s.remove(v, 0)).toBe(true);
    expect(s.contains(v, 0)).toBe(true);
    expect(s.setMax(v, INT_MIN)).toBe(true);
    expect(s.isFixed(v)).toBe(true);
    const w = s.newVarOf([-(2 ** 40), 3, 5, 2 ** 40]);
    expect([s.min(w), s.max(w), s.domSize(w), s.hasWindow(w)]).toEqual([3, 5, 2, true]);
  });

  it('rounds fractional bounds inwards and stores −0 as 0', () => {
    const s = new IntStore();
    for (const wide of [false, true]) {
      const v = wide ? s.newVar(-10000, 10000) : s.newVar(-10, 10);
      expect([s.setMin(v, -2.5), s.setMax(v, 2.5), s.min(v), s.max(v)]).toEqual([true, true, -2, 2]);
      expect(s.setMax(v, -1.5) && s.setMin(v, -1.5)).toBe(false);
      const w = wide ? s.newVar(-10000, 10000) : s.newVar(-10, 10);
      expect([s.setMin(w, -0), s.setMax(w, Math.ceil(-0.5))]).toEqual([true, true]);
      expect([Object.is(s.min(w), 0), Object.is(s.max(w), 0)]).toEqual([true, true]);
      const u = wide ? s.newVar(-10000, 10000) : s.newVar(-10, 10);
      expect(s.fix(u, -0) && Object.is(s.value(u), 0)).toBe(true);
    }
  });

  it('gives an empty variable for an empty range', () => {
    const s = new IntStore();
    expect(s.domSize(s.newVar(1, 0))).toBeLessThanOrEqual(0);
    expect(s.domSize(s.newVarOf([]))).toBeLessThanOrEqual(0);
  });
});
