import * as tf from '@tensorflow/tfjs';
import { tauAt } from '../anneal.js';
import { disposeBatchInput, noiseTensor } from '../gnn.js';
import { gumbelNoise, hardGumbelSoftmax } from '../gumbel.js';
import { supervisedLoss, supervisedTarget, unsupervisedLoss } from '../losses.js';
import type { TrainConfig } from './options.js';
import type { Session } from './restore.js';
import type { RunSetup } from './setup.js';

/**
 * One optimisation step on one batch: logits → (supervised) cross-entropy to the known solutions
 * and/or (unsupervised) Gumbel-Softmax at τ → straight-through hard assignment → soft propagation
 * → lost mass; one Adam update of the network (and of θ, when τ is learned). A batch of several
 * structures is one block-diagonal graph, so its loss is the same mean over free variables (or
 * over variables) that a batch of one structure has. With per-round readouts the loss is the mean
 * of that loss over the rounds; the network's inner soft rounds run in the training form
 * (hdl/SPEC.md section 8), and its random node features are drawn fresh from the noise stream.
 */
export interface StepResult {
  /** The batch's loss before the update. */
  loss: number;
  /** The temperature the step used. */
  tau: number;
}

export async function trainStep(c: TrainConfig, run: RunSetup, s: Session, members: readonly number[]): Promise<StepResult> {
  const b = run.graphs.of(members);
  const g = b.group;
  const tau = s.tau ? s.tau.value() : tauAt(s.schedule, s.state.step);
  const input = run.graphs.input(b);
  const cfg = s.gnn.config;
  const R = cfg.randomFeatures ?? 0;
  if (R > 0) input.noise = noiseTensor(s.noise, g.index.nVars * g.index.width * b.inits.length, R);
  const target =
    c.loss === 'unsupervised'
      ? null
      : supervisedTarget(
          b.solutions as Int32Array[],
          b.inits,
          g.index.nVars,
          g.index.width,
          g.program.words,
          c.target === 'viable' ? b.viables : undefined,
        );
  const noise = g.prop ? gumbelNoise(s.noise, [b.inits.length, g.index.nVars, g.index.width]) : null;
  const cost = s.opt.minimize(
    () => {
      const all = s.gnn.roundLogits(g.tensors, input, { rounds: c.rounds, form: 'training', forGradient: true });
      const readouts = cfg.perRoundLoss ? all : all.slice(-1);
      const terms: tf.Scalar[] = [];
      for (const logits of readouts) {
        if (target) terms.push(supervisedLoss(logits, target));
        if (noise && g.prop) {
          const hard = hardGumbelSoftmax(logits, noise, s.tau ? s.tau.tau() : tau) as tf.Tensor3D;
          terms.push(unsupervisedLoss(hard, g.prop, c.propRounds, g.masses));
        }
      }
      const sum = terms.length === 1 ? (terms[0] as tf.Scalar) : tf.addN(terms);
      return (readouts.length === 1 ? sum : tf.div(sum, readouts.length)) as tf.Scalar;
    },
    true,
    s.vars,
  ) as tf.Scalar;
  const loss = (await cost.data())[0] as number;
  cost.dispose();
  disposeBatchInput(input);
  noise?.dispose();
  b.release();
  return { loss, tau };
}
