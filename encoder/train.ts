import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Device } from '../fpga/device.js';
import { openDevice } from '../fpga/open-device.js';
import { UserError } from '../solver/api/user-error.js';
import { popcount32 } from '../solver/model/problem.js';
import { Rng } from '../solver/model/rng.js';
import { type ArcProgram, compileArcs } from '../solver/rounds/arcs.js';
import { checkSolution } from '../solver/search/checker.js';
import { checkSchedule, type TauSchedule, tauAt } from './anneal.js';
import { latestCheckpoint, loadCheckpoint, restoreOptimizer, saveCheckpoint, type TrainState } from './checkpoint.js';
import type { DatasetItem } from './datasets/record.js';
import { deviceMasses } from './device-masses.js';
import {
  type BatchInput,
  batchInput,
  disposeBatchInput,
  disposeGraphTensors,
  Gnn,
  type GraphIndex,
  type GraphTensors,
  graphIndex,
  graphTensors,
} from './gnn.js';
import { gumbelNoise, hardGumbelSoftmax } from './gumbel.js';
import { type InputView, inputView } from './input-view.js';
import { type HardMasses, supervisedLoss, supervisedTarget, unsupervisedLoss } from './losses.js';
import { saveModel, writeFileAtomic } from './model-io.js';
import { plotSvg } from './plot-svg.js';
import { structureKey } from './structure-key.js';
import { TfPropagator } from './tf-propagate.js';

/**
 * The training loop: logits → Gumbel-Softmax at τ → straight-through hard assignment → soft
 * propagation → loss (unsupervised), and/or cross-entropy to known solutions (supervised); Adam;
 * τ annealed by a schedule over all steps; periodic evaluation on a held-out split; atomic
 * checkpoints from which `resume` continues bit for bit; a metrics JSONL log and an SVG of the
 * curves. Instances are batched with others of the same structure (same variables, domain sizes
 * and constraints; e.g. all 9×9 sudokus), since one batch shares one arc program.
 */

export type LossKind = 'supervised' | 'unsupervised' | 'both';

/** A training instance: a problem and, for supervised losses, a solution (value indices). */
type Item = Pick<DatasetItem, 'problem' | 'solution'>;

export interface TrainOptions {
  /** Training data (see `readDataset`); supervised losses need solutions. */
  instances: readonly Item[];
  /** Output folder: model.json, weights.bin, meta.json, metrics.jsonl, curves.svg, checkpoint/. */
  out: string;
  epochs: number;
  /** Instances per step (fewer when a structure group runs out). */
  batch: number;
  /** Adam learning rate. */
  lr: number;
  /** τ from tauStart to tauEnd over all steps, by `schedule`. */
  tauStart: number;
  tauEnd: number;
  schedule: TauSchedule['kind'];
  loss: LossKind;
  /**
   * Where the unsupervised loss's hard forward propagation runs: 'ts' in tfjs itself, 'verilator'
   * on the simulated core (the gradient still comes from the soft surrogate; results are identical).
   */
  device?: 'ts' | 'verilator';
  /** A device to use instead of the one `device` names (tests: the bit-exact TS reference device). */
  hardDevice?: Device;
  seed: number;
  /** Continue from out/checkpoint (same options required). */
  resume?: boolean;
  /** Evaluate (and checkpoint) every this many steps; 0: only at the end. */
  evalEvery: number;
  /** Fraction of instances held out for evaluation (default 0.1, at least one when there are ≥ 2). */
  holdout?: number;
  /** Domains the network reads (default 'root': after the solver's root propagation). */
  input?: InputView;
  /** Encoder shape (defaults 64, 16, 6). */
  hidden?: number;
  message?: number;
  rounds?: number;
  /** Soft propagation rounds in the unsupervised loss (default 1). */
  propRounds?: number;
  /** Stop this run after this many steps in total (with a checkpoint): interrupts and tests. */
  stopAt?: number;
  /** Extra metadata written to meta.json (e.g. the command that reproduces the model). */
  meta?: Record<string, unknown>;
  /** Called after every step. */
  onStep?: (p: TrainProgress) => void;
}

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  tau: number;
  /** Latest held-out solve rate (NaN before the first evaluation). */
  solveRate: number;
}

export interface EvalResult {
  /** Share of held-out instances whose argmax assignment is a solution (checked). */
  solveRate: number;
  /** Share of free variables whose argmax is the known solution's value (NaN without solutions). */
  accuracy: number;
  instances: number;
}

export interface TrainResult {
  steps: number;
  totalSteps: number;
  finished: boolean;
  finalLoss: number;
  eval: EvalResult;
  /** Training instances per second of this run (steps only, evaluation excluded). */
  instancesPerSec: number;
  parameters: number;
}

interface Group {
  program: ArcProgram;
  index: GraphIndex;
  tensors: GraphTensors;
  prop: TfPropagator | null;
  masses: HardMasses | undefined;
}

export interface MetricRow {
  step: number;
  epoch: number;
  loss?: number;
  tau?: number;
  solveRate?: number;
  accuracy?: number;
}

/** The options a resume must share with the run it continues. */
function fingerprint(o: TrainOptions, n: number): string {
  return JSON.stringify([
    n,
    o.epochs,
    o.batch,
    o.lr,
    o.tauStart,
    o.tauEnd,
    o.schedule,
    o.loss,
    o.seed,
    o.holdout,
    o.hidden,
    o.message,
    o.rounds,
    o.propRounds,
  ]);
}

function checkOptions(o: TrainOptions): void {
  const posInt = (v: number, flag: string) => {
    if (!(Number.isInteger(v) && v >= 1)) throw new UserError(`${flag} ${v}: must be a positive integer`);
  };
  posInt(o.epochs, '--epochs');
  posInt(o.batch, '--batch');
  if (!(o.lr > 0)) throw new UserError(`--lr ${o.lr}: must be > 0`);
  if (!(Number.isInteger(o.evalEvery) && o.evalEvery >= 0)) throw new UserError(`--eval-every ${o.evalEvery}: must be an integer ≥ 0`);
  if (o.instances.length === 0) throw new UserError('training data has no instances');
  if (o.loss !== 'unsupervised' && o.instances.some((i) => !i.solution))
    throw new UserError(`--loss ${o.loss} needs a solution for every instance (use --loss unsupervised, or generate with solutions)`);
}

/** One epoch's batches: each structure group shuffled and cut into batches, then the batches shuffled. */
function planEpoch(rng: Rng, groups: Map<string, number[]>, batch: number): number[][] {
  const out: number[][] = [];
  for (const members of groups.values()) {
    const order = rng.shuffle(members.slice());
    for (let i = 0; i < order.length; i += batch) out.push(order.slice(i, i + batch));
  }
  return rng.shuffle(out);
}

function groupBy(keys: readonly string[], members: readonly number[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const i of members) {
    const k = keys[i] as string;
    const g = m.get(k);
    if (g) g.push(i);
    else m.set(k, [i]);
  }
  return m;
}

export async function train(o: TrainOptions): Promise<TrainResult> {
  checkOptions(o);
  const view = o.input ?? 'root';
  const items = o.instances.map((it) => ({ problem: inputView(it.problem, view), solution: it.solution }));
  const keys = items.map((it) => structureKey(it.problem));
  const master = Rng.seeded(o.seed);
  const initRng = master.split();
  const splitRng = master.split();
  const planStart = master.split().state();
  let noiseRng = master.split();

  const all = splitRng.shuffle(Array.from({ length: items.length }, (_, i) => i));
  const nHold = items.length < 2 ? 0 : Math.max(1, Math.round((o.holdout ?? 0.1) * items.length));
  const held = all.slice(0, nHold);
  const trainIdx = all.slice(nHold);
  const trainGroups = groupBy(keys, trainIdx);
  const stepsPerEpoch = planEpoch(Rng.seeded(0), trainGroups, o.batch).length;
  const totalSteps = stepsPerEpoch * o.epochs;
  const schedule = checkSchedule({ kind: o.schedule, tau0: o.tauStart, tauMin: o.tauEnd, steps: totalSteps });
  const useProp = o.loss !== 'supervised';
  const propRounds = o.propRounds ?? 1;

  const device = o.hardDevice ?? (o.device === 'verilator' && useProp ? openDevice('verilator') : undefined);
  const groups = new Map<string, Group>();
  const groupOf = (i: number): Group => {
    const k = keys[i] as string;
    let g = groups.get(k);
    if (!g) {
      const program = compileArcs((items[i] as Item).problem);
      const index = graphIndex(program);
      const masses = useProp && device ? deviceMasses(device, program, propRounds) : undefined;
      g = { program, index, tensors: graphTensors(index), prop: useProp ? new TfPropagator(program) : null, masses };
      groups.set(k, g);
    }
    return g;
  };
  const inputOf = (g: Group, batch: readonly number[]): BatchInput =>
    batchInput(
      g.index,
      g.program.words,
      batch.map((i) => (items[i] as Item).problem.init),
    );

  const ckDir = join(o.out, 'checkpoint');
  await mkdir(ckDir, { recursive: true });
  const fp = fingerprint(o, items.length);
  let gnn: Gnn;
  let state: TrainState;
  const metrics: MetricRow[] = [];
  const resumeAt = o.resume ? await latestCheckpoint(ckDir) : null;
  if (o.resume && !resumeAt) throw new UserError(`--resume: no checkpoint in ${ckDir}`);
  if (resumeAt) {
    const r = await loadCheckpoint(resumeAt);
    if (r.state.fingerprint !== fp) throw new UserError(`--resume: ${resumeAt} was written with other options or data`);
    gnn = r.gnn;
    state = r.state;
    noiseRng = Rng.fromState(state.noiseRng);
    metrics.push(...(await readMetrics(join(o.out, 'metrics.jsonl'))).filter((m) => m.step <= state.step));
  } else {
    gnn = Gnn.init({ hidden: o.hidden ?? 64, message: o.message ?? 16, rounds: o.rounds ?? 6, input: view }, initRng);
    state = { step: 0, epoch: 0, stepInEpoch: 0, planRng: planStart, noiseRng: noiseRng.state(), fingerprint: fp };
  }
  const opt = tf.train.adam(o.lr);
  const vars = gnn.variables();
  if (resumeAt) await restoreOptimizer(resumeAt, opt);

  let lastEval: EvalResult = { solveRate: Number.NaN, accuracy: Number.NaN, instances: 0 };
  for (let k = metrics.length - 1; k >= 0; k--) {
    const m = metrics[k] as MetricRow;
    if (m.solveRate !== undefined) {
      lastEval = { solveRate: m.solveRate, accuracy: m.accuracy ?? Number.NaN, instances: held.length };
      break;
    }
  }
  const evaluate = (): EvalResult => evaluateHeld(gnn, items, held, keys, groupOf, o.batch);
  const writeOutputs = async () => {
    await writeFileAtomic(join(o.out, 'metrics.jsonl'), metrics.map((m) => `${JSON.stringify(m)}\n`).join(''));
    await writeFileAtomic(join(o.out, 'curves.svg'), trainingCurves(metrics));
  };
  const checkpoint = async () => {
    state.noiseRng = noiseRng.state();
    await saveCheckpoint(ckDir, state, gnn, opt);
    await writeOutputs();
  };

  let evaluatedAt = -1;
  let lastLoss = Number.NaN;
  let trainMs = 0;
  let trainedInstances = 0;
  const stopAt = Math.min(totalSteps, o.stopAt ?? totalSteps);
  while (state.step < stopAt) {
    const epochPlanRng = Rng.fromState(state.planRng);
    const plan = planEpoch(epochPlanRng, trainGroups, o.batch);
    for (let b = state.stepInEpoch; b < plan.length && state.step < stopAt; b++) {
      const t0 = performance.now();
      const batch = plan[b] as number[];
      const g = groupOf(batch[0] as number);
      const tau = tauAt(schedule, state.step);
      const input = inputOf(g, batch);
      const target =
        o.loss === 'unsupervised'
          ? null
          : supervisedTarget(
              batch.map((i) => (items[i] as Item).solution as Int32Array),
              batch.map((i) => (items[i] as Item).problem.init),
              g.index.nVars,
              g.index.width,
              g.program.words,
            );
      const noise = useProp ? gumbelNoise(noiseRng, [batch.length, g.index.nVars, g.index.width]) : null;
      const cost = opt.minimize(
        () => {
          const logits = gnn.logits(g.tensors, input);
          const terms: tf.Scalar[] = [];
          if (target) terms.push(supervisedLoss(logits, target));
          if (noise && g.prop)
            terms.push(unsupervisedLoss(hardGumbelSoftmax(logits, noise, tau) as tf.Tensor3D, g.prop, propRounds, g.masses));
          return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
        },
        true,
        vars,
      ) as tf.Scalar;
      lastLoss = (await cost.data())[0] as number;
      cost.dispose();
      disposeBatchInput(input);
      target?.onehot.dispose();
      noise?.dispose();
      trainMs += performance.now() - t0;
      trainedInstances += batch.length;
      state.step++;
      state.stepInEpoch = b + 1;
      metrics.push({ step: state.step, epoch: state.epoch, loss: lastLoss, tau });
      const atEval = o.evalEvery > 0 && state.step % o.evalEvery === 0;
      if (atEval) {
        lastEval = evaluate();
        evaluatedAt = state.step;
        metrics.push({ step: state.step, epoch: state.epoch, solveRate: lastEval.solveRate, accuracy: lastEval.accuracy });
        await checkpoint();
      }
      o.onStep?.({ step: state.step, totalSteps, epoch: state.epoch, loss: lastLoss, tau, solveRate: lastEval.solveRate });
      // wasm resolves data() at once: give timers (the CLI's progress line) a turn every step.
      await new Promise((r) => setImmediate(r));
    }
    if (state.stepInEpoch >= plan.length) {
      state.epoch++;
      state.stepInEpoch = 0;
      state.planRng = epochPlanRng.state();
    }
  }
  const finished = state.step >= totalSteps;
  // An interrupted run (stopAt) skips the evaluation, so its log stays that of the straight run.
  if (finished && evaluatedAt !== state.step) {
    lastEval = evaluate();
    metrics.push({ step: state.step, epoch: state.epoch, solveRate: lastEval.solveRate, accuracy: lastEval.accuracy });
  }
  await checkpoint();
  if (finished) {
    await saveModel(o.out, gnn);
    const meta = {
      ...o.meta,
      parameters: gnn.parameterCount(),
      config: gnn.config,
      steps: state.step,
      trainInstances: trainIdx.length,
      heldOut: held.length,
      loss: o.loss,
      eval: lastEval,
      backend: tf.getBackend(),
    };
    await writeFileAtomic(join(o.out, 'meta.json'), `${JSON.stringify(meta, null, 1)}\n`);
  }
  for (const g of groups.values()) {
    disposeGraphTensors(g.tensors);
    g.prop?.dispose();
  }
  if (device && !o.hardDevice) device.close();
  const parameters = gnn.parameterCount();
  gnn.dispose();
  opt.dispose();
  return {
    steps: state.step,
    totalSteps,
    finished,
    finalLoss: lastLoss,
    eval: lastEval,
    instancesPerSec: trainMs > 0 ? (trainedInstances * 1000) / trainMs : 0,
    parameters,
  };
}

/** Argmax assignments of the held-out instances, checked; accuracy against known solutions. */
function evaluateHeld(
  gnn: Gnn,
  items: readonly Item[],
  held: readonly number[],
  keys: readonly string[],
  groupOf: (i: number) => Group,
  batch: number,
): EvalResult {
  let solved = 0;
  let right = 0;
  let free = 0;
  for (const members of groupBy(keys, held).values()) {
    for (let s = 0; s < members.length; s += batch) {
      const part = members.slice(s, s + batch);
      const g = groupOf(part[0] as number);
      const input = batchInput(
        g.index,
        g.program.words,
        part.map((i) => (items[i] as Item).problem.init),
      );
      const best = tf.tidy(() => tf.argMax(gnn.logits(g.tensors, input), -1));
      const arg = best.dataSync() as Int32Array;
      best.dispose();
      disposeBatchInput(input);
      const n = g.index.nVars;
      part.forEach((i, k) => {
        const it = items[i] as Item;
        const values = arg.subarray(k * n, (k + 1) * n);
        if (checkSolution(it.problem, values) === null) solved++;
        if (!it.solution) return;
        const w = g.program.words;
        for (let x = 0; x < n; x++) {
          let size = 0;
          for (let j = 0; j < w; j++) size += popcount32(it.problem.init[x * w + j] as number);
          if (size <= 1) continue;
          free++;
          if (values[x] === it.solution[x]) right++;
        }
      });
    }
  }
  return { solveRate: held.length ? solved / held.length : Number.NaN, accuracy: free ? right / free : Number.NaN, instances: held.length };
}

async function readMetrics(file: string): Promise<MetricRow[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as MetricRow);
  } catch {
    return [];
  }
}

/** Loss (mean over windows of steps, for a readable line), τ and held-out solve rate. */
export function trainingCurves(metrics: readonly MetricRow[]): string {
  const steps = metrics.filter((m) => m.loss !== undefined);
  const window = Math.max(1, Math.floor(steps.length / 200));
  const loss: [number, number][] = [];
  for (let i = 0; i + window <= steps.length; i += window) {
    let s = 0;
    for (let k = i; k < i + window; k++) s += (steps[k] as MetricRow).loss as number;
    loss.push([(steps[i + window - 1] as MetricRow).step, s / window]);
  }
  const evals = metrics.filter((m) => m.solveRate !== undefined);
  return plotSvg('softprop encoder training', [
    { name: 'loss', points: loss, colour: '#c0392b' },
    { name: 'τ', points: steps.map((m) => [m.step, m.tau as number]), colour: '#2c3e50' },
    { name: 'held-out solve rate (argmax)', points: evals.map((m) => [m.step, m.solveRate as number]), colour: '#27ae60' },
    {
      name: 'held-out accuracy (free variables)',
      points: evals.filter((m) => Number.isFinite(m.accuracy)).map((m) => [m.step, m.accuracy as number]),
      colour: '#2980b9',
    },
  ]);
}
