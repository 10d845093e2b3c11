import { describe, expect, it } from 'vitest';
import { Space } from '../../../solver/cp/index.js';
import { Rng } from '../../../solver/model/rng.js';
import { arr, builtin, check, lit, randomSpec, range, ref, rootDomains, tally, type VarSpec } from './check.js';

/** Random nonzero coefficients in −3..3. */
function coefficients(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => (rng.int(0, 1) ? 1 : -1) * rng.int(1, 3));
}

const dot = (a: readonly number[], x: readonly number[]) => a.reduce((s, ai, i) => s + ai * (x[i] as number), 0);

/**
 * Bounds(R) consistency of Σ a·x = c, computed naively: drop a bound value while the other
 * variables, taking real values between their bounds, cannot complete it.
 */
function boundsR(a: readonly number[], c: number): (initial: readonly (readonly number[])[]) => number[][] | null {
  return (initial) => {
    const d = initial.map((v) => [...v]);
    const term = (i: number, which: 'lo' | 'hi') => {
      const x = d[i] as number[];
      const ai = a[i] as number;
      const ends = [ai * (x[0] as number), ai * (x[x.length - 1] as number)];
      return which === 'lo' ? Math.min(...ends) : Math.max(...ends);
    };
    const supported = (i: number, v: number) => {
      let lo = 0;
      let hi = 0;
      for (let j = 0; j < d.length; j++)
        if (j !== i) {
          lo += term(j, 'lo');
          hi += term(j, 'hi');
        }
      const need = c - (a[i] as number) * v;
      return need >= lo && need <= hi;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 0; i < d.length; i++) {
        const x = d[i] as number[];
        const before = x.length;
        while (x.length > 0 && !supported(i, x[0] as number)) x.shift();
        while (x.length > 0 && !supported(i, x[x.length - 1] as number)) x.pop();
        if (x.length < before) changed = true;
        if (x.length === 0) return null;
      }
    }
    return d;
  };
}

function boolSpec(rng: Rng): VarSpec {
  const k = rng.int(0, 3);
  return { values: k === 0 ? [0] : k === 1 ? [1] : [0, 1] };
}

describe('linear constraints against brute force', () => {
  for (const interval of [false, true]) {
    const kind = interval ? 'interval' : 'bitmask';
    it(`int_lin_le (domain consistent), _reif and _imp on ${kind} variables`, () => {
      const rng = Rng.seeded(interval ? 21 : 20);
      const outcomes = [0, 0];
      for (let t = 0; t < 100; t++) {
        const n = rng.int(1, 3);
        const a = coefficients(rng, n);
        const c = rng.int(-6, 6);
        const specs = Array.from({ length: n }, () => randomSpec(rng, -3, 3, interval));
        const args = [arr(a.map(lit)), arr(specs.map((_, i) => ref(i))), lit(c)];
        const dc = 'domain' as const;
        const sat = check(specs, builtin('int_lin_le', args), (x) => dot(a, x) <= c, dc, `int_lin_le ${a} ${c}`);
        tally(outcomes, sat);
        const withB = [...specs, boolSpec(rng)];
        const reif = [...args, ref(n)];
        check(withB, builtin('int_lin_le_reif', reif), (x) => (x[n] === 1) === dot(a, x) <= c, dc, `int_lin_le_reif ${a} ${c}`);
        check(withB, builtin('int_lin_le_imp', reif), (x) => x[n] === 0 || dot(a, x) <= c, dc, `int_lin_le_imp ${a} ${c}`);
      }
      expect(Math.min(...outcomes)).toBeGreaterThan(8);
    });

    it(`int_lin_eq (bounds(R) consistent; a·(x − y) = c domain consistent), int_lin_ne (domain consistent), their _reif and _imp on ${kind} variables`, () => {
      const rng = Rng.seeded(interval ? 31 : 30);
      const outcomes = [0, 0];
      let binary = 0;
      for (let t = 0; t < 100; t++) {
        // Every fourth instance is a·(x − y) = c with a dividing c.
        const pair = t % 4 === 0;
        const n = pair ? 2 : rng.int(1, 3);
        const a = coefficients(rng, n);
        if (pair) a[1] = -(a[0] as number);
        const c = pair ? (a[0] as number) * rng.int(-3, 3) : rng.int(-6, 6);
        const specs = Array.from({ length: n }, () => randomSpec(rng, -3, 3, interval));
        const args = [arr(a.map(lit)), arr(specs.map((_, i) => ref(i))), lit(c)];
        // a·(x − y) = c is posted as x = y + c/a, domain consistent; other sums are bounds(R).
        const offset = n === 2 && a[1] === -(a[0] as number) && c % (a[0] as number) === 0;
        const sat = check(specs, builtin('int_lin_eq', args), (x) => dot(a, x) === c, offset ? 'domain' : 'none', `int_lin_eq ${a} ${c}`);
        if (offset) binary++;
        else
          expect(rootDomains(specs, builtin('int_lin_eq', args)), `bounds(R) of int_lin_eq ${a} ${c}`).toEqual(
            boundsR(a, c)(specs.map((s) => s.values)),
          );
        tally(outcomes, sat);
        check(specs, builtin('int_lin_ne', args), (x) => dot(a, x) !== c, 'domain', `int_lin_ne ${a} ${c}`);
        const withB = [...specs, boolSpec(rng)];
        const reif = [...args, ref(n)];
        for (const [name, holds] of [
          ['int_lin_eq_reif', (x: readonly number[]) => (x[n] === 1) === (dot(a, x) === c)],
          ['int_lin_eq_imp', (x: readonly number[]) => x[n] === 0 || dot(a, x) === c],
          ['int_lin_ne_reif', (x: readonly number[]) => (x[n] === 1) === (dot(a, x) !== c)],
          ['int_lin_ne_imp', (x: readonly number[]) => x[n] === 0 || dot(a, x) !== c],
        ] as const)
          check(withB, builtin(name, reif), holds, 'none', `${name} ${a} ${c}`);
      }
      expect(Math.min(...outcomes)).toBeGreaterThan(8);
      expect(binary).toBeGreaterThan(3);
    });
  }

  it('merges a repeated variable and drops zero coefficients', () => {
    // x + x + 0·y = 4 leaves x = 2 and y untouched; x + x = 3 has no solution.
    const specs = [{ values: range(-4, 4) }, { values: [1, 2] }];
    const post = (c: number) => builtin('int_lin_eq', [arr([lit(1), lit(1), lit(0)]), arr([ref(0), ref(0), ref(1)]), lit(c)]);
    expect(check(specs, post(4), ([x]) => 2 * (x as number) === 4, 'domain')).toBe(2);
    expect(rootDomains(specs, post(4))).toEqual([[2], [1, 2]]);
    expect(check(specs, post(3), () => false, 'domain')).toBe(0);
  });

  it('is exact near the value limits with large coefficients', () => {
    const top = 2 ** 31 - 2;
    // 1000·x − 999·y + 998·z against c, x and y near top, z near −top: terms of about 2^41, exact in doubles.
    const specs = [
      { values: range(top - 30, top), interval: true },
      { values: range(top - 3, top) },
      { values: range(-top, 30 - top), interval: true },
    ];
    const a = [1000, -999, 998];
    for (const c of [dot(a, [top - 20, top - 1, 10 - top]), dot(a, [top, top, -top]), 0]) {
      const args = [arr(a.map(lit)), arr([ref(0), ref(1), ref(2)]), lit(c)];
      check(specs, builtin('int_lin_le', args), (x) => dot(a, x) <= c, 'none', 'int_lin_le near the limits');
      check(specs, builtin('int_lin_eq', args), (x) => dot(a, x) === c, 'none', 'int_lin_eq near the limits');
      expect(rootDomains(specs, builtin('int_lin_eq', args))).toEqual(boundsR(a, c)(specs.map((s) => s.values)));
      check(specs, builtin('int_lin_ne', args), (x) => dot(a, x) !== c, 'none', 'int_lin_ne near the limits');
    }
  });

  it('refuses coefficients whose sums would leave exact double arithmetic', () => {
    // 2^23 · (2^31 − 2) is past 2^53; the check throws at post time, before any enumeration.
    const top = 2 ** 31 - 2;
    const post = builtin('int_lin_le', [arr([lit(2 ** 23)]), arr([ref(0)]), lit(0)]);
    const space = new Space();
    const v = space.newVar(-top, top);
    expect(() => post(space, [v])).toThrow(/test\.fzn:1: int_lin_le: coefficients times variable bounds reach 2\^53/);
  });
});
