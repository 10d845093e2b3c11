import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-grad.js';

/** Swaps the last two axes (rank 2 or 3). */
function swapLast(t: tf.Tensor): tf.Tensor {
  return t.rank === 2 ? tf.transpose(t) : tf.transpose(t, [0, 2, 1]);
}

/**
 * aᵀ @ dy for rank 2 (a [n, k], dy [n, m]), transposing whichever of the two has fewer columns:
 * a weight's gradient has n = nodes·batch rows, and its transpose costs as much as a third of the
 * product, while dyᵀ @ a, transposed back, only moves a [m, k] result. A one-column operand
 * transposes for free (tfjs aliases it). Rank 3 transposes a.
 */
function weightGrad(a: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  if (a.rank === 3 || (a.shape[1] as number) <= (dy.shape[1] as number)) return tf.matMul(swapLast(a), dy);
  return tf.transpose(tf.matMul(tf.transpose(dy), a));
}

/**
 * `a @ b` for rank-2 [m, k] @ [k, n] or batched rank-3 [batch, m, k] @ [batch, k, n], with a
 * gradient that transposes explicitly: dA = dY @ bᵀ, dB = aᵀ @ dY (`weightGrad`). tfjs's stock
 * gradient calls matMul with transposeA/transposeB, which the wasm backend runs 10–30× slower
 * than a plain matMul (a training step about 3.5× slower end to end), so this op is what the
 * encoder uses for every learned layer.
 */
export const matMul = customOp<[tf.Tensor, tf.Tensor], tf.Tensor>(([a, b], save) => {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) {
    throw new Error(`matMul: a and b must both be rank 2 or both rank 3, got ranks ${a.rank} and ${b.rank}`);
  }
  save([a, b]);
  return {
    value: tf.matMul(a, b),
    gradFunc: (dy, [sa, sb]) => [tf.matMul(dy, swapLast(sb as tf.Tensor)), weightGrad(sa as tf.Tensor, dy)],
  };
});
