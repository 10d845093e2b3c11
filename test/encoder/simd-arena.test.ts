import { expect, it } from 'vitest';
import { SimdArena } from '../../encoder/simd-arena.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * The wasm SIMD kernels of encoder/simd-arena.ts against plain float64 loops written here, on
 * random inputs (half of the matrix inputs 0, as relu leaves them) and on the edge cases of the
 * loops: no rows, no inputs, widths of 1 to 17 vectors (past one block of 8 accumulators), odd row
 * and group counts. Float32 sums in another order than float64: within 1e-5 relative to the sum of
 * the magnitudes.
 */

function random(rng: Rng, a: Float32Array, zeros = 0): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.float() < zeros ? 0 : rng.float() * 2 - 1;
  return a;
}

function expectClose(got: Float32Array, want: Float64Array, mag: Float64Array): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < got.length; i++)
    worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / (1e-5 * Math.max(1, mag[i] as number)));
  expect(worst).toBeLessThanOrEqual(1);
}

it('is available on this Node (wasm SIMD)', () => {
  expect(SimdArena.create(16)).not.toBeNull();
});

it('rewind frees and zeroes the buffers taken after a mark and keeps those before; reserve grows the memory, at views a buffer again', () => {
  const arena = SimdArena.create(16) as SimdArena;
  const kept = arena.alloc(6).fill(7);
  const mark = arena.mark();
  arena.alloc(5).fill(3);
  arena.allocInt(3).fill(-1);
  arena.rewind(mark);
  expect(arena.mark()).toBe(mark);
  expect(Array.from(arena.alloc(16 * 1024 - 8))).toEqual(new Array(16 * 1024 - 8).fill(0));
  expect(arena.reserve(100_000)).toBe(true);
  expect(kept.length).toBe(0);
  expect(Array.from(arena.at(0, 6))).toEqual(new Array(6).fill(7));
  expect(Array.from(arena.alloc(100_000))).toEqual(new Array(100_000).fill(0));
});

it('matMulAdd adds a @ w to out for every width up to 68 and empty shapes', () => {
  const rng = Rng.seeded(1);
  for (const [rows, k, n] of [
    [5, 7, 4],
    [3, 32, 32],
    [17, 33, 48],
    [7, 16, 68],
    [9, 3, 8],
    [0, 3, 8],
    [3, 0, 8],
  ] as const) {
    const arena = SimdArena.create(rows * k + k * n + rows * n + 64) as SimdArena;
    const a = random(rng, arena.alloc(rows * k), 0.5);
    const w = random(rng, arena.alloc(k * n));
    const out = random(rng, arena.alloc(rows * n));
    const want = Float64Array.from(out);
    const mag = want.map(Math.abs);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < k; i++)
        for (let j = 0; j < n; j++) {
          const t = (a[r * k + i] as number) * (w[i * n + j] as number);
          want[r * n + j] = (want[r * n + j] as number) + t;
          mag[r * n + j] = (mag[r * n + j] as number) + Math.abs(t);
        }
    expect(arena.matMulAdd(a, rows, k, w, n, out)).toBe(true);
    expectClose(out, want, mag);
  }
  const arena = SimdArena.create(64) as SimdArena;
  expect(arena.matMulAdd(arena.alloc(4), 2, 2, arena.alloc(6), 3, arena.alloc(6))).toBe(false);
});

it('biasRelu, sumGroups, broadcastGroups, scaleRows and addRows equal their loops', () => {
  const rng = Rng.seeded(2);
  for (const [groups, d, n] of [
    [5, 3, 4],
    [7, 9, 48],
    [1, 1, 8],
    [11, 30, 32],
  ] as const) {
    const rows = groups * d;
    const arena = SimdArena.create(8 * rows * n + 4 * rows + 64) as SimdArena;
    const x = random(rng, arena.alloc(rows * n));
    const b = random(rng, arena.alloc(n));
    const want = Float64Array.from(x, (v, i) => Math.max(v + (b[i % n] as number), 0));
    arena.biasRelu(x, rows, n, b);
    expectClose(
      x,
      want,
      want.map((v) => Math.abs(v) + 2),
    );

    const h = random(rng, arena.alloc(rows * n));
    const mask = arena.alloc(rows);
    for (let m = 0; m < rows; m++) mask[m] = rng.float() < 0.3 ? 0 : 1;
    const sums = arena.alloc(groups * n);
    const wantSums = new Float64Array(groups * n);
    for (let m = 0; m < rows; m++)
      for (let j = 0; j < n; j++) {
        const g = Math.floor(m / d) * n + j;
        wantSums[g] = (wantSums[g] as number) + (mask[m] as number) * (h[m * n + j] as number);
      }
    arena.sumGroups(h, groups, d, n, sums, mask);
    expectClose(sums, wantSums, new Float64Array(groups * n).fill(d));

    const wide = arena.alloc(rows * n);
    arena.broadcastGroups(sums, groups, d, n, wide);
    expectClose(
      wide,
      Float64Array.from(wide, (_, i) => sums[Math.floor(i / (d * n)) * n + (i % n)] as number),
      new Float64Array(rows * n),
    );

    const s = random(rng, arena.alloc(rows));
    const scaled = arena.alloc(rows * n);
    arena.scaleRows(h, scaled, rows, n, s);
    expectClose(
      scaled,
      Float64Array.from(h, (v, i) => v * (s[Math.floor(i / n)] as number)),
      new Float64Array(rows * n),
    );

    const count = 3 * rows;
    const from = Int32Array.from({ length: count }, () => rng.int(0, rows - 1));
    const to = Int32Array.from({ length: count }, () => rng.int(0, groups - 1));
    const dst = random(rng, arena.alloc(groups * n));
    const wantDst = Float64Array.from(dst);
    for (let k = 0; k < count; k++)
      for (let j = 0; j < n; j++) {
        const o = (to[k] as number) * n + j;
        wantDst[o] = (wantDst[o] as number) + (h[(from[k] as number) * n + j] as number);
      }
    arena.addRows(h, dst, arena.rowPairs(from, to, n), count, n);
    expectClose(dst, wantDst, new Float64Array(groups * n).fill(count));
  }
});

it('reluRows equals JavaScript relu of a float32 base plus a float64 row, bit for bit, for widths of 1 to 17 vectors', () => {
  const rng = Rng.seeded(9);
  for (const [d, n] of [
    [1, 4],
    [25, 32],
    [7, 68],
    [3, 8],
    [0, 8],
  ] as const) {
    const arena = SimdArena.create(2 * d * n + 6 * n + d + 64) as SimdArena;
    const base = random(rng, arena.alloc(d * n));
    // Values the float64 sum rounds differently from a float32 one, and a negative zero.
    const rows = arena.allocDouble(3 * n);
    for (let i = 0; i < 2 * n; i++) rows[i] = (rng.float() - 0.5) / 3;
    if (d > 0) base[0] = -0;
    const sel = arena.allocInt(d);
    for (let a = 0; a < d; a++) sel[a] = 8 * n * rng.int(0, 2);
    const want = new Float32Array(d * n);
    for (let a = 0; a < d; a++)
      for (let j = 0; j < n; j++) want[a * n + j] = Math.max((base[a * n + j] as number) + (rows[(sel[a] as number) / 8 + j] as number), 0);
    const out = arena.alloc((d + 1) * n);
    arena.reluRows(base, 0, rows, sel, d, n, out);
    expect(Array.from(out.subarray(0, d * n))).toEqual(Array.from(want));
    expect(Array.from(out.subarray(d * n))).toEqual(new Array(n).fill(0));
  }
});

it('normalizeRows divides each row by √(mean square + 1), for widths of 1 to 17 vectors and no rows', () => {
  const rng = Rng.seeded(7);
  for (const [rows, n] of [
    [5, 4],
    [3, 32],
    [17, 48],
    [2, 68],
    [0, 8],
  ] as const) {
    const arena = SimdArena.create(rows * n + 16) as SimdArena;
    const x = random(rng, arena.alloc(rows * n), 0.3);
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) * 5;
    const want = Float64Array.from(x);
    for (let r = 0; r < rows; r++) {
      let sq = 0;
      for (let j = 0; j < n; j++) sq += (want[r * n + j] as number) ** 2;
      const s = Math.sqrt(sq / n + 1);
      for (let j = 0; j < n; j++) want[r * n + j] = (want[r * n + j] as number) / s;
    }
    arena.normalizeRows(x, rows, n);
    expectClose(x, want, new Float64Array(want.length).fill(1));
  }
});
