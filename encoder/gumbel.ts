import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../solver/model/rng.js';
import { customOp } from './custom-grad.js';

/**
 * Seeded sampling over the last axis of logits: Gumbel noise, Gumbel-Softmax and the
 * straight-through estimator. Noise is drawn in TypeScript from the project's `Rng` (row-major,
 * one draw per element) and uploaded, so a seed gives bit-identical samples on every backend;
 * tfjs's own random ops are not used.
 */

/** Uniform in the open interval (0, 1): Rng.float() is k/2⁵³ with k < 2⁵³, shifted off 0 by half a step. */
function openUniform(rng: Rng): number {
  return rng.float() + 2 ** -54;
}

/** Standard Gumbel noise g = −log(−log u), computed in float64 and rounded to float32. */
export function gumbelNoise(rng: Rng, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = -Math.log(-Math.log(openUniform(rng)));
  return tf.tensor(v, shape, 'float32');
}

/**
 * Gumbel-Softmax: softmax((logits + g)/τ) over the last axis. τ → 0 tends to the one-hot of
 * argmax(logits + g) (a sample of softmax(logits)); large τ tends to uniform. τ may be a scalar
 * tensor (learnable temperature) and then gets a gradient.
 */
export function gumbelSoftmax(logits: tf.Tensor, gumbel: tf.Tensor, tau: number | tf.Scalar): tf.Tensor {
  return tf.tidy(() => tf.softmax(tf.div(tf.add(logits, gumbel), tau)));
}

/**
 * Straight-through: the forward value is exactly the one-hot of argmax over the last axis (ties:
 * lowest index); the gradient passes through unchanged, so the gradient with respect to the
 * logits of a softmax is the softmax's own gradient.
 */
export const straightThrough = customOp<[tf.Tensor], tf.Tensor>(([soft]) => {
  const depth = soft.shape[soft.rank - 1] as number;
  return {
    // int32 then cast: tfjs-backend-wasm 4.22's oneHot with dtype 'float32' returns all zeros.
    value: tf.cast(tf.oneHot(tf.argMax(soft, -1), depth), 'float32'),
    gradFunc: (dy) => [dy],
  };
});

/**
 * Hard Gumbel-Softmax: exactly one-hot forward, Gumbel-Softmax gradient backward. The one-hot is
 * at argmax(logits + g) whatever τ (the Gumbel-max trick), so it is a sample of softmax(logits).
 */
export function hardGumbelSoftmax(logits: tf.Tensor, gumbel: tf.Tensor, tau: number | tf.Scalar): tf.Tensor {
  return straightThrough(gumbelSoftmax(logits, gumbel, tau));
}
