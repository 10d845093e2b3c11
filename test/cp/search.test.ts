import { describe, expect, it } from 'vitest';
import { type CpPropagator, EV_BOUNDS, type IntStore, type Space } from '../../solver/cp/index.js';
import { checkPropagator, forSeeds, randomCoefficients, randomDomain, randomRange } from './oracle.js';

/** x ≠ y: domain consistent (the fixed side's value leaves the other). `weak` only checks when both are fixed. */
class NotEqual implements CpPropagator {
  constructor(
    private readonly x: number,
    private readonly y: number,
    private readonly weak = false,
  ) {}
  propagate(s: IntStore): boolean {
    const { x, y } = this;
    if (this.weak) return !(s.isFixed(x) && s.isFixed(y) && s.value(x) === s.value(y));
    if (s.isFixed(x)) return s.remove(y, s.value(x));
    if (s.isFixed(y)) return s.remove(x, s.value(y));
    return true;
  }
  static post(sp: Space, x: number, y: number, weak = false): void {
    const id = sp.post(new NotEqual(x, y, weak));
    // Bounds, not only fixing: on an interval variable the other side's value can only go once it is a bound.
    sp.watch(id, x, EV_BOUNDS);
    sp.watch(id, y, EV_BOUNDS);
  }
}

/** Σ a[i]·x[i] ≤ c by bounds (bounds(Z) at its fixpoint); `slack` loosens (> 0) or breaks (< 0) it. */
class LinearLe implements CpPropagator {
  constructor(
    private readonly a: readonly number[],
    private readonly x: Int32Array,
    private readonly c: number,
    private readonly slack = 0,
  ) {}
  propagate(s: IntStore): boolean {
    const { a, x, c } = this;
    let least = 0;
    for (let i = 0; i < x.length; i++) {
      const ai = a[i] as number;
      least += ai > 0 ? ai * s.min(x[i] as number) : ai * s.max(x[i] as number);
    }
    if (least > c) return false;
    for (let i = 0; i < x.length; i++) {
      const ai = a[i] as number;
      const v = x[i] as number;
      const own = ai > 0 ? ai * s.min(v) : ai * s.max(v);
      // a·v ≤ c − (least − own): v ≤ ⌊…/a⌋ for a > 0, v ≥ ⌈…/a⌉ for a < 0.
      const room = c - (least - own) + this.slack;
      if (ai > 0 ? !s.setMax(v, Math.floor(room / ai)) : !s.setMin(v, Math.ceil(room / ai))) return false;
    }
    return true;
  }
  static post(sp: Space, a: readonly number[], x: Int32Array, c: number, slack = 0): void {
    const id = sp.post(new LinearLe(a, x, c, slack));
    for (const v of x) sp.watch(id, v, EV_BOUNDS);
  }
}

function dot(a: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (x[i] as number);
  return s;
}

describe('oracle (test/cp/oracle.ts) on toy propagators', () => {
  it('passes x ≠ y as domain consistent, on bitmask and interval variables', () => {
    forSeeds(60, (rng, seed) => {
      const wide = [rng.int(0, 2) === 0, rng.int(0, 2) === 0];
      const domains = wide.map((w) => (w ? randomRange(rng) : randomDomain(rng)));
      checkPropagator({
        domains,
        wide,
        seed,
        claims: 'domain',
        post: (sp, v) => NotEqual.post(sp, v[0] as number, v[1] as number),
        holds: ([x, y]) => x !== y,
      });
    });
  });

  it('passes Σ a·x ≤ c as bounds(Z) consistent', () => {
    forSeeds(60, (rng, seed) => {
      const n = rng.int(2, 4);
      const a = randomCoefficients(rng, n);
      const c = rng.int(-8, 8);
      const wide = Array.from({ length: n }, () => rng.int(0, 3) === 0);
      const domains = wide.map((w) => (w ? randomRange(rng) : randomDomain(rng)));
      checkPropagator({ domains, wide, seed, claims: 'bounds', post: (sp, v) => LinearLe.post(sp, a, v, c), holds: (x) => dot(a, x) <= c });
    });
  });

  it('catches each kind of wrong propagator', () => {
    const neq = {
      domains: [
        [1, 2, 3],
        [1, 2],
      ],
      holds: ([x, y]: readonly number[]) => x !== y,
    };
    // (b): accepts x = y.
    expect(() => checkPropagator({ ...neq, post: (sp) => void sp.post({ propagate: () => true }) })).toThrow(
      /oracle \(b\): fixpoint accepts a non-solution/,
    );
    // (c) domain: sound but lazy.
    expect(() =>
      checkPropagator({
        ...neq,
        domains: [[1], [1, 2]],
        claims: 'domain',
        post: (sp, v) => NotEqual.post(sp, v[0] as number, v[1] as number, true),
      }),
    ).toThrow(/oracle \(c\) domain/);
    // (a): right on full assignments, but prunes x0's max (a supported value) while x1 is unfixed.
    const le = {
      domains: [
        [0, 1, 2, 3],
        [0, 1, 2],
      ],
      holds: (x: readonly number[]) => dot([1, 1], x) <= 3,
    };
    const unsound: CpPropagator = {
      propagate: (s) => (s.isFixed(1) ? !s.isFixed(0) || s.value(0) + s.value(1) <= 3 : s.setMax(0, s.max(0) - 1)),
    };
    expect(() => checkPropagator({ ...le, post: (sp) => void sp.post(unsound) })).toThrow(/oracle \(a\)/);
    // (c) bounds: too loose.
    expect(() => checkPropagator({ ...le, claims: 'bounds', post: (sp, v) => LinearLe.post(sp, [1, 1], v, 3, 1) })).toThrow(
      /oracle \(c\) bounds/,
    );
    // (a) after the backtracks of (b): a propagator whose state survives them (a plain field, not a store cell).
    let seen = 0;
    const stale: CpPropagator = {
      propagate: (s) => {
        seen = Math.max(seen, s.min(0));
        return s.setMin(0, seen);
      },
    };
    expect(() =>
      checkPropagator({
        domains: [
          [0, 1, 2, 3, 4, 5],
          [0, 1],
        ],
        holds: () => true,
        rounds: 20,
        post: (sp) => sp.watch(sp.post(stale), 0, EV_BOUNDS),
      }),
    ).toThrow(/oracle \(a\)/);
  });
});
