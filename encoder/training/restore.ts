import { access, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { UserError } from '../../solver/api/user-error.js';
import { Rng } from '../../solver/model/rng.js';
import { LearnableTau, type TauSchedule } from '../anneal.js';
import { latestCheckpoint, loadCheckpoint, restoreOptimizer, saveCheckpoint, type TrainState } from '../checkpoint.js';
import { Gnn } from '../gnn.js';
import { type EvalResult, NO_EVAL } from './evaluate.js';
import { MetricsLog } from './metrics-log.js';
import { fingerprint, gnnConfigOf, type TrainConfig } from './options.js';
import { RateAdam } from './rate-adam.js';
import type { RunSetup } from './setup.js';

/**
 * A run's trainable state, fresh or restored from `out/checkpoint`: the network, a learned τ, Adam,
 * the position (step, epoch, random streams) and the metrics log cut back to that position.
 */
export interface Session {
  gnn: Gnn;
  /** The learned temperature (--learn-tau), else null (τ follows `schedule`). */
  tau: LearnableTau | null;
  schedule: TauSchedule;
  /** Adam; --lr-end sets its rate before each step. */
  opt: RateAdam;
  /** What Adam trains: the network's weights, then θ of a learned τ. */
  vars: tf.Variable[];
  state: TrainState;
  /** The Gumbel-noise stream, at `state.step`. */
  noise: Rng;
  log: MetricsLog;
  /** The latest evaluation and the step it was made at (−1: none yet). */
  lastEval: EvalResult;
  evaluatedAt: number;
  /** Saves a checkpoint at the current step. */
  checkpoint(): Promise<void>;
}

/** What a run writes into --out; an earlier run's are refused without --force (and removed with it). */
export const OUTPUTS = ['model.json', 'weights.bin', 'meta.json', 'metrics.jsonl', 'curves.svg', 'checkpoint'];

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

export async function startOrResume(c: TrainConfig, run: RunSetup): Promise<Session> {
  const ckDir = join(c.out, 'checkpoint');
  const fp = fingerprint(c);
  let gnn: Gnn;
  let state: TrainState;
  const at = c.resume ? await latestCheckpoint(ckDir) : null;
  if (c.resume) {
    if (!at) throw new UserError(`--resume: no checkpoint in ${ckDir}`);
    const r = await loadCheckpoint(at);
    if (r.state.fingerprint !== fp) {
      r.gnn.dispose();
      throw new UserError(`--resume: ${at} was written with other options or data`);
    }
    if (r.state.step > run.totalSteps) {
      r.gnn.dispose();
      throw new UserError(`--epochs ${c.epochs}: the checkpoint is at step ${r.state.step}, past this run's ${run.totalSteps} steps`);
    }
    gnn = r.gnn;
    state = r.state;
  } else {
    const earlier = [];
    for (const f of OUTPUTS) if (await exists(join(c.out, f))) earlier.push(f);
    if (earlier.length > 0 && !c.force)
      throw new UserError(
        `--out ${c.out}: holds an earlier run (${earlier.join(', ')}); use --resume to continue it or --force to replace it`,
      );
    for (const f of earlier) await rm(join(c.out, f), { recursive: true, force: true });
    gnn = Gnn.init(gnnConfigOf(c), run.initRng);
    state = {
      step: 0,
      epoch: 0,
      stepInEpoch: 0,
      planRng: run.planStart,
      noiseRng: run.noiseStart,
      fingerprint: fp,
      scheduleSteps: run.totalSteps,
    };
  }
  await mkdir(ckDir, { recursive: true });
  const tau = c.learnTau ? new LearnableTau(c.tauStart, c.tauEnd) : null;
  if (tau && state.logTauExcess !== undefined) tau.restore(state.logTauExcess);
  const opt = new RateAdam(c.lr);
  if (at) await restoreOptimizer(at, opt);
  const log = await MetricsLog.open(join(c.out, 'metrics.jsonl'), at ? state.step : null);
  const row = log.lastEval();
  const session: Session = {
    gnn,
    tau,
    schedule: { ...run.schedule, steps: state.scheduleSteps },
    opt,
    vars: tau ? [...gnn.variables(), tau.logExcess] : gnn.variables(),
    state,
    noise: Rng.fromState(state.noiseRng),
    log,
    lastEval: row
      ? {
          solveRate: row.solveRate ?? Number.NaN,
          solvedByInput: row.solvedByInput ?? Number.NaN,
          accuracy: row.accuracy ?? Number.NaN,
          satisfied: row.satisfied ?? Number.NaN,
          instances: run.held.length,
        }
      : NO_EVAL,
    evaluatedAt: row ? row.step : -1,
    checkpoint: async () => {
      state.noiseRng = session.noise.state();
      if (tau) state.logTauExcess = tau.theta();
      await saveCheckpoint(ckDir, state, gnn, opt);
    },
  };
  return session;
}
