import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import {
  adjointRowSums,
  concatRows,
  disposeAdjointRowSums,
  disposeRowSums,
  gatherRows,
  reversed,
  rowSums,
  rowSumsIn,
  sumRows,
  sumRowsOp,
} from '../../encoder/gather.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends, take, worstRatio } from './backends.js';

// Reference: a row gather is a one-hot matrix times x, and a row scatter-add its transpose; tfjs's
// stock matMul gradient differentiates both (tf.gather's own gradient does not run on wasm).
function oneHot(idx: Int32Array, rows: number): tf.Tensor2D {
  return tf.cast(tf.oneHot(tf.tensor1d(idx, 'int32'), rows), 'float32') as tf.Tensor2D;
}

describeBackends('gatherRows and row sums with custom gradients', () => {
  const rng = Rng.seeded(5);
  const rows = 6;
  const cols = 4;
  // Duplicates on purpose: their gradients must add up.
  const idx = Int32Array.from([3, 0, 3, 5, 1, 3, 0, 2]);
  const x = tf.tensor2d(
    Float32Array.from({ length: rows * cols }, () => rng.float()),
    [rows, cols],
  );
  const wg = tf.tensor2d(
    Float32Array.from({ length: idx.length * cols }, () => rng.float() - 0.5),
    [idx.length, cols],
  );
  const wsc = tf.tensor2d(
    Float32Array.from({ length: rows * cols }, () => rng.float() - 0.5),
    [rows, cols],
  );

  it('gatherRows: value equals tf.gather, gradient equals the one-hot matMul gradient', () => {
    const i = tf.tensor1d(idx, 'int32');
    expect(take(gatherRows(x, i))).toEqual(take(tf.gather(x, i)));
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gatherRows(v, i), wg)))(x);
    const ref = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(oneHot(idx, rows), v), wg)))(x);
    expect(worstRatio(take(g), take(ref), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
  });

  it('gatherRows: a 2-D index gives idx.shape ++ row shape', () => {
    const i = tf.tensor2d(idx, [2, 4], 'int32');
    const out = gatherRows(x, i);
    expect(out.shape).toEqual([2, 4, cols]);
    expect(take(out)).toEqual(take(tf.gather(x, tf.tensor1d(idx, 'int32'))));
  });

  it('sumRows: equals the one-hot product (destinations unsorted, duplicated, short of the last rows, none)', () => {
    const from = Int32Array.from([3, 0, 3, 5, 1, 3, 0, 2]);
    const cases: [Int32Array, number][] = [
      [Int32Array.from([4, 1, 0, 4, 2, 1, 1, 0]), 5],
      [Int32Array.from([2, 1, 0, 2, 2, 1, 1, 0]), 7],
    ];
    for (const [to, out] of cases) {
      const s = rowSums(from, to, out);
      const ref = tf.matMul(tf.matMul(tf.transpose(oneHot(to, out)), oneHot(from, rows)), x);
      expect(worstRatio(take(sumRows(x, s)), take(ref), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
      disposeRowSums(s);
    }
    const none = rowSums(new Int32Array(0), new Int32Array(0), 3);
    expect(take(sumRows(x, none))).toEqual(new Float32Array(3 * cols));
    disposeRowSums(none);
  });

  it('sumRowsOp: value and gradient equal the one-hot product, both ways round', () => {
    const from = Int32Array.from([3, 0, 3, 5, 1, 3, 0, 2]);
    const to = Int32Array.from([4, 1, 0, 4, 2, 1, 1, 0]);
    const s = adjointRowSums(from, to, rows, 5);
    const m = tf.matMul(tf.transpose(oneHot(to, 5)), oneHot(from, rows));
    const w5 = tf.tensor2d(
      Float32Array.from({ length: 5 * cols }, () => rng.float() - 0.5),
      [5, cols],
    );
    const y = tf.tensor2d(
      Float32Array.from({ length: 5 * cols }, () => rng.float()),
      [5, cols],
    );
    const cases: [tf.Tensor2D, ReturnType<typeof reversed>, tf.Tensor, tf.Tensor2D][] = [
      [x, s, m, w5],
      [y, reversed(s), tf.transpose(m), wsc],
    ];
    for (const [v0, sums, mat, w] of cases) {
      expect(worstRatio(take(sumRowsOp(v0, sums)), take(tf.matMul(mat, v0)), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(sumRowsOp(v, sums), w)))(v0);
      const ref = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(mat, v), w)))(v0);
      expect(worstRatio(take(g), take(ref), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    }
    disposeAdjointRowSums(s);
  });

  it('sumRowsOp: pairs reaching every row once are a row gather (gatherND), value and gradient equal the one-hot product', () => {
    // Destinations a permutation of 0..6, sources repeated: the gather's gradient must add them up.
    const from = Int32Array.from([2, 0, 2, 1, 5, 3, 3]);
    const to = Int32Array.from([3, 0, 6, 1, 2, 5, 4]);
    const s = adjointRowSums(from, to, rows, 7);
    expect(s.fwd.gather).not.toBeNull();
    expect(s.back.gather).toBeNull();
    const m = tf.matMul(tf.transpose(oneHot(to, 7)), oneHot(from, rows));
    const w7 = tf.tensor2d(
      Float32Array.from({ length: 7 * cols }, () => rng.float() - 0.5),
      [7, cols],
    );
    expect(take(sumRowsOp(x, s))).toEqual(take(tf.matMul(m, x)));
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(sumRowsOp(v, s), w7)))(x);
    const ref = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.matMul(m, v), w7)))(x);
    expect(worstRatio(take(g), take(ref), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    disposeAdjointRowSums(s);
  });

  it('rowSumsIn: the rows [lo, hi) of the whole sums, bit for bit (an empty range: no rows)', () => {
    const from = Int32Array.from([3, 0, 3, 5, 1, 3, 0, 2, 4]);
    const to = Int32Array.from([4, 1, 0, 4, 2, 1, 6, 0, 5]);
    const all = rowSums(from, to, 7);
    const whole = take(sumRows(x, all));
    for (const [lo, hi] of [
      [0, 3],
      [1, 5],
      [4, 7],
      [3, 3],
    ] as const) {
      const part = rowSumsIn(from, to, lo, hi);
      const got = sumRows(x, part);
      expect(got.shape).toEqual([hi - lo, cols]);
      expect(take(got)).toEqual(whole.slice(lo * cols, hi * cols));
      disposeRowSums(part);
    }
    disposeRowSums(all);
  });

  it('concatRows: value equals tf.concat along rows, gradient equals tfjs’s concat gradient', () => {
    const parts = [1, 3, 2].map((n) =>
      tf.tensor2d(
        Float32Array.from({ length: n * cols }, () => rng.float()),
        [n, cols],
      ),
    );
    expect(take(concatRows(parts))).toEqual(take(tf.concat(parts, 0)));
    const w6 = tf.tensor2d(
      Float32Array.from({ length: 6 * cols }, () => rng.float() - 0.5),
      [6, cols],
    );
    const got = tf.grads((...v: tf.Tensor[]) => tf.sum(tf.mul(concatRows(v), w6)))(parts);
    const want = tf.grads((...v: tf.Tensor[]) => tf.sum(tf.mul(tf.concat(v, 0), w6)))(parts);
    got.forEach((g, i) => {
      expect(take(g)).toEqual(take(want[i] as tf.Tensor));
    });
  });
});
