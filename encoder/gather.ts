import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-grad.js';

/**
 * Row gather and row scatter-add with gradients built from each other. tfjs's `tf.gather`
 * gradient uses UnsortedSegmentSum, which the wasm backend does not register and the cpu backend
 * runs very slowly (50 s for 64 segments over 6.6 M elements), and gatherND / scatterND have no
 * stock gradient at all; these two are each other's adjoint.
 * The index is a graph's structure, alive for as long as its graph (never an intermediate), so the
 * gradient reads it from the closure: as an input of the op it would be saved (a clone) and given
 * a zero gradient (a fill) at every call.
 */

/** `x[idx]` along axis 0: output shape idx.shape ++ x.shape[1:]. `idx` is int32, any shape. */
export function gatherRows(x: tf.Tensor, idx: tf.Tensor): tf.Tensor {
  const shape = x.shape;
  const op = customOp<[tf.Tensor], tf.Tensor>(([v]) => ({
    value: tf.gatherND(v, tf.expandDims(idx, -1)),
    // scatterND sums duplicate indices: exactly the adjoint of a gather.
    gradFunc: (dy) => [tf.scatterND(tf.expandDims(idx, -1), dy, shape)],
  }));
  return op(x);
}

/**
 * Sums the rows of `x` (shape idx.shape ++ rest) into `rows` zero rows at `idx` (duplicates add
 * up): output shape [rows] ++ rest.
 */
export function scatterRows(x: tf.Tensor, idx: tf.Tensor, rows: number): tf.Tensor {
  const op = customOp<[tf.Tensor], tf.Tensor>(([v]) => ({
    value: tf.scatterND(tf.expandDims(idx, -1), v, [rows, ...v.shape.slice(idx.rank)]),
    gradFunc: (dy) => [tf.gatherND(dy, tf.expandDims(idx, -1))],
  }));
  return op(x);
}
