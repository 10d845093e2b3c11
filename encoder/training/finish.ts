import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveModel, writeFileAtomic } from '../model-io.js';
import { scopeOf } from '../model-scope.js';
import type { TrainConfig } from './options.js';
import type { Session } from './restore.js';
import type { RunSetup } from './setup.js';

/** A finished run's model: weights and config (model.json, weights.bin) and how it came about (meta.json). */
export async function writeModel(c: TrainConfig, run: RunSetup, s: Session): Promise<void> {
  await saveModel(c.out, s.gnn);
  const meta = {
    ...c.meta,
    parameters: s.gnn.parameterCount(),
    config: s.gnn.config,
    steps: s.state.step,
    trainInstances: run.trainIdx.length,
    heldOut: run.held.length,
    loss: c.loss,
    eval: s.lastEval,
    ...(s.tau ? { learnedTau: s.tau.value() } : {}),
    backend: tf.getBackend(),
    // What the model is for: the guided solve of the CLI refuses problems outside it (model-scope.ts).
    scope: scopeOf(c.instances),
  };
  await writeFileAtomic(join(c.out, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
}

/** Frees the session's tensors and closes its log. */
export async function closeSession(s: Session): Promise<void> {
  await s.log.close();
  s.gnn.dispose();
  s.tau?.dispose();
  s.opt.dispose();
}
