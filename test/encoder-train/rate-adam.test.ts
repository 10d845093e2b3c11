import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { loadCheckpoint, restoreOptimizer, saveCheckpoint, type TrainState } from '../../encoder/checkpoint.js';
import { Gnn } from '../../encoder/gnn.js';
import { RateAdam } from '../../encoder/training/rate-adam.js';
import { Rng } from '../../solver/model/rng.js';

/** RateAdam: tfjs's Adam whose rate --lr-end sets between steps, checkpointed as plain Adam. */

let dir: string;
beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
  dir = mkdtempSync(join(tmpdir(), 'softprop-rate-adam-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = [0.5, -1.25, 2, -0.75];

/** One minimize of Σ c·x² from START; the variable's values after it. */
function oneStep(opt: tf.Optimizer): number[] {
  const x = tf.variable(tf.tensor1d(START));
  const c = tf.tensor1d([1, 3, 0.5, 2]);
  opt.minimize(() => tf.sum(tf.mul(c, tf.square(x))) as tf.Scalar, false, [x]);
  const after = Array.from(x.dataSync());
  x.dispose();
  c.dispose();
  opt.dispose();
  return after;
}

it('setLearningRate sets the step size: one step equals a fresh Adam built with that rate', () => {
  const set = new RateAdam(0.5);
  set.setLearningRate(0.01);
  const stepped = oneStep(set);
  expect(stepped).toEqual(oneStep(tf.train.adam(0.01)));
  // The step is that of the set rate, not the built one (Adam's first step moves each weight by about the rate).
  expect(stepped).not.toEqual(oneStep(new RateAdam(0.5)));
  for (let i = 0; i < START.length; i++) expect(Math.abs((stepped[i] as number) - (START[i] as number))).toBeCloseTo(0.01, 4);
});

it('a checkpoint of RateAdam is an Adam checkpoint, and training resumed from it is bit-identical', async () => {
  const config = { hidden: 4, message: 2, rounds: 1 };
  // A loss over every weight, no graph needed: Σ w² plus a weight-dependent tilt so the moments differ per weight.
  const loss = (vars: tf.Variable[]) => () => tf.addN(vars.map((v) => tf.sum(tf.mul(tf.square(v), tf.add(1, tf.abs(v)))))) as tf.Scalar;
  const gnn = Gnn.init(config, Rng.seeded(3));
  const opt = new RateAdam(0.02);
  opt.minimize(loss(gnn.variables()), false, gnn.variables());
  opt.setLearningRate(0.005);
  opt.minimize(loss(gnn.variables()), false, gnn.variables());
  const state: TrainState = {
    step: 2,
    epoch: 0,
    stepInEpoch: 2,
    planRng: Rng.seeded(1).state(),
    noiseRng: Rng.seeded(2).state(),
    fingerprint: 'rate-adam',
    scheduleSteps: 4,
  };
  await saveCheckpoint(dir, state, gnn, opt);
  const at = join(dir, 'step-2');
  // Checkpoints written before RateAdam (tf.train.adam's) and after it are of one kind.
  const plain = tf.train.adam(0.02);
  await restoreOptimizer(at, plain);
  plain.dispose();

  // The resumed run builds its RateAdam at the starting rate and sets the step's rate, as train does.
  const r = await loadCheckpoint(at);
  const resumed = new RateAdam(0.02);
  await restoreOptimizer(at, resumed);
  for (const [o, vars] of [
    [opt, gnn.variables()],
    [resumed, r.gnn.variables()],
  ] as const) {
    o.setLearningRate(0.001);
    o.minimize(loss(vars), false, vars);
  }
  const flat = (g: Gnn) => g.variables().flatMap((v) => Array.from(v.dataSync()));
  expect(flat(r.gnn)).toEqual(flat(gnn));
  opt.dispose();
  resumed.dispose();
  gnn.dispose();
  r.gnn.dispose();
});
