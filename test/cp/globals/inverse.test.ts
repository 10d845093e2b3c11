import { describe, expect, it } from 'vitest';
import { EV_DOMAIN, Space } from '../../../solver/cp/index.js';
import { Inverse } from '../../../solver/cp/propagators/inverse.js';
import { Rng } from '../../../solver/model/rng.js';
import { randomDom, runOracle } from './cases.js';

/** A random inverse instance: f of n variables indexed from fBase, invf of m from invBase. */
function inverseCase(rng: Rng, wideShare = 0.3) {
  const n = rng.int(1, 3);
  const m = rng.float() < 0.8 ? n : n + rng.int(-1, 1) || 1;
  const fBase = rng.int(0, 1);
  const invBase = rng.int(-1, 1);
  // Domains reach one past each index set, so the range check matters.
  const doms = [
    ...Array.from({ length: n }, () => randomDom(rng, invBase - 1, invBase + m, wideShare)),
    ...Array.from({ length: m }, () => randomDom(rng, fBase - 1, fBase + n, wideShare)),
  ];
  return {
    doms,
    post(space: Space, vars: Int32Array) {
      const f = vars.slice(0, n);
      const invf = vars.slice(n);
      const id = space.post(new Inverse(f, fBase, invf, invBase));
      for (const v of vars) space.watch(id, v, EV_DOMAIN);
    },
    channelled: (space: Space, vars: Int32Array) => channelled(space, vars.slice(0, n), fBase, vars.slice(n), invBase),
    holds(v: readonly number[]) {
      const f = v.slice(0, n);
      const invf = v.slice(n);
      const fOk = f.every((j, p) => j >= invBase && j < invBase + m && invf[j - invBase] === fBase + p);
      const invOk = invf.every((i, q) => i >= fBase && i < fBase + n && f[i - fBase] === invBase + q);
      return fOk && invOk;
    },
    claims: 'none' as const,
  };
}

describe('Inverse: f[i] = j <-> invf[j] = i, with index sets from fBase and invBase', () => {
  it('removes no solution and fails exactly on full assignments', () => {
    const { sat, unsat } = runOracle(200, (rng) => inverseCase(rng));
    expect(sat).toBeGreaterThan(20);
    expect(unsat).toBeGreaterThan(50);
  });

  it('keeps only channelled pairs after propagation', () => {
    const rng = Rng.seeded(42);
    let alive = 0;
    for (let t = 0; t < 300; t++) {
      const c = inverseCase(rng, 0);
      const space = new Space();
      const vars = Int32Array.from(c.doms, (d) => space.newVarOf(d.values));
      c.post(space, vars);
      if (space.fixpoint() >= 0) continue;
      alive++;
      expect(c.channelled(space, vars)).toBe(true);
    }
    expect(alive).toBeGreaterThan(50);
  });
});

/**
 * The claimed filtering: every j left in f[p] has fBase + p left in invf[j − invBase], and back;
 * for an interval variable (interior removals are no-ops) its bounds.
 */
function channelled(space: Space, f: Int32Array, fBase: number, invf: Int32Array, invBase: number): boolean {
  const s = space.store;
  const side = (a: Int32Array, aBase: number, b: Int32Array, bBase: number) =>
    Array.from(a).every((v, p) => {
      for (let j = s.min(v); j !== Infinity; j = s.hasWindow(v) || j === s.max(v) ? s.next(v, j) : s.max(v)) {
        const w = b[j - bBase];
        if (w === undefined || !s.contains(w, aBase + p)) return false;
      }
      return true;
    });
  return side(f, fBase, invf, invBase) && side(invf, invBase, f, fBase);
}
