import { describe, expect, it } from 'vitest';
import { EV_DOMAIN, EV_FIX, Space } from '../../../solver/cp/index.js';
import { Circuit } from '../../../solver/cp/propagators/circuit.js';
import { randomDom, runOracle } from './cases.js';

/** One cycle through all n nodes (successors indexed from base), no node its own successor. */
function isCircuit(x: readonly number[], base: number): boolean {
  const n = x.length;
  if (!x.every((v, i) => v >= base && v < base + n && v !== base + i)) return false;
  let at = 0;
  for (let k = 1; k < n; k++) {
    at = (x[at] as number) - base;
    if (at === 0) return false;
  }
  return (x[at] as number) - base === 0;
}

/** The nodes that are not their own successor form one cycle, or there are none. */
function isSubcircuit(x: readonly number[], base: number): boolean {
  const n = x.length;
  if (!x.every((v) => v >= base && v < base + n) || new Set(x).size !== n) return false;
  const inside = x.flatMap((v, i) => (v !== base + i ? [i] : []));
  const first = inside[0];
  if (first === undefined) return true;
  let at = first;
  for (let k = 1; k < inside.length; k++) {
    at = (x[at] as number) - base;
    if (at === first) return false;
  }
  return (x[at] as number) - base === first;
}

function post(space: Space, vars: Int32Array, base: number, sub = false): void {
  const id = space.post(new Circuit(vars, base, sub));
  for (const v of vars) space.watch(id, v, sub ? EV_DOMAIN : EV_FIX);
}

describe('Circuit: successors forming one cycle through every node (subcircuit: through the nodes not their own successor)', () => {
  it('removes no solution and fails exactly on full assignments', () => {
    const { sat, unsat } = runOracle(300, (rng) => {
      const n = rng.int(1, 5);
      const base = rng.int(-1, 1);
      // Domains reach one past the index set on each side, so the range check matters.
      const doms = Array.from({ length: n }, () => randomDom(rng, base - 1, base + n, 0.2));
      return { doms, post: (space: Space, vars: Int32Array) => post(space, vars, base), holds: (v) => isCircuit(v, base), claims: 'none' };
    });
    expect(sat).toBeGreaterThan(15);
    expect(unsat).toBeGreaterThan(50);
  });

  it('subcircuit: removes no solution and fails exactly on full assignments', () => {
    const { sat, unsat } = runOracle(300, (rng) => {
      const n = rng.int(1, 5);
      const base = rng.int(-1, 1);
      const doms = Array.from({ length: n }, () => randomDom(rng, base - 1, base + n, 0.2));
      return {
        doms,
        post: (space: Space, vars: Int32Array) => post(space, vars, base, true),
        holds: (v) => isSubcircuit(v, base),
        claims: 'none',
      };
    });
    expect(sat).toBeGreaterThan(30);
    expect(unsat).toBeGreaterThan(50);
  });

  it('subcircuit: a node named by a fixed successor is in; a fixed cycle leaves the others out', () => {
    // 0 -> 1 fixed among 4 nodes, 3 may stay out: 1 is in (not 1), and may close on 0 (all in are in the chain).
    const space = new Space();
    const x = Int32Array.from([1, -1, -1, -1], (v) => (v < 0 ? space.newVar(0, 3) : space.newVar(v, v)));
    post(space, x, 0, true);
    expect(space.fixpoint()).toBe(-1);
    expect([0, 1, 2, 3].filter((v) => space.store.contains(x[1] as number, v))).toEqual([0, 2, 3]);
    // Node 3 must be in (3 is gone from x[3]): 1 may no longer close on 0.
    expect(space.store.remove(x[3] as number, 3)).toBe(true);
    expect(space.fixpoint()).toBe(-1);
    expect([0, 1, 2, 3].filter((v) => space.store.contains(x[1] as number, v))).toEqual([2, 3]);
    // 0 -> 1 -> 0 closed: 2 and 3 are out.
    const closed = new Space();
    const y = Int32Array.from([1, 0, -1, -1], (v) => (v < 0 ? closed.newVar(0, 3) : closed.newVar(v, v)));
    post(closed, y, 0, true);
    expect(closed.fixpoint()).toBe(-1);
    expect([closed.store.value(y[2] as number), closed.store.value(y[3] as number)]).toEqual([2, 3]);
  });

  it('forbids closing a chain of fixed successors early, and a short fixed cycle', () => {
    // 0 -> 1 -> 2 fixed among 4 nodes: 2 may not go back to 0 (nor to itself; 1, taken, is left
    // to the all_different the poster adds).
    const space = new Space();
    const x = Int32Array.from([1, 2, -1, -1], (v) => (v < 0 ? space.newVar(0, 3) : space.newVar(v, v)));
    post(space, x, 0);
    expect(space.fixpoint()).toBe(-1);
    expect([0, 1, 2, 3].filter((v) => space.store.contains(x[2] as number, v))).toEqual([1, 3]);
    // 0 -> 1 -> 0 is a cycle of 2 out of 3 nodes.
    const short = new Space();
    const y = Int32Array.from([1, 0, -1], (v) => (v < 0 ? short.newVar(0, 2) : short.newVar(v, v)));
    post(short, y, 0);
    expect(short.fixpoint()).not.toBe(-1);
  });
});
