import { describe, expect, it } from 'vitest';
import { Rng } from '../../../solver/model/rng.js';
import { builtin, check, lit, randomSpec, range, ref, rootDomains, tally, type VarSpec } from './check.js';

/** MiniZinc's meaning of each builtin, written from the language definition (undefined: no solution). */
const truncate = (a: number, b: number) => Math.trunc(a / b);
const meaning: Record<string, (x: number, y: number, z: number) => boolean> = {
  int_times: (x, y, z) => x * y === z,
  int_div: (x, y, z) => y !== 0 && truncate(x, y) === z,
  int_mod: (x, y, z) => y !== 0 && x - y * truncate(x, y) === z,
  int_pow: (x, y, z) => (y >= 0 ? x ** y === z : x !== 0 && truncate(1, x ** -y) === z),
  int_min: (x, y, z) => Math.min(x, y) === z,
  int_max: (x, y, z) => Math.max(x, y) === z,
};

/** Domain consistent while |D(x)|·|D(y)| ≤ 1024 (all of these instances); min and max are bounds reasoning only. */
const enumerated = new Set(['int_times', 'int_div', 'int_mod', 'int_pow']);

describe('nonlinear arithmetic against brute force', () => {
  for (const [name, holds] of Object.entries(meaning)) {
    it(`${name}: no solution lost, exact on full assignments${enumerated.has(name) ? ', domain consistent on small domains' : ''}`, () => {
      const rng = Rng.seeded(name.length * 7 + 1);
      const outcomes = [0, 0];
      for (let t = 0; t < 90; t++) {
        const interval = t % 3 === 0;
        const yLo = name === 'int_pow' ? -2 : -4;
        const specs = [randomSpec(rng, -4, 4, interval), randomSpec(rng, yLo, 4, interval), randomSpec(rng, -12, 12, interval)];
        // A fixed x now and then (0, ±1 are the edge cases of pow and div).
        if (t % 5 === 1) specs[0] = { values: [rng.int(-2, 2)] };
        const consistency = enumerated.has(name) ? 'domain' : undefined;
        const n = check(
          specs,
          builtin(name, [ref(0), ref(1), ref(2)]),
          ([x, y, z]) => holds(x as number, y as number, z as number),
          consistency,
          name,
        );
        tally(outcomes, n);
      }
      expect(Math.min(...outcomes)).toBeGreaterThan(5);
    });
  }

  it('int_abs: domain consistent, exact on full assignments', () => {
    const rng = Rng.seeded(5);
    for (let t = 0; t < 150; t++) {
      const interval = t % 3 === 0;
      const specs = [randomSpec(rng, -6, 6, interval), randomSpec(rng, -3, 6, interval)];
      check(specs, builtin('int_abs', [ref(0), ref(1)]), ([x, z]) => Math.abs(x as number) === z, 'domain', 'int_abs');
    }
  });

  it('int_plus is x + y = z (bounds(R))', () => {
    const rng = Rng.seeded(6);
    for (let t = 0; t < 100; t++) {
      const interval = t % 2 === 0;
      const specs = [randomSpec(rng, -4, 4, interval), randomSpec(rng, -4, 4, interval), randomSpec(rng, -6, 6, interval)];
      check(
        specs,
        builtin('int_plus', [ref(0), ref(1), ref(2)]),
        ([x, y, z]) => (x as number) + (y as number) === z,
        undefined,
        'int_plus',
      );
    }
  });

  it('array_int_maximum and array_int_minimum over 1 to 3 variables', () => {
    const rng = Rng.seeded(8);
    const outcomes = [0, 0];
    for (let t = 0; t < 120; t++) {
      const interval = t % 3 === 0;
      const k = rng.int(1, 3);
      const specs = Array.from({ length: k + 1 }, () => randomSpec(rng, -4, 4, interval));
      const args = [ref(0), { kind: 'array' as const, items: specs.slice(1).map((_, i) => ({ kind: 'var' as const, id: i + 1 })) }];
      tally(
        outcomes,
        check(specs, builtin('array_int_maximum', args), ([mm, ...x]) => Math.max(...(x as number[])) === mm, 'none', 'max'),
      );
      check(specs, builtin('array_int_minimum', args), ([mm, ...x]) => Math.min(...(x as number[])) === mm, 'none', 'min');
    }
    expect(Math.min(...outcomes)).toBeGreaterThan(10);
  });

  it('keeps every solution when the domains are too large to enumerate (bounds reasoning alone)', () => {
    const rng = Rng.seeded(9);
    for (const name of ['int_times', 'int_div', 'int_mod', 'int_pow']) {
      for (let t = 0; t < 2; t++) {
        // |D(x)|·|D(y)| > 1024: only the bounds part runs at the root.
        const side = () => range(-rng.int(17, 22), rng.int(17, 22));
        const x: VarSpec = { values: name === 'int_pow' ? range(-rng.int(150, 200), rng.int(150, 200)) : side(), interval: true };
        const y: VarSpec = name === 'int_pow' ? { values: range(-2, rng.int(3, 6)) } : { values: side(), interval: true };
        const z = randomSpec(rng, -25, 25);
        const holds = meaning[name] as (x: number, y: number, z: number) => boolean;
        check(
          [x, y, z],
          builtin(name, [ref(0), ref(1), ref(2)]),
          ([a, b, c]) => holds(a as number, b as number, c as number),
          'none',
          name,
        );
      }
    }
  });

  it('bounds a square and a fixed power of an unbounded variable by the root of the result', () => {
    const rng = Rng.seeded(10);
    for (let t = 0; t < 2; t++) {
      const x: VarSpec = { values: range(-600, 600), interval: true };
      const z = randomSpec(rng, -50, 50);
      const square = builtin('int_times', [ref(0), ref(0), ref(1)]);
      check([x, z], square, ([a, c]) => (a as number) * (a as number) === c, 'none', 'x*x');
      const cube = builtin('int_pow', [ref(0), lit(3), ref(1)]);
      check([x, z], cube, ([a, c]) => (a as number) ** 3 === c, 'none', 'x^3');
      // 1201 values of x: too many to enumerate, so only the root bound can have narrowed x.
      const sq = rootDomains([x, z], square);
      if (sq) expect(Math.max(-(sq[0]?.[0] as number), sq[0]?.at(-1) as number)).toBeLessThanOrEqual(Math.floor(Math.sqrt(50)));
      const cu = rootDomains([x, z], cube);
      if (cu) expect(Math.max(-(cu[0]?.[0] as number), cu[0]?.at(-1) as number)).toBeLessThanOrEqual(3);
    }
  });

  it('does not overflow into wrong pruning near the value limits', () => {
    const top = 2 ** 31 - 2;
    const cases: [string, VarSpec[]][] = [
      ['int_times', [{ values: range(top - 3, top) }, { values: [-1, 0, 1, 2] }, { values: range(top - 60, top), interval: true }]],
      ['int_times', [{ values: range(-top, 3 - top) }, { values: [-1, 1, 2] }, { values: range(top - 60, top), interval: true }]],
      ['int_div', [{ values: range(-top, 3 - top) }, { values: [-2, -1, 1] }, { values: range(top - 60, top), interval: true }]],
      ['int_mod', [{ values: range(top - 3, top) }, { values: [top - 2, top - 1, top] }, { values: range(-3, 3) }]],
      ['int_mod', [{ values: range(-top, 3 - top) }, { values: range(-top, 3 - top) }, { values: range(-3, 3) }]],
      ['int_pow', [{ values: [-3, -2, 2, 3] }, { values: range(18, 22) }, { values: range(top - 60, top), interval: true }]],
      ['int_pow', [{ values: [46340, 46341] }, { values: [2] }, { values: range(top - 60, top), interval: true }]],
    ];
    for (const [name, specs] of cases) {
      const holds = meaning[name] as (x: number, y: number, z: number) => boolean;
      check(specs, builtin(name, [ref(0), ref(1), ref(2)]), ([a, b, c]) => holds(a as number, b as number, c as number), 'none', name);
    }
  });
});
