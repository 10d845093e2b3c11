import { describe, expect, it } from 'vitest';
import { Space } from '../../../solver/cp/index.js';
import { Rng } from '../../../solver/model/rng.js';
import { arr, builtin, check, lit, randomSpec, range, ref, type VarSpec } from './check.js';

const relations: Record<string, (x: number, y: number) => boolean> = {
  int_eq: (x, y) => x === y,
  int_ne: (x, y) => x !== y,
  int_le: (x, y) => x <= y,
  int_lt: (x, y) => x < y,
};

/** A 0/1 variable: free, or fixed to 0 or 1. */
function boolSpec(rng: Rng): VarSpec {
  const k = rng.int(0, 3);
  return { values: k === 0 ? [0] : k === 1 ? [1] : [0, 1] };
}

describe('int comparisons against brute force', () => {
  for (const [name, rel] of Object.entries(relations)) {
    it(`${name}, ${name}_reif and ${name}_imp: no solution lost, exact on full assignments, domain consistent on bitmasks`, () => {
      const rng = Rng.seeded(11);
      let sat = 0;
      let unsat = 0;
      const count = (n: number) => (n > 0 ? sat++ : unsat++);
      for (let t = 0; t < 150; t++) {
        const interval = t % 3 === 0;
        const xy = [randomSpec(rng, -4, 4, interval), randomSpec(rng, -4, 4, interval)];
        const dc = 'domain' as const;
        count(check(xy, builtin(name, [ref(0), ref(1)]), ([x, y]) => rel(x as number, y as number), dc, name));
        const withB = [...xy, boolSpec(rng)];
        count(
          check(
            withB,
            builtin(`${name}_reif`, [ref(0), ref(1), ref(2)]),
            ([x, y, b]) => (b === 1) === rel(x as number, y as number),
            dc,
            `${name}_reif`,
          ),
        );
        count(
          check(
            withB,
            builtin(`${name}_imp`, [ref(0), ref(1), ref(2)]),
            ([x, y, b]) => b === 0 || rel(x as number, y as number),
            dc,
            `${name}_imp`,
          ),
        );
      }
      // Both outcomes must occur for the checks to mean something.
      expect(sat).toBeGreaterThan(100);
      expect(unsat).toBeGreaterThan(0);
    });
  }

  it('takes literals for either side and the Boolean', () => {
    // x ≤ 3 reified on a literal true: x loses 4..5; x = 2 half-reified on literal false: nothing.
    expect(
      check([{ values: [1, 2, 3, 4, 5] }], builtin('int_le_reif', [ref(0), lit(3), lit(1)]), ([x]) => (x as number) <= 3, 'domain'),
    ).toBe(3);
    expect(check([{ values: [1, 2, 3] }], builtin('int_eq_imp', [lit(2), ref(0), lit(0)]), () => true, 'domain')).toBe(3);
  });

  it('works near the value limits', () => {
    const top = 2 ** 31 - 2;
    const bits = [{ values: [top - 2, top - 1, top] }, { values: [top - 5, top - 1, top] }];
    const interval = [{ values: [top - 2, top - 1, top] }, { values: range(top - 4500, top), interval: true }];
    const bottom = [{ values: [-top, 1 - top] }, { values: range(-top, 200 - top), interval: true }];
    for (const [name, rel] of Object.entries(relations)) {
      const holds = ([x, y]: readonly number[]) => rel(x as number, y as number);
      check(bits, builtin(name, [ref(0), ref(1)]), holds, 'domain', name);
      check(interval, builtin(name, [ref(0), ref(1)]), holds, 'none', name);
      check(bottom, builtin(name, [ref(1), ref(0)]), ([x, y]) => rel(y as number, x as number), 'none', name);
    }
    // x < y with y at the top of its range and x's window beyond it: fails cleanly.
    expect(check([{ values: [top] }, { values: [top] }], builtin('int_lt', [ref(0), ref(1)]), () => false, 'domain')).toBe(0);
  });
});

describe('arithmetic builtins refuse malformed constraints with file:line', () => {
  it('names the builtin and what is wrong', () => {
    const space = new Space();
    const v = [space.newVar(0, 3), space.newVar(0, 3)];
    expect(() => builtin('int_le', [ref(0)])(space, v)).toThrow(/^test\.fzn:1: int_le takes 2 arguments, not 1$/);
    expect(() => builtin('int_lin_le_reif', [arr([lit(1)]), arr([ref(0)]), lit(0)])(space, v)).toThrow(
      /^test\.fzn:1: int_lin_le_reif takes 4 arguments, not 3$/,
    );
    expect(() => builtin('int_lin_eq', [arr([lit(1), lit(2)]), arr([ref(0)]), lit(0)])(space, v)).toThrow(
      /^test\.fzn:1: int_lin_eq: 2 coefficients for 1 variables$/,
    );
    expect(() => builtin('array_int_maximum', [ref(0), arr([])])(space, v)).toThrow(/^test\.fzn:1: array_int_maximum of an empty array$/);
    expect(() => builtin('int_times', [ref(0), ref(1)])(space, v)).toThrow(/^test\.fzn:1: int_times takes 3 arguments, not 2$/);
  });
});

describe('a comparison of a variable with itself', () => {
  it('holds or fails at once, even over the whole value range', () => {
    const top = 2 ** 31 - 2;
    for (const [name, holds] of [
      ['int_eq', true],
      ['int_le', true],
      ['int_lt', false],
      ['int_ne', true],
    ] as const) {
      const space = new Space();
      const v = space.newVar(-top, top);
      builtin(name, [ref(0), ref(0)])(space, [v]);
      expect(space.fixpoint() < 0, name).toBe(holds);
      // int_ne(x, x) can only fail once x is fixed.
      if (name === 'int_ne') {
        space.store.fix(v, 5);
        expect(space.fixpoint() < 0).toBe(false);
      }
    }
  });
});
