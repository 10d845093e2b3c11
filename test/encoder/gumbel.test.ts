import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { gumbelNoise, gumbelSoftmax, hardGumbelSoftmax, straightThrough } from '../../encoder/gumbel.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends, take } from './backends.js';
import { gumbelArgmax } from './gumbel-reference.js';

const LOGITS = [1.0, 0.5, -0.3, 0.0, 2.0, -1.0];
const K = LOGITS.length;
const N = 20000;
const TAU = 0.7;
// Upper 0.1 % point of χ² with K − 1 = 5 degrees of freedom (standard table); Wilson–Hilferty,
// 5·(1 − 2/45 + 3.0902·√(2/45))³ = 20.75, agrees to 1.2 %.
const CHI2_5_999 = 20.515;

function softmax64(logits: number[], tau: number): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp((l - m) / tau));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Pearson's χ² of observed category indices against probabilities. */
function chiSquare(samples: ArrayLike<number>, probs: number[]): number {
  const counts = new Array<number>(probs.length).fill(0);
  for (let i = 0; i < samples.length; i++) counts[samples[i] as number] = (counts[samples[i] as number] as number) + 1;
  return probs.reduce((acc, p, k) => acc + ((counts[k] as number) - samples.length * p) ** 2 / (samples.length * p), 0);
}

/** Per row of K, the index of the 1 of a one-hot. */
function hotIndex(oneHot: Float32Array, k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r * k < oneHot.length; r++) out.push(oneHot.subarray(r * k, (r + 1) * k).indexOf(1));
  return out;
}

function entropy(p: ArrayLike<number>, from: number, count: number): number {
  let h = 0;
  for (let k = from; k < from + count; k++) if ((p[k] as number) > 0) h -= (p[k] as number) * Math.log(p[k] as number);
  return h;
}

describeBackends('Gumbel sampling', () => {
  const logits = () => tf.tile(tf.tensor2d([LOGITS]), [N, 1]);

  it('hard Gumbel-Softmax one-hots (what training samples) fit softmax(logits) at any τ (χ², α = 0.001)', () => {
    const samples = hotIndex(take(hardGumbelSoftmax(logits(), gumbelNoise(Rng.seeded(3), [N, K]), TAU)), K);
    expect(chiSquare(samples, softmax64(LOGITS, 1))).toBeLessThan(CHI2_5_999);
    // The test has power: softmax at the temperature τ is rejected.
    expect(chiSquare(samples, softmax64(LOGITS, TAU))).toBeGreaterThan(CHI2_5_999);
  });

  it('the same seed gives bit-identical noise; another seed does not', () => {
    const a = take(gumbelNoise(Rng.seeded(7), [5, K]));
    expect(take(gumbelNoise(Rng.seeded(7), [5, K]))).toEqual(a);
    expect(take(gumbelNoise(Rng.seeded(8), [5, K]))).not.toEqual(a);
  });

  it('Gumbel-Softmax tends to the Gumbel-max one-hot as τ → 0 and to uniform as τ grows', () => {
    const rows = 16;
    const z = tf.tensor2d(
      Float32Array.from({ length: rows * K }, (_, i) => LOGITS[i % K] as number),
      [rows, K],
    );
    const g = gumbelNoise(Rng.seeded(9), [rows, K]);
    const argmax = gumbelArgmax(LOGITS, g.dataSync(), K);
    let prevMax = Number.POSITIVE_INFINITY;
    for (const tau of [0.01, 0.1, 1, 10, 1000]) {
      const y = take(gumbelSoftmax(z, g, tau));
      let meanMax = 0;
      for (let r = 0; r < rows; r++) {
        const row = y.subarray(r * K, (r + 1) * K);
        const m = Math.max(...row);
        meanMax += m / rows;
        if (tau === 0.01) {
          expect(m).toBeGreaterThan(0.99);
          expect(row.indexOf(m)).toBe(argmax[r]);
        }
        if (tau === 1000) expect(entropy(y, r * K, K)).toBeGreaterThan(0.999 * Math.log(K));
      }
      expect(meanMax).toBeLessThanOrEqual(prevMax);
      prevMax = meanMax;
    }
  });

  it('straight-through: forward exactly one-hot at the argmax, gradient equal to the softmax gradient', () => {
    const rng = Rng.seeded(12);
    const rows = 8;
    const z = tf.tensor2d(
      Float32Array.from({ length: rows * K }, () => rng.float() * 4 - 2),
      [rows, K],
    );
    const w = tf.tensor2d(
      Float32Array.from({ length: rows * K }, () => rng.float() - 0.5),
      [rows, K],
    );
    const g = gumbelNoise(rng, [rows, K]);
    const soft = take(gumbelSoftmax(z, g, 0.5));
    const hard = take(hardGumbelSoftmax(z, g, 0.5));
    for (let r = 0; r < rows; r++) {
      const row = hard.subarray(r * K, (r + 1) * K);
      for (const v of row) expect(v === 0 || v === 1).toBe(true);
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      const s = soft.subarray(r * K, (r + 1) * K);
      expect(row.indexOf(1)).toBe(s.indexOf(Math.max(...s)));
    }
    const gHard = take(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(hardGumbelSoftmax(v, g, 0.5), w)))(z));
    const gSoft = take(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(gumbelSoftmax(v, g, 0.5), w)))(z));
    expect(gHard).toEqual(gSoft);
    expect(gHard.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    // On a plain tensor too: identity gradient.
    expect(take(tf.grad((v: tf.Tensor) => tf.sum(tf.mul(straightThrough(v), w)))(z))).toEqual(take(w));
  });

  it('a scalar-tensor τ gets a gradient (learnable temperature)', () => {
    const z = tf.tensor2d([LOGITS]);
    const g = gumbelNoise(Rng.seeded(13), [1, K]);
    const w = tf.tensor2d([[1, -1, 0.5, 0, 2, -0.5]]);
    const f = (tau: number) => tf.sum(tf.mul(gumbelSoftmax(z, g, tau), w)).dataSync()[0] as number;
    const dTau = take(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gumbelSoftmax(z, g, t as tf.Scalar), w)))(tf.scalar(3)))[0] as number;
    const h = 1e-2;
    expect(Math.abs(dTau - (f(3 + h) - f(3 - h)) / (2 * h))).toBeLessThan(1e-3 + 1e-2 * Math.abs(dTau));
    expect(Math.abs(dTau)).toBeGreaterThan(1e-3);
  });
});
