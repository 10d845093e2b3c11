import * as tf from '@tensorflow/tfjs';
import { UserError } from '../solver/api/user-error.js';

/**
 * How the Gumbel-Softmax temperature falls from tau0 to its floor tauMin over `steps` steps. The
 * numbers come checked from the trainer's options (training/options.ts: --tau-start ≥ --tau-end > 0).
 */
export interface TauSchedule {
  /** exp: geometric τ0·(τmin/τ0)^(t/T); linear: straight line; cosine: half a cosine wave. */
  kind: 'exp' | 'linear' | 'cosine';
  /** Temperature at step 0. */
  tau0: number;
  /** Floor, reached at step `steps` and kept after it. */
  tauMin: number;
  /** Steps from tau0 to tauMin (≥ 1). */
  steps: number;
}

/** Temperature at `step` (0-based); monotone non-increasing, τ(0) = τ0, τ(t ≥ steps) = τmin. */
export function tauAt(s: TauSchedule, step: number): number {
  const f = Math.min(1, Math.max(0, step / s.steps));
  if (f === 1) return s.tauMin;
  let tau: number;
  if (s.kind === 'exp') tau = s.tau0 * (s.tauMin / s.tau0) ** f;
  else if (s.kind === 'linear') tau = s.tau0 + (s.tauMin - s.tau0) * f;
  else tau = s.tauMin + ((s.tau0 - s.tauMin) * (1 + Math.cos(Math.PI * f))) / 2;
  return Math.max(s.tauMin, tau);
}

/**
 * A learnable temperature τ = τmin + exp(θ), with θ a tf.Variable: log space keeps τ positive and
 * makes steps relative; the floor is soft (τ > τmin always) so the gradient never vanishes at it.
 * `train --learn-tau` trains θ with the network, from τ0 = --tau-start above the floor --tau-end.
 */
export class LearnableTau {
  /** θ = log(τ − τmin), trainable; unnamed (engine-numbered) so that several runs can share a process. */
  readonly logExcess: tf.Variable;

  constructor(
    tau0: number,
    readonly tauMin: number,
  ) {
    if (!(tauMin > 0 && tau0 > tauMin)) throw new UserError(`learnable τ: need τ0 > τmin > 0, got τ0 ${tau0}, τmin ${tauMin}`);
    this.logExcess = tf.variable(tf.scalar(Math.log(tau0 - tauMin)), true);
  }

  /** τ as a differentiable scalar. */
  tau(): tf.Scalar {
    return tf.tidy(() => tf.add(this.tauMin, tf.exp(this.logExcess)) as tf.Scalar);
  }

  /** τ as a number (reads the variable). */
  value(): number {
    return this.tauMin + Math.exp(this.theta());
  }

  /** θ as a number (checkpoints store it, so a resume continues from the same float32). */
  theta(): number {
    return this.logExcess.dataSync()[0] as number;
  }

  /** Sets θ (a checkpoint's). */
  restore(theta: number): void {
    tf.tidy(() => this.logExcess.assign(tf.scalar(theta)));
  }

  dispose(): void {
    this.logExcess.dispose();
  }
}
