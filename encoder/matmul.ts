import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-grad.js';

/** Swaps the last two axes (rank 2 or 3). */
function swapLast(t: tf.Tensor): tf.Tensor {
  return t.rank === 2 ? tf.transpose(t) : tf.transpose(t, [0, 2, 1]);
}

/** What a rank-2 product may add (see `matMul`). */
export interface ProductOptions {
  /** Added to every row ([n]); its gradient is ones @ dY. */
  bias?: tf.Tensor;
  /** aᵀ, made once by a caller whose `a` feeds several products, for their weight gradients. */
  aT?: tf.Tensor;
  /** bᵀ, made once by a caller whose `b` (a weight) feeds several products, for their input gradients. */
  bT?: tf.Tensor;
}

/**
 * `a @ b (+ bias)` for rank-2 [m, k] @ [k, n] or batched rank-3 [batch, m, k] @ [batch, k, n]
 * (no options), with a gradient that transposes explicitly: dA = dY @ bᵀ, dB = aᵀ @ dY. tfjs's
 * stock gradient calls matMul with transposeA/transposeB, which the wasm backend runs 10–30×
 * slower than a plain matMul (a training step about 3.5× slower end to end), so this op is what
 * the encoder uses for every learned layer.
 * dY is always the right-hand side of its products: the wasm backend packs a product's right-hand
 * matrix for XNNPACK once per tensor buffer (~5 ns a float, more than the product itself for a
 * weight gradient's nodes·batch rows), so the products that share one dY (the terms of one sum,
 * their bias) pack it once. The bias rides in the forward product (a broadcast add is ~5× slower
 * on wasm, and its gradient, a column sum, is a product with ones against the already packed dY).
 */
export function matMul(a: tf.Tensor, b: tf.Tensor, o: ProductOptions = {}): tf.Tensor {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3) || ((o.bias || o.aT || o.bT) && a.rank !== 2)) {
    throw new Error(`matMul: a and b must both be rank 2 (with a bias, aT or bT) or both rank 3, got ranks ${a.rank} and ${b.rank}`);
  }
  const { bias, aT, bT } = o;
  const op = customOp<tf.Tensor[], tf.Tensor>(([x, w, beta], save) => {
    save([bT ?? (w as tf.Tensor), aT ?? (x as tf.Tensor)]);
    return {
      value: beta ? tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: beta }) : tf.matMul(x as tf.Tensor, w as tf.Tensor),
      gradFunc: (dy, [sw, sa]) => {
        const grads = [
          tf.matMul(dy, bT ? (sw as tf.Tensor) : swapLast(sw as tf.Tensor)),
          tf.matMul(aT ? (sa as tf.Tensor) : swapLast(sa as tf.Tensor), dy),
        ];
        // The row of ones by the Fill kernel: tf.ones builds its values in JavaScript (~0.15 ms for the encoder's rows on wasm).
        if (beta) grads.push(tf.reshape(tf.matMul(tf.fill([1, dy.shape[0] as number], 1), dy), beta.shape));
        return grads;
      },
    };
  });
  return bias ? op(a, b, bias) : op(a, b);
}
