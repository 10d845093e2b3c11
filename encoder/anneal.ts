import * as tf from '@tensorflow/tfjs';
import { UserError } from '../solver/api/user-error.js';

/** How the Gumbel-Softmax temperature falls from tau0 to its floor tauMin over `steps` steps. */
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

/** Checks a schedule's numbers; bad values are the user's (flags), so UserError. */
export function checkSchedule(s: TauSchedule): TauSchedule {
  if (!(s.tauMin > 0)) throw new UserError(`--tau-min ${s.tauMin}: must be > 0`);
  if (!(s.tau0 >= s.tauMin)) throw new UserError(`--tau ${s.tau0}: must be ≥ --tau-min ${s.tauMin}`);
  if (!(Number.isInteger(s.steps) && s.steps >= 1)) throw new UserError(`--tau-steps ${s.steps}: must be an integer ≥ 1`);
  if (s.kind !== 'exp' && s.kind !== 'linear' && s.kind !== 'cosine')
    throw new UserError(`--tau-schedule ${s.kind}: expected exp, linear or cosine`);
  return s;
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
 */
export class LearnableTau {
  /** θ = log(τ − τmin), trainable. */
  readonly logExcess: tf.Variable;

  constructor(
    tau0: number,
    readonly tauMin: number,
  ) {
    if (!(tauMin > 0 && tau0 > tauMin)) throw new UserError(`learnable τ: need τ0 > τmin > 0, got τ0 ${tau0}, τmin ${tauMin}`);
    this.logExcess = tf.variable(tf.scalar(Math.log(tau0 - tauMin)), true, 'logTauExcess');
  }

  /** τ as a differentiable scalar. */
  tau(): tf.Scalar {
    return tf.tidy(() => tf.add(this.tauMin, tf.exp(this.logExcess)) as tf.Scalar);
  }

  /** τ as a number (reads the variable). */
  value(): number {
    return this.tauMin + Math.exp(this.logExcess.dataSync()[0] as number);
  }

  dispose(): void {
    this.logExcess.dispose();
  }
}
