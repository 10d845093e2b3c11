import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { matMul } from '../../encoder/matmul.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends, take, worstRatio } from './backends.js';

function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.float() * 2 - 1),
    shape,
  );
}

describeBackends('matMul with explicit-transpose gradient', () => {
  for (const [name, sa, sb] of [
    ['rank 2', [5, 7], [7, 3]],
    ['rank 2, one output column', [6, 4], [4, 1]],
    ['rank 3 batched', [4, 5, 7], [4, 7, 3]],
  ] as const) {
    it(`${name}: value and both gradients equal tfjs's stock matMul`, () => {
      const rng = Rng.seeded(11);
      const a = randomTensor(rng, [...sa]);
      const b = randomTensor(rng, [...sb]);
      const w = randomTensor(rng, [...sa.slice(0, -1), sb[sb.length - 1] as number]);
      const loss = (f: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(f(x, y), w));
      const [ga, gb] = tf.grads(loss(matMul))([a, b]) as [tf.Tensor, tf.Tensor];
      const [sa2, sb2] = tf.grads(loss((x, y) => tf.matMul(x, y)))([a, b]) as [tf.Tensor, tf.Tensor];
      expect(worstRatio(take(matMul(a, b)), take(tf.matMul(a, b)), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
      expect(ga.shape).toEqual(a.shape);
      expect(gb.shape).toEqual(b.shape);
      expect(worstRatio(take(ga), take(sa2), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      expect(worstRatio(take(gb), take(sb2), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      tf.dispose([a, b, w]);
    });
  }

  it('rank 2 with a bias and caller-made aT, bT: value and the three gradients equal tf.add(tf.matMul(a, b), bias)', () => {
    const rng = Rng.seeded(12);
    const a = randomTensor(rng, [6, 4]);
    const b = randomTensor(rng, [4, 5]);
    const bias = randomTensor(rng, [5]);
    const w = randomTensor(rng, [6, 5]);
    const ours = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
      tf.sum(tf.mul(matMul(x, y, { bias: z, aT: tf.transpose(x), bT: tf.transpose(y) }), w));
    const stock = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(x, y), z), w));
    const got = tf.grads(ours)([a, b, bias]);
    const want = tf.grads(stock)([a, b, bias]);
    expect(worstRatio(take(matMul(a, b, { bias })), take(tf.add(tf.matMul(a, b), bias)), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    for (let i = 0; i < 3; i++) {
      expect((got[i] as tf.Tensor).shape).toEqual((want[i] as tf.Tensor).shape);
      expect(worstRatio(take(got[i] as tf.Tensor), take(want[i] as tf.Tensor), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    }
    tf.dispose([a, b, bias, w]);
  });

  it('names the op and the ranks on mismatched inputs', () => {
    expect(() => matMul(tf.zeros([2, 2]), tf.zeros([1, 2, 2]))).toThrow(/matMul: .*ranks 2 and 3/);
    expect(() => matMul(tf.zeros([1, 2, 2]), tf.zeros([1, 2, 2]), { bias: tf.zeros([2]) })).toThrow(/matMul: .*ranks 3 and 3/);
  });
});
