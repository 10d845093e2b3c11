import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-grad.js';

/**
 * Row gather and row scatter-add with gradients built from each other. tfjs's `tf.gather`
 * gradient uses UnsortedSegmentSum, which the wasm backend does not register and the cpu backend
 * runs very slowly (50 s for 64 segments over 6.6 M elements), and gatherND / scatterND have no
 * stock gradient at all; these two are each other's adjoint.
 * The index tensor is saved for the backward pass; it gets a zero gradient.
 */

/** `x[idx]` along axis 0: output shape idx.shape ++ x.shape[1:]. `idx` is int32, any shape. */
export const gatherRows = customOp<[tf.Tensor, tf.Tensor], tf.Tensor>(([x, idx], save) => {
  const nd = tf.expandDims(idx, -1);
  save([nd]);
  const shape = x.shape;
  return {
    value: tf.gatherND(x, nd),
    // scatterND sums duplicate indices: exactly the adjoint of a gather.
    gradFunc: (dy, [sn]) => [tf.scatterND(sn as tf.Tensor, dy, shape), tf.zerosLike(idx)],
  };
});

/**
 * Sums the rows of `x` (shape idx.shape ++ rest) into `rows` zero rows at `idx` (duplicates add
 * up): output shape [rows] ++ rest.
 */
export function scatterRows(x: tf.Tensor, idx: tf.Tensor, rows: number): tf.Tensor {
  const op = customOp<[tf.Tensor, tf.Tensor], tf.Tensor>(([v, i], save) => {
    const nd = tf.expandDims(i, -1);
    save([nd]);
    return {
      value: tf.scatterND(nd, v, [rows, ...v.shape.slice(i.rank)]),
      gradFunc: (dy, [sn]) => [tf.gatherND(dy, sn as tf.Tensor), tf.zerosLike(i)],
    };
  });
  return op(x, idx);
}
