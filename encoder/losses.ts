import * as tf from '@tensorflow/tfjs';
import { popcount32 } from '../solver/model/problem.js';
import { customOp } from './custom-grad.js';
import type { TfPropagator } from './tf-propagate.js';

/**
 * Training losses on encoder logits [B, nVars, D].
 *
 * Supervised: cross-entropy of the logits to a known solution (or to the set of values that still
 * lead to one), averaged over the variables that are not fixed from the start (given cells would
 * only dilute it).
 *
 * Unsupervised: the encoder's straight-through hard assignment (exactly one value per variable
 * forward, Gumbel-Softmax gradient backward) is propagated `rounds` soft rounds; a variable whose
 * value loses a support (a violated constraint) drops to weight 0. The loss is the mean over
 * variables of log(1 + ε) − log(mass + ε), mass = Σ_a p′[x, a]: 0 for a consistent assignment,
 * about log(1/ε) per variable a violated constraint reaches. Backward, a lost support's gradient points at the
 * neighbour values that would have supported it (∂(1 − Π(1 − p_b))/∂p_b = Π_{b′≠b}(1 − p_b′)).
 */

/**
 * Targets of the supervised loss: per free variable (more than one value in its initial domain) the
 * values it should take: the known solution's, or with `viable` masks every value that still leads
 * to a solution (a search state's `yes | unknown`), so that a state with several solutions is not
 * taught one of them arbitrarily. Plain arrays: the loss reads them in JavaScript.
 */
export interface SupervisedTarget {
  /** [B · nVars · D]: 1 on each free variable's target values, 0 elsewhere (and on fixed variables' rows). */
  onTarget: Uint8Array;
  /** [B · nVars]: 1 on free variables, 0 on fixed ones. */
  free: Uint8Array;
  /** Free variables in the batch (the normaliser), at least 1. */
  count: number;
}

/**
 * Targets from solutions (value index per variable), the initial domains and, optionally, a viable
 * mask per instance (null: its solution only), masks and domains in the same `words` layout.
 */
export function supervisedTarget(
  solutions: readonly Int32Array[],
  inits: readonly Uint32Array[],
  nVars: number,
  width: number,
  words: number,
  viables?: readonly (Uint32Array | null | undefined)[],
): SupervisedTarget {
  const B = solutions.length;
  const onTarget = new Uint8Array(B * nVars * width);
  const free = new Uint8Array(B * nVars);
  let count = 0;
  solutions.forEach((sol, i) => {
    const init = inits[i] as Uint32Array;
    const viable = viables?.[i] ?? null;
    for (let x = 0; x < nVars; x++) {
      let size = 0;
      for (let k = 0; k < words; k++) size += popcount32(init[x * words + k] as number);
      if (size <= 1) continue;
      const row = (i * nVars + x) * width;
      onTarget[row + (sol[x] as number)] = 1;
      if (viable)
        for (let a = 0; a < width; a++) {
          const w = x * words + (a >>> 5);
          if (((((init[w] as number) & (viable[w] as number)) >>> (a & 31)) & 1) === 1) onTarget[row + a] = 1;
        }
      free[i * nVars + x] = 1;
      count++;
    }
  });
  return { onTarget, free, count: Math.max(1, count) };
}

/**
 * Mean over free variables of −log (the softmax mass on the variable's targets): the cross-entropy
 * to the solution when the target is one value. Per free row, with shifted sums for stability,
 * loss = (max + log Σ exp(l − max)) − (max_T + log Σ_T exp(l − max_T)), and its gradient
 * (softmax(l) − softmax over the targets) / count. Computed in JavaScript over the logits read
 * once: a readout is small ([B, nVars, D]), and as tfjs kernels the loss and its gradient were
 * ~30 kernels of launch cost each at every round's readout.
 */
export function supervisedLoss(logits: tf.Tensor3D, target: SupervisedTarget): tf.Scalar {
  const op = customOp<[tf.Tensor], tf.Tensor>(([l], save) => {
    const x = l.dataSync() as Float32Array;
    const D = l.shape[2] as number;
    const grad = new Float32Array(x.length);
    const { onTarget, free, count } = target;
    let sum = 0;
    for (let r = 0; r < free.length; r++) {
      if (free[r] === 0) continue;
      const o = r * D;
      let top = Number.NEGATIVE_INFINITY;
      let topT = Number.NEGATIVE_INFINITY;
      for (let a = o; a < o + D; a++) {
        const v = x[a] as number;
        if (v > top) top = v;
        if (onTarget[a] === 1 && v > topT) topT = v;
      }
      let all = 0;
      let onT = 0;
      for (let a = o; a < o + D; a++) {
        all += Math.exp((x[a] as number) - top);
        if (onTarget[a] === 1) onT += Math.exp((x[a] as number) - topT);
      }
      sum += top + Math.log(all) - (topT + Math.log(onT));
      for (let a = o; a < o + D; a++) {
        const t = onTarget[a] === 1 ? Math.exp((x[a] as number) - topT) / onT : 0;
        grad[a] = (Math.exp((x[a] as number) - top) / all - t) / count;
      }
    }
    const g = tf.tensor(grad, l.shape);
    save([g]);
    g.dispose();
    return {
      value: tf.scalar(sum / count),
      gradFunc: (dy, [sg]) => [tf.mul(sg as tf.Tensor, dy)],
    };
  });
  return op(logits) as tf.Scalar;
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
