import { describe, expect, it } from 'vitest';
import { EV_BOUNDS, EV_DOMAIN, Space } from '../../../solver/cp/index.js';
import { Among } from '../../../solver/cp/propagators/among.js';
import { CountEq } from '../../../solver/cp/propagators/count.js';
import { GlobalCardinality } from '../../../solver/cp/propagators/global-cardinality.js';
import type { Rng } from '../../../solver/model/rng.js';
import { fixedDom, randomDom, runOracle } from './cases.js';

function watchAll(space: Space, id: number, vars: ArrayLike<number>, event: number): void {
  for (let i = 0; i < vars.length; i++) space.watch(id, vars[i] as number, event);
}

/** A random sorted subset of lo..hi with at least one value. */
function randomSet(rng: Rng, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) if (rng.float() < 0.4) out.push(v);
  return out.length > 0 ? out : [rng.int(lo, hi)];
}

describe('CountEq: c = #{i : x[i] = y}', () => {
  it('is domain consistent once y is fixed, removes no solution and fails exactly on full assignments', () => {
    let fixedCases = 0;
    const { sat, unsat } = runOracle(150, (rng) => {
      const n = rng.int(1, 4);
      const yFixed = rng.float() < 0.5;
      if (yFixed) fixedCases++;
      const doms = [
        ...Array.from({ length: n }, () => randomDom(rng, -2, 2, 0.3)),
        yFixed ? fixedDom(rng, rng.int(-2, 2)) : randomDom(rng, -2, 2, 0.3),
        randomDom(rng, 0, 4, 0.3),
      ];
      return {
        doms,
        post(space: Space, vars: Int32Array) {
          const x = vars.slice(0, n);
          const id = space.post(new CountEq(x, vars[n] as number, vars[n + 1] as number));
          watchAll(space, id, vars, EV_DOMAIN);
        },
        holds: (v: readonly number[]) => v.slice(0, n).filter((xi) => xi === v[n]).length === v[n + 1],
        claims: yFixed ? 'domain' : 'none',
      };
    });
    expect(fixedCases).toBeGreaterThan(50);
    expect(sat).toBeGreaterThan(25);
    expect(unsat).toBeGreaterThan(10);
  });
});

describe('Among: n = #{i : x[i] ∈ S}', () => {
  it('is domain consistent, against brute force', () => {
    const { sat, unsat } = runOracle(150, (rng) => {
      const n = rng.int(1, 4);
      const S = randomSet(rng, -3, 3);
      const doms = [randomDom(rng, 0, 4, 0.3), ...Array.from({ length: n }, () => randomDom(rng, -3, 3, 0.4))];
      return {
        doms,
        post(space: Space, vars: Int32Array) {
          const id = space.post(
            new Among(
              vars[0] as number,
              vars.slice(1),
              S.map((v) => [v, v] as const),
            ),
          );
          watchAll(space, id, vars, EV_DOMAIN);
        },
        holds: (v: readonly number[]) => v.slice(1).filter((xi) => S.includes(xi)).length === v[0],
        claims: 'domain',
      };
    });
    expect(sat).toBeGreaterThan(25);
    expect(unsat).toBeGreaterThan(10);
  });
});

describe('GlobalCardinality: counts[j] = #{i : x[i] = cover[j]}', () => {
  it('removes no solution and fails exactly on full assignments', () => {
    const { sat, unsat } = runOracle(120, (rng) => {
      const n = rng.int(1, 4);
      const cover = randomSet(rng, -2, 2).slice(0, 3);
      const doms = [...Array.from({ length: n }, () => randomDom(rng, -2, 2, 0.3)), ...cover.map(() => randomDom(rng, 0, 3, 0.3))];
      return {
        doms,
        post(space: Space, vars: Int32Array) {
          const id = space.post(new GlobalCardinality(vars.slice(0, n), Int32Array.from(cover), vars.slice(n)));
          watchAll(space, id, vars, EV_DOMAIN);
        },
        holds: (v: readonly number[]) => cover.every((c, j) => v.slice(0, n).filter((xi) => xi === c).length === v[n + j]),
        claims: 'none',
      };
    });
    expect(sat).toBeGreaterThan(25);
    expect(unsat).toBeGreaterThan(10);
  });

  it('bounds each count by the variables the others leave, and from below when every value is covered', () => {
    // Four variables over {1, 2}: count(2) in 3..4 leaves count(1) at most 1; count(2) in 0..2
    // means count(1) is at least 2 (every variable takes 1 or 2), but not with a fifth variable
    // that may take 3.
    const run = (extra: boolean, count2: [number, number]) => {
      const space = new Space();
      const x = Int32Array.from({ length: extra ? 5 : 4 }, (_, i) => space.newVar(1, i === 4 ? 3 : 2));
      const counts = Int32Array.from([space.newVar(0, 5), space.newVar(...count2)]);
      const id = space.post(new GlobalCardinality(x, Int32Array.from([1, 2]), counts));
      watchAll(space, id, x, EV_DOMAIN);
      watchAll(space, id, counts, EV_BOUNDS);
      expect(space.fixpoint()).toBe(-1);
      return [space.store.min(counts[0] as number), space.store.max(counts[0] as number)];
    };
    expect(run(false, [3, 4])).toEqual([0, 1]);
    expect(run(false, [0, 2])).toEqual([2, 4]);
    expect(run(true, [0, 2])).toEqual([0, 5]);
  });

  it('fails when the counts need more variables than there are', () => {
    // Two variables, three values each needing one: the per-value counts alone cannot see it.
    const { space, vars } = (() => {
      const space = new Space();
      const x = [space.newVar(1, 3), space.newVar(1, 3)];
      const counts = [space.newVar(1, 1), space.newVar(1, 1), space.newVar(1, 1)];
      return { space, vars: { x: Int32Array.from(x), counts: Int32Array.from(counts) } };
    })();
    const id = space.post(new GlobalCardinality(vars.x, Int32Array.from([1, 2, 3]), vars.counts));
    watchAll(space, id, vars.x, EV_DOMAIN);
    watchAll(space, id, vars.counts, EV_BOUNDS);
    expect(space.fixpoint()).toBe(id);
  });
});
