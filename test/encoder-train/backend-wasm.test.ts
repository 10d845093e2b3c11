import * as tf from '@tensorflow/tfjs';
import { afterAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';

afterAll(async () => {
  await selectBackend('wasm');
});

it('on wasm, Identity and a same-dtype Cast return their input’s buffer, which outlives the input; a real Cast still converts', async () => {
  await selectBackend('wasm');
  const x = tf.tensor2d([1.5, -2, 3.25, 4], [2, 2]);
  const before = tf.memory().numDataBuffers;
  const copy = tf.clone(x);
  const same = tf.cast(x, 'float32');
  // No new buffer: the two results share x's.
  expect(tf.memory().numDataBuffers).toBe(before);
  x.dispose();
  expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3.25, 4]);
  expect(Array.from(same.dataSync())).toEqual([1.5, -2, 3.25, 4]);
  const ints = tf.cast(copy, 'int32');
  expect(ints.dtype).toBe('int32');
  expect(Array.from(ints.dataSync())).toEqual([1, -2, 3, 4]);
  // Gradients through clones (tfjs clones every tensor a gradient keeps) are unchanged.
  const v = tf.variable(tf.tensor1d([0.5, -1, 2]));
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.exp(v), tf.cast(v, 'float32'))) as tf.Scalar, [v]);
  const g = Array.from((grads[v.name] as tf.Tensor).dataSync());
  [0.5, -1, 2].forEach((a, i) => {
    expect(g[i]).toBeCloseTo(Math.exp(a) * (a + 1), 5);
  });
  for (const t of [copy, same, ints, v, ...Object.values(grads)]) t.dispose();
});
