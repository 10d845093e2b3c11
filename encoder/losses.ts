import * as tf from '@tensorflow/tfjs';
import { popcount32 } from '../solver/model/problem.js';
import { customOp } from './custom-grad.js';
import type { TfPropagator } from './tf-propagate.js';

/**
 * Training losses on encoder logits [B, nVars, D].
 *
 * Supervised: cross-entropy of the logits to a known solution, averaged over the variables that
 * are not fixed from the start (given cells would only dilute it).
 *
 * Unsupervised: the encoder's straight-through hard assignment (exactly one value per variable
 * forward, Gumbel-Softmax gradient backward) is propagated `rounds` soft rounds; a variable whose
 * value loses a support (a violated constraint) drops to weight 0. The loss is the mean over
 * variables of log(1 + ε) − log(mass + ε), mass = Σ_a p′[x, a]: 0 for a consistent assignment,
 * about log(1/ε) per variable a violated constraint reaches. Backward, a lost support's gradient points at the
 * neighbour values that would have supported it (∂(1 − Π(1 − p_b))/∂p_b = Π_{b′≠b}(1 − p_b′)).
 */

/** One-hot targets [B, nVars, D] for the free variables and their count (the normaliser). */
export interface SupervisedTarget {
  onehot: tf.Tensor3D;
  free: number;
}

/**
 * Targets from solutions (value index per variable) and the initial domains: variables whose
 * initial domain is a single value get an all-zero row.
 */
export function supervisedTarget(
  solutions: readonly Int32Array[],
  inits: readonly Uint32Array[],
  nVars: number,
  width: number,
  words: number,
): SupervisedTarget {
  const B = solutions.length;
  const t = new Float32Array(B * nVars * width);
  let free = 0;
  solutions.forEach((sol, i) => {
    const init = inits[i] as Uint32Array;
    for (let x = 0; x < nVars; x++) {
      let size = 0;
      for (let k = 0; k < words; k++) size += popcount32(init[x * words + k] as number);
      if (size <= 1) continue;
      t[(i * nVars + x) * width + (sol[x] as number)] = 1;
      free++;
    }
  });
  return { onehot: tf.tensor3d(t, [B, nVars, width]), free: Math.max(1, free) };
}

export function supervisedLoss(logits: tf.Tensor3D, target: SupervisedTarget): tf.Scalar {
  return tf.tidy(() => tf.div(tf.neg(tf.sum(tf.mul(target.onehot, tf.logSoftmax(logits)))), target.free) as tf.Scalar);
}

/** ε of −log(mass + ε): bounds a wiped-out variable's loss at log(1/ε) and its gradient at 1/ε. */
export const MASS_EPS = 0.01;

/**
 * Per-variable masses [B · nVars] after `rounds` hard rounds from the assignment (value index per
 * instance and variable): a hard propagation device computing the forward pass. With 0/1 weights
 * the soft rounds are exactly hard arc consistency (hdl/SPEC.md 3), so its masses equal the soft
 * ones bit for bit and only where the numbers are computed changes.
 */
export type HardMasses = (assignment: Int32Array, batch: number) => Float32Array;

/** Forward: `forced`; backward: the gradient goes to `soft` (the differentiable surrogate). */
const forwardFrom = customOp<[tf.Tensor, tf.Tensor], tf.Tensor>(([, forced]) => ({
  value: tf.clone(forced),
  gradFunc: (dy) => [dy, tf.zerosLike(dy)],
}));

/**
 * Unsupervised loss of hard (one-hot forward) assignments [B, nVars, D] after `rounds` soft rounds;
 * with `device`, the forward masses come from it and the gradient from the soft surrogate.
 */
export function unsupervisedLoss(hard: tf.Tensor3D, prop: TfPropagator, rounds: number, device?: HardMasses): tf.Scalar {
  return tf.tidy(() => {
    let mass = tf.sum(prop.propagate(hard, rounds), -1);
    if (device) {
      const [b, n] = hard.shape;
      const forced = tf.tensor2d(device(tf.argMax(hard, -1).dataSync() as Int32Array, b), [b, n]);
      mass = forwardFrom(mass, forced) as tf.Tensor2D;
    }
    return tf.sub(Math.log(1 + MASS_EPS), tf.mean(tf.log(tf.add(mass, MASS_EPS)))) as tf.Scalar;
  });
}
