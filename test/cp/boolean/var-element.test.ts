import { describe, expect, it } from 'vitest';
import { postVarElement } from '../../../solver/cp/propagators/var-element.js';
import { Space } from '../../../solver/cp/space.js';
import type { Rng } from '../../../solver/model/rng.js';
import { checkPropagator, forEachAssignment, forSeeds, randomDomain, randomRange } from '../oracle.js';

/** b, then c, then xs[1..n]; each a bitmask or (one time in four) an interval variable. */
function elementCase(rng: Rng) {
  const n = rng.int(0, 3);
  const wide = Array.from({ length: n + 2 }, () => rng.float() < 0.25);
  const domains = wide.map((w, i) => {
    const [lo, hi] = i === 0 ? [-1, n + 2] : [-3, 3];
    return w ? randomRange(rng, lo, hi) : randomDomain(rng, lo, hi, 0.4);
  });
  const holds = (v: readonly number[]) => {
    const b = v[0] as number;
    return b >= 1 && b <= n && v[1 + b] === v[1];
  };
  return { n, wide, domains, holds };
}

describe('array_var_int_element, array_var_bool_element: c = xs[b], b 1-based', () => {
  it('bounds(Z) consistent (and sound, exact on full assignments) on 400 random cases, also after narrowings and undo', () => {
    forSeeds(400, (rng, seed) => {
      const k = elementCase(rng);
      checkPropagator({
        domains: k.domains,
        wide: k.wide,
        post: (space, vars) => postVarElement(space, vars[0] as number, vars.slice(2), vars[1] as number),
        holds: k.holds,
        claims: 'bounds',
        seed,
        rounds: 6,
      });
    });
  });

  it("domain consistent on b, c's bounds its least and greatest supported values, c = xs[b] value by value once b is fixed", () => {
    let pruned = 0;
    forSeeds(400, (rng) => {
      const k = elementCase(rng);
      const space = new Space();
      const s = space.store;
      const vars = k.domains.map((d, i) => {
        if (!k.wide[i]) return space.newVarOf(d);
        const v = space.newVar(-10000, 10000);
        s.setMin(v, d[0] as number);
        s.setMax(v, d[d.length - 1] as number);
        return v;
      });
      postVarElement(space, vars[0] as number, Int32Array.from(vars.slice(2)), vars[1] as number);
      const supported = k.domains.map(() => new Set<number>());
      forEachAssignment(k.domains, (v) => {
        if (!k.holds(v)) return;
        for (let i = 0; i < v.length; i++) supported[i]?.add(v[i] as number);
      });
      const failed = space.fixpoint() >= 0;
      expect(failed, JSON.stringify(k)).toBe((supported[0] as Set<number>).size === 0);
      if (failed) return;
      const values = (v: number) => {
        const out: number[] = [];
        for (let x = s.min(v); x <= s.max(v); x = s.next(v, x)) out.push(x);
        return out;
      };
      const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
      const b = vars[0] as number;
      const c = vars[1] as number;
      const bWant = sorted(supported[0] as Set<number>);
      expect(s.hasWindow(b) ? values(b) : [s.min(b), s.max(b)], `b ${JSON.stringify(k)}`).toEqual(
        s.hasWindow(b) ? bWant : [bWant[0], bWant[bWant.length - 1]],
      );
      const cWant = sorted(supported[1] as Set<number>);
      expect([s.min(c), s.max(c)], `c ${JSON.stringify(k)}`).toEqual([cWant[0], cWant[cWant.length - 1]]);
      if (s.isFixed(b)) {
        const x = vars[1 + s.value(b)] as number;
        if (s.hasWindow(x) && s.hasWindow(c)) expect(values(c), `x = c ${JSON.stringify(k)}`).toEqual(values(x));
        if (s.hasWindow(c)) expect(values(c), `c exact once b is fixed ${JSON.stringify(k)}`).toEqual(cWant);
      }
      if (JSON.stringify(k.domains.slice(0, 2)) !== JSON.stringify([values(b), values(c)])) pruned++;
    });
    expect(pruned).toBeGreaterThan(100);
  });

  it('sound when c or b is also an element of xs', () => {
    forSeeds(200, (rng, seed) => {
      const n = rng.int(1, 3);
      // Scope: b, c, y; xs mixes them.
      const pick = Array.from({ length: n }, () => rng.int(0, 2));
      checkPropagator({
        domains: [randomDomain(rng, 0, n + 1), randomDomain(rng, -1, 3), randomDomain(rng, -1, 3)],
        post: (space, vars) =>
          postVarElement(
            space,
            vars[0] as number,
            Int32Array.from(pick, (p) => vars[p] as number),
            vars[1] as number,
          ),
        holds: (v) => {
          const b = v[0] as number;
          return b >= 1 && b <= n && v[pick[b - 1] as number] === v[1];
        },
        seed,
      });
    });
  });
});
