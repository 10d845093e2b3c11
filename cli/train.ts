import { SingleBar } from 'cli-progress';
import { type Command, Option } from 'commander';
import { type BackendChoice, DEFAULT_BACKEND, parseBackend } from '../encoder/backend-choice.js';
import type { InputView } from '../encoder/input-view.js';
import type { TrainOptions, TrainResult } from '../encoder/train.js';
import type { DeviceName } from '../fpga/device.js';
import { deviceOption, existing, fraction, nonNegativeInt, positiveNumber, seedOption } from './flags.js';
import { stdout } from './output.js';

/**
 * `softprop train` flags as commander parses them: the options of `train` they pass on as they are,
 * plus the dataset path and the ones that have defaults here.
 */
export interface TrainFlags
  extends Pick<
    TrainOptions,
    | 'out'
    | 'epochs'
    | 'batch'
    | 'lr'
    | 'lrEnd'
    | 'tauStart'
    | 'tauEnd'
    | 'schedule'
    | 'loss'
    | 'target'
    | 'seed'
    | 'resume'
    | 'force'
    | 'evalEvery'
    | 'learnTau'
    | 'perRoundLoss'
    | 'normalize'
    | 'propFeatures'
    | 'inferenceRounds'
  > {
  data: string;
  device: DeviceName;
  hidden: number;
  message: number;
  rounds: number;
  propRounds: number;
  randomFeatures: number;
  holdout: number;
  curriculum: number;
  input: InputView;
  backend: BackendChoice;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('train')
    .description(
      'train the neural encoder on a dataset (softprop generate); writes the model, metrics.jsonl, curves.svg and checkpoints to --out',
    )
    .requiredOption('--data <file>', 'JSONL dataset (softprop generate), or any file softprop solve reads', existing('file'))
    .requiredOption('--out <dir>', 'output folder')
    .option('--epochs <n>', 'passes over the training split', nonNegativeInt, 10)
    .option('--batch <n>', 'instances per step', nonNegativeInt, 32)
    .option('--lr <x>', 'Adam learning rate', positiveNumber, 3e-3)
    .option('--lr-end <x>', 'learning rate at the last step, reached by a half cosine from --lr (default: --lr throughout)', positiveNumber)
    .option('--tau-start <x>', 'Gumbel-Softmax temperature at the first step', positiveNumber, 2)
    .option('--tau-end <x>', 'temperature at the last step', positiveNumber, 0.2)
    .addOption(new Option('--schedule <kind>', 'temperature schedule').choices(['exp', 'linear', 'cosine']).default('exp'))
    .addOption(new Option('--loss <kind>', 'training loss').choices(['supervised', 'unsupervised', 'both']).default('supervised'))
    .addOption(
      new Option('--target <kind>', "supervised target: the solution's value, or every value that still leads to one (state records)")
        .choices(['solution', 'viable'])
        .default('solution'),
    )
    .addOption(deviceOption('where the unsupervised loss runs its hard forward propagation').default('ts'))
    .addOption(seedOption('seed of weights, split, batch order and Gumbel noise'))
    .option('--resume', 'continue from --out/checkpoint (same flags and data; --epochs may grow)')
    .option('--force', 'replace an earlier run in --out (without it, train refuses to overwrite)')
    .option('--learn-tau', 'learn τ (from --tau-start, held above --tau-end) instead of following --schedule')
    .option('--eval-every <steps>', 'held-out evaluation and checkpoint every this many steps (0: at the end)', nonNegativeInt, 100)
    .option('--hidden <n>', 'embedding width', nonNegativeInt, 64)
    .option('--message <n>', 'conflict message width', nonNegativeInt, 16)
    .option('--rounds <n>', 'message-passing rounds', nonNegativeInt, 6)
    .option('--prop-rounds <n>', 'soft propagation rounds of the unsupervised loss', nonNegativeInt, 1)
    .option('--per-round-loss', 'a readout after every message round, the loss their mean')
    // Both forms, so that neither sets a default: bounded embeddings follow --per-round-loss unless told.
    .option('--normalize', 'bounded embeddings (the default with --per-round-loss)')
    .option('--no-normalize', 'unbounded embeddings (the default without --per-round-loss)')
    .option('--prop-features', "one soft propagation round of each round's readout feeds the next round")
    .option('--random-features <n>', 'random node features per (variable, value), fresh every step (symmetric values)', nonNegativeInt, 0)
    .option('--inference-rounds <n>', 'message rounds the model runs at inference (default: --rounds)', nonNegativeInt)
    .addOption(
      new Option('--input <view>', "domains the network reads: 'root' (after the solver's root propagation) or 'raw' (initial)")
        .choices(['root', 'raw'])
        .default('root'),
    )
    .option('--holdout <fraction>', 'share of instances held out for evaluation', fraction, 0.1)
    .option(
      '--curriculum <epochs>',
      'easy to hard: epoch e draws from the easiest (e+1)/epochs share by open variables (0: off)',
      nonNegativeInt,
      0,
    )
    .option('--backend <name>', 'tfjs backend: auto, node, wasm, cpu', parseBackend, DEFAULT_BACKEND)
    .option('--json', 'print the closing summary as one JSON line')
    .action((flags: TrainFlags) => runTrain(flags));
}

export async function runTrain(flags: TrainFlags): Promise<void> {
  // tfjs loads here, not when the CLI starts (every other command would pay ~0.3 s for it).
  const [{ selectBackend }, { readDataset }, { train }] = await Promise.all([
    import('../encoder/backend.js'),
    import('../encoder/datasets/record.js'),
    import('../encoder/train.js'),
  ]);
  const backend = await selectBackend(flags.backend);
  const instances = await readDataset(flags.data);
  const bar = new SingleBar({
    format:
      'train [{bar}] {value}/{total} steps | {duration_formatted} elapsed, ETA {eta_formatted} | epoch {epoch} | loss {loss} | τ {tau} | solve {solve}',
    stream: process.stderr,
    hideCursor: true,
    // Logs and CI have no TTY: print the bar as a line every 10 s instead of nothing.
    noTTYOutput: true,
    notTTYSchedule: 10_000,
  });
  process.stderr.write(
    `train: ${instances.length} instances from ${flags.data}, backend ${backend.name}${backend.simd ? ' (SIMD)' : ''}\n`,
  );
  let started = false;
  const result = await train({
    instances,
    out: flags.out,
    epochs: flags.epochs,
    batch: flags.batch,
    lr: flags.lr,
    lrEnd: flags.lrEnd,
    tauStart: flags.tauStart,
    tauEnd: flags.tauEnd,
    schedule: flags.schedule,
    loss: flags.loss,
    target: flags.target,
    device: flags.device,
    seed: flags.seed,
    resume: flags.resume,
    force: flags.force,
    learnTau: flags.learnTau,
    evalEvery: flags.evalEvery,
    hidden: flags.hidden,
    message: flags.message,
    rounds: flags.rounds,
    propRounds: flags.propRounds,
    perRoundLoss: flags.perRoundLoss,
    normalize: flags.normalize,
    propFeatures: flags.propFeatures,
    randomFeatures: flags.randomFeatures,
    inferenceRounds: flags.inferenceRounds,
    holdout: flags.holdout,
    curriculum: flags.curriculum,
    input: flags.input,
    meta: { command: `softprop ${process.argv.slice(2).join(' ')}`, data: flags.data, instances: instances.length },
    onStep: (p) => {
      const payload = {
        epoch: p.epoch,
        loss: p.loss.toFixed(4),
        tau: p.tau.toFixed(3),
        solve: Number.isNaN(p.solveRate) ? '-' : `${(100 * p.solveRate).toFixed(1)}%`,
      };
      if (!started) {
        bar.start(p.totalSteps, p.step, payload);
        started = true;
      } else bar.update(p.step, payload);
    },
  });
  if (started) bar.stop();
  const e = result.eval;
  if (flags.json) {
    stdout.write(
      `${JSON.stringify({
        out: flags.out,
        steps: result.steps,
        finished: result.finished,
        loss: result.finalLoss,
        heldOut: e.instances,
        solveRate: e.solveRate,
        solvedByInput: e.solvedByInput,
        accuracy: e.accuracy,
        satisfied: e.satisfied,
        instancesPerSec: result.instancesPerSec,
        parameters: result.parameters,
        learnedTau: result.learnedTau,
      })}\n`,
    );
    return;
  }
  stdout.write(trainSummary(flags.out, result));
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');

/** The closing summary as a few lines of text. */
export function trainSummary(out: string, r: TrainResult): string {
  const e = r.eval;
  const lines = [
    r.finished
      ? `model written to ${out} (${r.steps} steps, ${r.parameters} parameters)`
      : `stopped at step ${r.steps} of ${r.totalSteps}: checkpoint in ${out}/checkpoint (continue with --resume)`,
    `final batch loss ${r.finalLoss.toFixed(4)}${r.learnedTau === undefined ? '' : `, learned τ ${r.learnedTau.toFixed(3)}`}; ${r.instancesPerSec.toFixed(1)} instances/s`,
  ];
  if (e.instances > 0)
    lines.push(
      `held out ${e.instances} instances: solved by the network's argmax ${pct(e.solveRate)} (by the input view alone ${pct(e.solvedByInput)}), free variables right ${pct(e.accuracy)}`,
    );
  return `${lines.join('\n')}\n`;
}
