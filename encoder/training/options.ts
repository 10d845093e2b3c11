import { type Device, type DeviceName, parseDeviceName } from '../../fpga/device.js';
import { UserError } from '../../solver/api/user-error.js';
import type { TauSchedule } from '../anneal.js';
import type { DatasetItem } from '../datasets/record.js';
import type { GnnConfig } from '../gnn.js';
import type { InputView } from '../input-view.js';

/**
 * The trainer's options: what a caller passes (`TrainOptions`, optional fields may be left out)
 * and the one place that fills the defaults and checks every value (`resolveTrainOptions`), with
 * messages that name the CLI flag the value came from.
 */

export type LossKind = 'supervised' | 'unsupervised' | 'both';

/** A training instance: a problem, for supervised losses a solution (value indices), and its family (recorded in the model's scope). */
export type TrainItem = Pick<DatasetItem, 'problem' | 'solution'> & Partial<Pick<DatasetItem, 'family' | 'viable'>>;

/** What the supervised loss teaches: the known solution's value, or every value that still leads to a solution (states' labels). */
export type TargetKind = 'solution' | 'viable';

export interface TrainOptions {
  /** Training data (see `readDataset`); supervised losses need solutions. */
  instances: readonly TrainItem[];
  /** Output folder: model.json, weights.bin, meta.json, metrics.jsonl, curves.svg, checkpoint/. */
  out: string;
  /** Passes over the training split. */
  epochs: number;
  /** Instances per step; instances of different structure run together as one block-diagonal graph. */
  batch: number;
  /** Adam learning rate. */
  lr: number;
  /** Learning rate at the last step, reached by a half cosine from `lr` (default: `lr` throughout). */
  lrEnd?: number;
  /** τ from tauStart to tauEnd over all steps, by `schedule`. */
  tauStart: number;
  tauEnd: number;
  schedule: TauSchedule['kind'];
  loss: LossKind;
  /** Supervised target (default 'solution'; 'viable' falls back to the solution on records without state labels). */
  target?: TargetKind;
  /**
   * Where the unsupervised loss's hard forward propagation runs: 'ts' in tfjs itself, 'verilator'
   * on the simulated core, 'serial:PATH[@baud]' on a core behind the UART link (the gradient still
   * comes from the soft surrogate; results are identical).
   */
  device?: DeviceName;
  /** A device to use instead of the one `device` names (tests: the bit-exact TS reference device). */
  hardDevice?: Device;
  seed: number;
  /** Continue from out/checkpoint (same options and data; `epochs` may grow). */
  resume?: boolean;
  /** Start afresh in an `out` that holds an earlier run's files (which are removed). */
  force?: boolean;
  /** Evaluate (and checkpoint) every this many steps; 0: only at the end. */
  evalEvery: number;
  /** Fraction of instances held out for evaluation (default 0.1, at least one when there are ≥ 2). */
  holdout?: number;
  /** Easy-to-hard curriculum (fewest open variables first) reaching all the data after this many epochs; 0: none (default). */
  curriculum?: number;
  /** Domains the network reads (default 'root': after the solver's root propagation). */
  input?: InputView;
  /** Encoder shape (defaults 64, 16, 6). */
  hidden?: number;
  message?: number;
  rounds?: number;
  /** Soft propagation rounds in the unsupervised loss (default 1). */
  propRounds?: number;
  /** A readout and a loss term at every message round, the loss their mean (default false). */
  perRoundLoss?: boolean;
  /** One soft propagation round of each round's readout feeds the next round (default false). */
  propFeatures?: boolean;
  /** Random normal node features, fresh per instance and step (default 0: none). */
  randomFeatures?: number;
  /** Rounds the trained model runs at inference, recorded in its config (default: `rounds`). */
  inferenceRounds?: number;
  /** Bounded embeddings (gnn.ts `normalize`; default: on with `perRoundLoss`, whose extra rounds need it). */
  normalize?: boolean;
  /** Learn τ (from tauStart, kept above tauEnd) instead of following the schedule. */
  learnTau?: boolean;
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

/** Options with every default filled in and every value checked. */
export type TrainConfig = Required<Omit<TrainOptions, 'hardDevice' | 'stopAt' | 'meta' | 'onStep' | 'inferenceRounds' | 'lrEnd'>> &
  Pick<TrainOptions, 'hardDevice' | 'stopAt' | 'meta' | 'onStep' | 'inferenceRounds' | 'lrEnd'>;

const LOSSES: readonly LossKind[] = ['supervised', 'unsupervised', 'both'];
const SCHEDULES: readonly TauSchedule['kind'][] = ['exp', 'linear', 'cosine'];

function positiveInt(v: number, flag: string): void {
  if (!(Number.isInteger(v) && v >= 1)) throw new UserError(`${flag} ${v}: must be a positive integer`);
}

function oneOf<T extends string>(v: T, allowed: readonly T[], flag: string): void {
  if (!allowed.includes(v)) throw new UserError(`${flag} ${v}: expected ${allowed.join(', ')}`);
}

export function resolveTrainOptions(o: TrainOptions): TrainConfig {
  const c: TrainConfig = {
    ...o,
    device: o.device ?? 'ts',
    target: o.target ?? 'solution',
    resume: o.resume ?? false,
    force: o.force ?? false,
    holdout: o.holdout ?? 0.1,
    curriculum: o.curriculum ?? 0,
    input: o.input ?? 'root',
    hidden: o.hidden ?? 64,
    message: o.message ?? 16,
    rounds: o.rounds ?? 6,
    propRounds: o.propRounds ?? 1,
    learnTau: o.learnTau ?? false,
    perRoundLoss: o.perRoundLoss ?? false,
    propFeatures: o.propFeatures ?? false,
    randomFeatures: o.randomFeatures ?? 0,
    normalize: o.normalize ?? o.perRoundLoss ?? false,
  };
  positiveInt(c.epochs, '--epochs');
  positiveInt(c.batch, '--batch');
  positiveInt(c.hidden, '--hidden');
  positiveInt(c.message, '--message');
  positiveInt(c.rounds, '--rounds');
  positiveInt(c.propRounds, '--prop-rounds');
  if (c.inferenceRounds !== undefined) positiveInt(c.inferenceRounds, '--inference-rounds');
  if (!(Number.isInteger(c.randomFeatures) && c.randomFeatures >= 0))
    throw new UserError(`--random-features ${c.randomFeatures}: must be an integer ≥ 0`);
  if (!(c.lr > 0 && Number.isFinite(c.lr))) throw new UserError(`--lr ${c.lr}: must be a number > 0`);
  if (c.lrEnd !== undefined && !(c.lrEnd > 0 && c.lrEnd <= c.lr))
    throw new UserError(`--lr-end ${c.lrEnd}: must be a number > 0 and ≤ --lr ${c.lr}`);
  if (!(c.tauEnd > 0 && Number.isFinite(c.tauEnd))) throw new UserError(`--tau-end ${c.tauEnd}: must be a number > 0`);
  if (!(c.tauStart >= c.tauEnd && Number.isFinite(c.tauStart)))
    throw new UserError(`--tau-start ${c.tauStart}: must be ≥ --tau-end ${c.tauEnd}`);
  oneOf(c.schedule, SCHEDULES, '--schedule');
  oneOf(c.loss, LOSSES, '--loss');
  oneOf(c.target, ['solution', 'viable'], '--target');
  parseDeviceName(c.device);
  oneOf(c.input, ['root', 'raw'], '--input');
  if (!(Number.isInteger(c.seed) && c.seed >= 0)) throw new UserError(`--seed ${c.seed}: must be an integer ≥ 0`);
  if (!(Number.isInteger(c.evalEvery) && c.evalEvery >= 0)) throw new UserError(`--eval-every ${c.evalEvery}: must be an integer ≥ 0`);
  if (!(c.holdout >= 0 && c.holdout < 1)) throw new UserError(`--holdout ${c.holdout}: must be a share in [0, 1)`);
  if (!(Number.isInteger(c.curriculum) && c.curriculum >= 0))
    throw new UserError(`--curriculum ${c.curriculum}: must be an integer ≥ 0 (epochs)`);
  if (c.resume && c.force) throw new UserError('--resume and --force: choose one (continue the run in --out, or start afresh)');
  if (c.learnTau && c.loss === 'supervised')
    throw new UserError('--learn-tau: τ only enters the unsupervised loss (use --loss unsupervised or both)');
  if (c.learnTau && !(c.tauStart > c.tauEnd))
    throw new UserError(`--learn-tau: --tau-start ${c.tauStart} must be > --tau-end ${c.tauEnd} (the floor τ stays above)`);
  if (c.instances.length === 0) throw new UserError('training data has no instances');
  if (c.loss !== 'unsupervised' && c.instances.some((i) => !i.solution))
    throw new UserError(`--loss ${c.loss} needs a solution for every instance (use --loss unsupervised, or generate with solutions)`);
  return c;
}

/** The options a resume must share with the run it continues (`epochs` may grow: see `TrainState.scheduleSteps`). */
export function fingerprint(c: TrainConfig): string {
  return JSON.stringify([
    c.instances.length,
    c.batch,
    c.lr,
    c.tauStart,
    c.tauEnd,
    c.schedule,
    c.loss,
    c.seed,
    c.holdout,
    c.curriculum,
    c.hidden,
    c.message,
    c.rounds,
    c.propRounds,
    c.input,
    c.learnTau,
    // Newer options only when set, so checkpoints of runs without them keep their fingerprints.
    ...(c.perRoundLoss || c.propFeatures || c.randomFeatures > 0 || c.inferenceRounds !== undefined || c.normalize
      ? [c.perRoundLoss, c.propFeatures, c.randomFeatures, c.inferenceRounds ?? null, c.normalize]
      : []),
    ...(c.target === 'viable' ? ['viable'] : []),
    ...(c.lrEnd !== undefined ? [`lr-end ${c.lrEnd}`] : []),
  ]);
}

/** The network's config of a run: the older fields always, the newer ones only when they differ from the older network. */
export function gnnConfigOf(c: TrainConfig): GnnConfig {
  return {
    hidden: c.hidden,
    message: c.message,
    rounds: c.rounds,
    input: c.input,
    ...(c.randomFeatures > 0 ? { randomFeatures: c.randomFeatures } : {}),
    ...(c.propFeatures ? { propFeatures: true } : {}),
    ...(c.perRoundLoss ? { perRoundLoss: true } : {}),
    ...(c.inferenceRounds !== undefined ? { inferenceRounds: c.inferenceRounds } : {}),
    ...(c.normalize ? { normalize: true } : {}),
  };
}
