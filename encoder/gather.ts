import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-grad.js';

/**
 * Row gathers and row sums with custom gradients. tfjs's `tf.gather` gradient uses
 * UnsortedSegmentSum, which the wasm backend does not register and the cpu backend runs very
 * slowly (50 s for 64 segments over 6.6 M elements), and gatherND / scatterND have no stock
 * gradient at all: a gather's adjoint is a scatter-add, and the reverse.
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
 * `tf.concat(parts, 0)` whose gradient takes each part's rows back with gatherND: tfjs's concat
 * gradient splits, and wasm's split slices, which copies the whole input out of the heap per part
 * (~0.8 ms to split a [2, 11664] gradient in two, against ~0.03 ms for two row gathers).
 */
export function concatRows(parts: tf.Tensor[]): tf.Tensor {
  const op = customOp<tf.Tensor[], tf.Tensor>((xs) => {
    const sizes = xs.map((x) => x.shape[0] as number);
    return {
      value: tf.concat(xs, 0),
      gradFunc: (dy) => {
        let at = 0;
        return sizes.map((n) => {
          const rows = tf.tensor2d(
            Int32Array.from({ length: n }, (_, i) => at + i),
            [n, 1],
            'int32',
          );
          at += n;
          return tf.gatherND(dy, rows);
        });
      },
    };
  });
  return op(...parts);
}

/**
 * A gather and a scatter-add fused: out[to[k]] += x[from[k]] into `rows` rows, as one sparse
 * segment sum (a kernel on wasm and cpu) over the pairs sorted by destination once. The sort is
 * stable, so each row sums its terms in pair order, as the scatter-add of a gather does.
 */
export interface RowSums {
  from: tf.Tensor1D;
  to: tf.Tensor1D;
  pairs: number;
  rows: number;
  /** The highest destination + 1: a segment sum's output stops there, the rest is zero padding. */
  reached: number;
  /**
   * `from` as [rows, 1] when every row is the destination of exactly one pair: the sums are then a
   * row gather, which gatherND copies faster than a segment sum adds (a variable's term to its nodes).
   */
  gather: tf.Tensor2D | null;
}

/** The pairs `from[k]` → `to[k]` (destinations in [0, rows)), kept out of any enclosing tf.tidy. */
export function rowSums(from: Int32Array, to: Int32Array, rows: number): RowSums {
  const start = new Int32Array(rows + 1);
  for (const d of to) start[d + 1] = (start[d + 1] as number) + 1;
  for (let m = 0; m < rows; m++) start[m + 1] = (start[m + 1] as number) + (start[m] as number);
  const sortedFrom = new Int32Array(from.length);
  const sortedTo = new Int32Array(to.length);
  to.forEach((d, k) => {
    const at = start[d] as number;
    sortedFrom[at] = from[k] as number;
    sortedTo[at] = d;
    start[d] = at + 1;
  });
  const gather = to.length === rows && sortedTo.every((d, k) => d === k);
  return {
    from: tf.keep(tf.tensor1d(sortedFrom, 'int32')),
    to: tf.keep(tf.tensor1d(sortedTo, 'int32')),
    pairs: from.length,
    rows,
    reached: to.length > 0 ? (sortedTo[to.length - 1] as number) + 1 : 0,
    gather: gather ? tf.keep(tf.tensor2d(sortedFrom, [rows, 1], 'int32')) : null,
  };
}

/**
 * The pairs `from[k]` → `to[k]` whose destination lies in [lo, hi), summed into hi − lo rows (row
 * d − lo): the rows [lo, hi) of `rowSums(from, to, ·)`'s sums, each in the same pair order, without
 * summing the other rows and slicing (a slice on wasm copies its whole input out of the heap first).
 */
export function rowSumsIn(from: Int32Array, to: Int32Array, lo: number, hi: number): RowSums {
  const keep: number[] = [];
  to.forEach((d, k) => {
    if (d >= lo && d < hi) keep.push(k);
  });
  return rowSums(
    Int32Array.from(keep, (k) => from[k] as number),
    Int32Array.from(keep, (k) => (to[k] as number) - lo),
    hi - lo,
  );
}

export function disposeRowSums(s: RowSums): void {
  s.from.dispose();
  s.to.dispose();
  s.gather?.dispose();
}

/** out[to[k]] += x[from[k]]: [s.rows] ++ x.shape[1:] (no gradient: for the inside of custom ops). */
export function sumRows(x: tf.Tensor, s: RowSums): tf.Tensor {
  if (s.pairs === 0) return tf.zeros([s.rows, ...x.shape.slice(1)]);
  if (s.gather) return tf.gatherND(x, s.gather);
  const out = tf.sparse.sparseSegmentSum(x, s.from, s.to);
  if (s.reached === s.rows) return out;
  const pad: [number, number][] = x.shape.map(() => [0, 0]);
  pad[0] = [0, s.rows - s.reached];
  return tf.pad(out, pad);
}

/** Pairs summed both ways: `fwd` sums x[from[k]] into row to[k], `back` (its adjoint) the other way. */
export interface AdjointRowSums {
  fwd: RowSums;
  back: RowSums;
}

/** `from` indexes `fromRows` rows, `to` indexes `toRows` rows. */
export function adjointRowSums(from: Int32Array, to: Int32Array, fromRows: number, toRows: number): AdjointRowSums {
  return { fwd: rowSums(from, to, toRows), back: rowSums(to, from, fromRows) };
}

export function disposeAdjointRowSums(s: AdjointRowSums): void {
  disposeRowSums(s.fwd);
  disposeRowSums(s.back);
}

/** The same pairs with the roles swapped (a gather by `to` when every `from` row is one pair). */
export function reversed(s: AdjointRowSums): AdjointRowSums {
  return { fwd: s.back, back: s.fwd };
}

/** Differentiable `sumRows(x, s.fwd)`: its gradient is `sumRows(dy, s.back)`. */
export function sumRowsOp(x: tf.Tensor, s: AdjointRowSums): tf.Tensor {
  const op = customOp<[tf.Tensor], tf.Tensor>(([v]) => ({
    value: sumRows(v, s.fwd),
    gradFunc: (dy) => [sumRows(dy, s.back)],
  }));
  return op(x);
}
