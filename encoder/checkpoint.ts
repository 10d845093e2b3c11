import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../solver/api/user-error.js';
import type { Gnn } from './gnn.js';
import { loadModel, loadOptimizer, saveModel, saveOptimizer, writeFileAtomic } from './model-io.js';

/**
 * Training checkpoints: everything `--resume` needs to continue bit for bit — weights, Adam state,
 * the random streams, the position in the epoch's batch plan and the step count (which fixes the
 * τ schedule). Each checkpoint is a fresh folder `step-N/`; `latest.json` is rewritten atomically
 * to point at it only once the folder is complete, so a crash mid-save leaves the previous one.
 */

export interface TrainState {
  /** Steps done. */
  step: number;
  epoch: number;
  /** Batches of the current epoch already done. */
  stepInEpoch: number;
  /** Batch-plan stream at the start of the current epoch (the plan is recomputed from it). */
  planRng: number[];
  /** Gumbel-noise stream, now. */
  noiseRng: number[];
  /** Options that must not change across a resume (model shape, data split, schedule). */
  fingerprint: string;
  /** Steps of the τ schedule, fixed when the run started: a resume with more epochs goes on at the floor. */
  scheduleSteps: number;
  /** With a learned τ: its parameter θ = log(τ − τmin) (`LearnableTau`). */
  logTauExcess?: number;
}

/** Adam's bias-correction powers: tfjs's setWeights recomputes them with pow(), which is not bit-identical to the running product. */
interface AdamPowers {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

export async function saveCheckpoint(dir: string, state: TrainState, gnn: Gnn, opt: tf.Optimizer): Promise<void> {
  const name = `step-${state.step}`;
  const at = join(dir, name);
  await rm(at, { recursive: true, force: true });
  await mkdir(at, { recursive: true });
  await saveModel(at, gnn);
  const powers = opt as unknown as Partial<AdamPowers>;
  await saveOptimizer(at, opt, {
    accBeta1: powers.accBeta1?.dataSync()[0],
    accBeta2: powers.accBeta2?.dataSync()[0],
  });
  await writeFileAtomic(join(at, 'state.json'), `${JSON.stringify(state)}\n`);
  await writeFileAtomic(join(dir, 'latest.json'), `${JSON.stringify({ dir: name })}\n`);
  for (const e of await readdir(dir)) if (e.startsWith('step-') && e !== name) await rm(join(dir, e), { recursive: true, force: true });
}

/** The latest checkpoint in `dir`, or null when there is none. */
export async function latestCheckpoint(dir: string): Promise<string | null> {
  try {
    const { dir: name } = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as { dir: string };
    return join(dir, name);
  } catch {
    return null;
  }
}

export interface Restored {
  state: TrainState;
  gnn: Gnn;
}

/** Loads a checkpoint folder; the optimizer must be new, of the same kind, over `gnn`'s variables. */
export async function loadCheckpoint(at: string): Promise<Restored> {
  let state: TrainState;
  try {
    state = JSON.parse(await readFile(join(at, 'state.json'), 'utf8')) as TrainState;
  } catch (e) {
    throw new UserError(`${join(at, 'state.json')}: ${(e as Error).message}`);
  }
  const { gnn } = await loadModel(at);
  return { state, gnn };
}

/** Restores optimizer state, after the optimizer has been built over the restored model's variables. */
export async function restoreOptimizer(at: string, opt: tf.Optimizer): Promise<void> {
  const topo = (await loadOptimizer(at, opt)) as { accBeta1?: number; accBeta2?: number };
  const powers = opt as unknown as Partial<AdamPowers>;
  tf.tidy(() => {
    if (topo.accBeta1 !== undefined) powers.accBeta1?.assign(tf.scalar(topo.accBeta1));
    if (topo.accBeta2 !== undefined) powers.accBeta2?.assign(tf.scalar(topo.accBeta2));
  });
}
