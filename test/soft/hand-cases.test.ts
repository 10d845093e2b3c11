import { describe, expect, it } from 'vitest';
import { fullDomains, type Problem, tableFrom } from '../../solver/model/problem.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { HardRounds } from '../../solver/rounds/hard-rounds.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import { roundBoth } from './support.js';

/** One float and one fixed round, as plain arrays. */
function oneRound(p: Problem, w: number[][]) {
  const r = roundBoth(p, w);
  return { float: Array.from(r.float), fixed: Array.from(r.fixed), changed: r.changed, wiped: r.wiped };
}

describe('hand-computed rounds', () => {
  it('a 2-variable table', () => {
    // x, y ∈ {0,1}; allowed pairs (0,1), (1,0), (1,1).
    const p: Problem = { domSize: Int32Array.of(2, 2), init: fullDomains(Int32Array.of(2, 2)), constraints: [] };
    p.constraints.push(tableFrom(p, 1, 0, 1, (a, b) => a === 1 || b === 1));
    // p_x = (0.5, 0.25), p_y = (0.5, 0.75).
    // x=0: s = p_y[1] = 0.75           -> 0.5 · 0.75 = 0.375
    // x=1: s = 1 − 0.5·0.25 = 0.875    -> 0.25 · 0.875 = 0.21875
    // y=0: s = p_x[1] = 0.25           -> 0.5 · 0.25 = 0.125
    // y=1: s = 1 − 0.5·0.75 = 0.625    -> 0.75 · 0.625 = 0.46875
    const r = oneRound(p, [
      [0.5, 0.25],
      [0.5, 0.75],
    ]);
    expect(r.float).toEqual([0.375, 0.21875, 0.125, 0.46875]);
    expect(r.fixed).toEqual([12288, 7168, 4096, 15360]);
    expect(r.changed).toBe(1);
    expect(r.wiped).toBe(0);
  });

  it('a 3-literal clause (x0 ∈ {1}) ∨ (x1 ∈ {1}) ∨ (x2 ∈ {0})', () => {
    const domSize = Int32Array.of(2, 2, 2);
    const p: Problem = {
      domSize,
      init: fullDomains(domSize),
      constraints: [{ kind: 'clause', vars: Int32Array.of(0, 1, 2), sets: Uint32Array.of(0b10, 0b10, 0b01) }],
    };
    // Literal weights w = (p0[1], p1[1], p2[0]) = (0.5, 0.25, 0.5).
    // x0=0: 1 − (1−0.25)(1−0.5) = 0.625 -> 0.5 · 0.625 = 0.3125; x0=1 ∈ S: 0.5 kept.
    // x1=0: 1 − (1−0.5)(1−0.5) = 0.75   -> 0.75 · 0.75 = 0.5625; x1=1 ∈ S: 0.25 kept.
    // x2=1: 1 − (1−0.5)(1−0.25) = 0.625 -> 1 · 0.625 = 0.625;    x2=0 ∈ S: 0.5 kept.
    const r = oneRound(p, [
      [0.5, 0.5],
      [0.75, 0.25],
      [0.5, 1],
    ]);
    expect(r.float).toEqual([0.3125, 0.5, 0.5625, 0.25, 0.5, 0.625]);
    expect(r.fixed).toEqual([10240, 16384, 18432, 8192, 16384, 20480]);
  });

  it('Q1.15 rounding in a not-equal pair, and the float32 result of the same inputs', () => {
    const domSize = Int32Array.of(3, 3);
    const p: Problem = { domSize, init: fullDomains(domSize), constraints: [{ kind: 'neq', x: 0, y: 1 }] };
    // Q1.15: p_x = (10923, 21845, 32768), p_y = (16384, 10923, 0); not(p_y) = (16384, 21845, 32768).
    // x=0: acc = mul(21845, 32768) = 21845, s = 10923, p' = mul(10923, 10923) = (119311929 + 16384) >> 15 = 3641
    // x=1: acc = mul(16384, 32768) = 16384, s = 16384, p' = mul(21845, 16384) = (357908480 + 16384) >> 15 = 10923
    // x=2: acc = mul(16384, 21845) = 10923, s = 21845, p' = mul(32768, 21845) = 21845
    // y: not(p_x) = (21845, 10923, 0); y=0, y=1 meet the 0 so s = ONE: p' = p; y=2: p' = mul(0, ·) = 0.
    const r = oneRound(p, [
      [10923 / 32768, 21845 / 32768, 1],
      [0.5, 10923 / 32768, 0],
    ]);
    expect(r.fixed).toEqual([3641, 10923, 21845, 16384, 10923, 0]);
    // Float32, every operation rounded (computed by hand with struct-packed float32 arithmetic).
    expect(r.float).toEqual([0.1111178919672966, 0.3333282470703125, 0.6666717529296875, 0.5, 0.333343505859375, 0]);
  });
});

describe('run stopping rule (hdl/SPEC.md section 5)', () => {
  const lessThan = (n: number, pairs: [number, number][]): Problem => {
    const domSize = new Int32Array(n).fill(3);
    const p: Problem = { domSize, init: fullDomains(domSize), constraints: [] };
    for (const [x, y] of pairs) p.constraints.push(tableFrom(p, 1, x, y, (a, b) => a < b));
    return p;
  };

  it('x < y < z on {0,1,2}: 3 rounds, the third at the fixpoint', () => {
    const p = lessThan(3, [
      [0, 1],
      [1, 2],
    ]);
    const hard = new HardRounds(compileArcs(p), 1);
    // Round 1: x {0,1}, y {1}, z {1,2}; round 2: x {0}, y {1}, z {2}; round 3: no change.
    const dom = p.init.slice();
    const r = hard.run(dom, 100);
    expect(Array.from(dom)).toEqual([0b001, 0b010, 0b100]);
    expect([r.rounds[0], r.fixpoint[0], r.wipeout[0], r.total]).toEqual([3, 1, 0, 3]);
    const two = p.init.slice();
    const r2 = hard.run(two, 2);
    expect(Array.from(two)).toEqual([0b001, 0b010, 0b100]);
    expect([r2.rounds[0], r2.fixpoint[0], r2.wipeout[0]]).toEqual([2, 0, 0]);
    const none = p.init.slice();
    const r0 = hard.run(none, 0);
    expect(none).toEqual(p.init);
    expect([r0.rounds[0], r0.fixpoint[0], r0.wipeout[0], r0.total]).toEqual([0, 0, 0, 0]);
  });

  it('x < y and y < x: wipe-out in round 2, reported per variable', () => {
    const p = lessThan(2, [
      [0, 1],
      [1, 0],
    ]);
    const prog = compileArcs(p);
    const soft = new SoftPropagator(prog, 1);
    const w = new Float32Array(soft.size).fill(1);
    const r = soft.run(w, 100);
    expect([r.rounds[0], r.wipeout[0], r.fixpoint[0]]).toEqual([2, 1, 0]);
    expect(Array.from(w)).toEqual([0, 0, 0, 0, 0, 0]);
    const hard = new HardRounds(prog, 1);
    const dom = p.init.slice();
    const after1 = new Uint32Array(2);
    const info = hard.round(dom, after1);
    expect(Array.from(after1)).toEqual([0b010, 0b010]);
    expect([info.changed[0], info.wiped[0], info.firstWiped[0], info.fixpoint]).toEqual([1, 0, -1, false]);
    const after2 = new Uint32Array(2);
    const info2 = hard.round(after1, after2);
    expect([info2.wiped[0], info2.firstWiped[0]]).toEqual([2, 0]);
  });
});
