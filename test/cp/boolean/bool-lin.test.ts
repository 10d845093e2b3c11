import { describe, expect, it } from 'vitest';
import { postBoolLin } from '../../../solver/cp/propagators/bool-lin.js';
import { Space } from '../../../solver/cp/space.js';
import type { Rng } from '../../../solver/model/rng.js';
import { checkPropagator, forSeeds, randomCoefficients, randomDomain, randomRange } from '../oracle.js';
import { randomBool } from './bools.js';

interface LinCase {
  a: number[];
  domains: number[][];
  wide: boolean[];
  eq: boolean;
}

/** n Booleans then c (a bitmask or interval variable). */
function linCase(rng: Rng, eq: boolean): LinCase {
  const n = rng.int(0, 4);
  const wide = rng.float() < 0.3;
  return {
    a: randomCoefficients(rng, n, -3, 3),
    domains: [...Array.from({ length: n }, () => randomBool(rng)), wide ? randomRange(rng, -8, 8) : randomDomain(rng, -7, 7)],
    wide: [...Array.from({ length: n }, () => false), wide],
    eq,
  };
}

function holds(k: LinCase, x: readonly number[]): boolean {
  const n = k.a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (k.a[i] as number) * (x[i] as number);
  return k.eq ? sum === x[n] : sum <= (x[n] as number);
}

/**
 * The fixpoint of bounds consistency on the real relaxation, computed on value lists: a value of
 * bᵢ stays while some sum with it, the others anywhere in their real ranges, meets c's range; c
 * keeps its values inside the sum's range (≥ its least value under ≤). Null when a domain empties.
 */
function relaxedFixpoint(k: LinCase, domains: readonly (readonly number[])[]): number[][] | null {
  const n = k.a.length;
  const d = domains.map((x) => [...x]);
  const term = (j: number, pick: (a: number, b: number) => number) =>
    (d[j] as number[]).map((x) => (k.a[j] as number) * x).reduce((p, q) => pick(p, q));
  for (let changed = true; changed; ) {
    changed = false;
    const cd = d[n] as number[];
    if (cd.length === 0) return null;
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = 0;
      for (let j = 0; j < n; j++)
        if (j !== i) {
          lo += term(j, Math.min);
          hi += term(j, Math.max);
        }
      const keep = (d[i] as number[]).filter((v) => {
        const t = (k.a[i] as number) * v;
        return t + lo <= (cd[cd.length - 1] as number) && (!k.eq || t + hi >= (cd[0] as number));
      });
      if (keep.length === 0) return null;
      if (keep.length !== (d[i] as number[]).length) changed = true;
      d[i] = keep;
    }
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < n; j++) {
      lo += term(j, Math.min);
      hi += term(j, Math.max);
    }
    const keep = cd.filter((v) => v >= lo && (!k.eq || v <= hi));
    if (keep.length === 0) return null;
    if (keep.length !== cd.length) changed = true;
    d[n] = keep;
  }
  return d;
}

describe('bool_lin_eq, bool_lin_le: Σ aᵢ·bᵢ = c, ≤ c', () => {
  for (const eq of [true, false]) {
    const rel = eq ? '=' : '≤';
    it(`Σ aᵢ·bᵢ ${rel} c: sound and exact on full assignments, 300 random cases, also after narrowings and undo`, () => {
      forSeeds(300, (rng, seed) => {
        const k = linCase(rng, eq);
        checkPropagator({
          domains: k.domains,
          wide: k.wide,
          post: (space, vars) => postBoolLin(space, Float64Array.from(k.a), vars.slice(0, k.a.length), vars[k.a.length] as number, eq),
          holds: (x) => holds(k, x),
          seed,
          rounds: 6,
        });
      });
    });

    it(`Σ aᵢ·bᵢ ${rel} c: exactly bounds consistency on the real relaxation, 400 random cases`, () => {
      let pruned = 0;
      forSeeds(400, (rng) => {
        const k = linCase(rng, eq);
        const space = new Space();
        const vars = k.domains.map((d, i) => {
          if (!k.wide[i]) return space.newVarOf(d);
          const v = space.newVar(-10000, 10000);
          space.store.setMin(v, d[0] as number);
          space.store.setMax(v, d[d.length - 1] as number);
          return v;
        });
        postBoolLin(space, Float64Array.from(k.a), Int32Array.from(vars.slice(0, k.a.length)), vars[k.a.length] as number, eq);
        const failed = space.fixpoint() >= 0;
        const got = failed
          ? null
          : vars.map((v) => {
              const out: number[] = [];
              for (let x = space.store.min(v); x <= space.store.max(v); x++) if (space.store.contains(v, x)) out.push(x);
              return out;
            });
        const want = relaxedFixpoint(k, k.domains);
        expect(got, JSON.stringify(k)).toEqual(want);
        if (want !== null && JSON.stringify(want) !== JSON.stringify(k.domains)) pruned++;
      });
      expect(pruned).toBeGreaterThan(50);
    });
  }
});
