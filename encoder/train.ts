import { join } from 'node:path';
import { Rng } from '../solver/model/rng.js';
import { tauAt } from './anneal.js';
import {
  closeSession,
  type EvalResult,
  evaluateHeld,
  planEpoch,
  resolveTrainOptions,
  type Session,
  setupRun,
  startOrResume,
  type TrainOptions,
  trainStep,
  writeCurves,
  writeModel,
} from './training/index.js';

/**
 * The training loop, in the order a run goes: options filled and checked, the run set up (data
 * view, split, random streams, graphs), the session started or restored from a checkpoint, then
 * steps over each epoch's batch plan with periodic held-out evaluation and atomic checkpoints, and
 * at the end the model and meta.json. The parts live in training/; a killed run resumed with
 * --resume continues bit for bit (weights, Adam state, metrics log and plot).
 */

export type { EvalResult, LossKind, TrainOptions, TrainProgress } from './training/index.js';

const PLOT_EVERY_MS = 60_000;

export interface TrainResult {
  steps: number;
  totalSteps: number;
  finished: boolean;
  finalLoss: number;
  eval: EvalResult;
  /** Training instances per second of this run (steps only, evaluation excluded). */
  instancesPerSec: number;
  parameters: number;
  /** The learned τ at the end (--learn-tau), else undefined. */
  learnedTau?: number;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  const c = resolveTrainOptions(o);
  const run = setupRun(c);
  let s: Session | undefined;
  try {
    s = await startOrResume(c, run);
    const session = s;
    const { state } = session;
    const evaluate = async () => {
      const e = evaluateHeld(session.gnn, run.items, run.held, run.graphs, c.batch);
      session.lastEval = e;
      session.evaluatedAt = state.step;
      await session.log.append({
        step: state.step,
        epoch: state.epoch,
        solveRate: e.solveRate,
        solvedByInput: e.solvedByInput,
        accuracy: e.accuracy,
        satisfied: e.satisfied,
      });
    };
    // Rendering the plot takes about a second: at checkpoints at most once a minute, and at the end.
    let plottedAt = performance.now();
    const plot = async () => {
      await writeCurves(join(c.out, 'curves.svg'), session.log.rows);
      plottedAt = performance.now();
    };
    const checkpoint = async () => {
      await session.checkpoint();
      if (performance.now() - plottedAt > PLOT_EVERY_MS) await plot();
    };

    let lastLoss = Number.NaN;
    let trainMs = 0;
    let trainedInstances = 0;
    const stopAt = Math.min(run.totalSteps, c.stopAt ?? run.totalSteps);
    // --lr-end: the rate of each step from its number alone (a resumed run continues the same curve).
    const lrCurve = c.lrEnd === undefined ? null : { kind: 'cosine' as const, tau0: c.lr, tauMin: c.lrEnd, steps: session.schedule.steps };
    while (state.step < stopAt) {
      const epochPlanRng = Rng.fromState(state.planRng);
      const plan = planEpoch(epochPlanRng, run.epochMembers(state.epoch), c.batch);
      for (let b = state.stepInEpoch; b < plan.length && state.step < stopAt; b++) {
        const members = plan[b] as number[];
        if (lrCurve) session.opt.setLearningRate(tauAt(lrCurve, state.step));
        const t0 = performance.now();
        const r = await trainStep(c, run, session, members);
        trainMs += performance.now() - t0;
        trainedInstances += members.length;
        lastLoss = r.loss;
        state.step++;
        state.stepInEpoch = b + 1;
        await session.log.append({ step: state.step, epoch: state.epoch, loss: r.loss, tau: r.tau });
        if (c.evalEvery > 0 && state.step % c.evalEvery === 0) {
          await evaluate();
          await checkpoint();
        }
        c.onStep?.({
          step: state.step,
          totalSteps: run.totalSteps,
          epoch: state.epoch,
          loss: r.loss,
          tau: r.tau,
          solveRate: session.lastEval.solveRate,
        });
        // wasm resolves data() at once: give timers (the CLI's progress line) a turn every step.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (state.stepInEpoch >= plan.length) {
        state.epoch++;
        state.stepInEpoch = 0;
        state.planRng = epochPlanRng.state();
      }
    }
    const finished = state.step >= run.totalSteps;
    // An interrupted run (stopAt) skips the evaluation, so its log stays that of the straight run;
    // a resumed finished run has its final evaluation in the log already.
    if (finished && session.evaluatedAt !== state.step) await evaluate();
    await session.checkpoint();
    await plot();
    if (finished) await writeModel(c, run, session);
    return {
      steps: state.step,
      totalSteps: run.totalSteps,
      finished,
      finalLoss: lastLoss,
      eval: session.lastEval,
      instancesPerSec: trainMs > 0 ? (trainedInstances * 1000) / trainMs : 0,
      parameters: session.gnn.parameterCount(),
      ...(session.tau ? { learnedTau: session.tau.value() } : {}),
    };
  } finally {
    if (s) await closeSession(s);
    run.close();
  }
}
