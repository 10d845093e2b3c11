import type { Device } from '../../fpga/device.js';
import { openDevice } from '../../fpga/open-device.js';
import { type Problem, popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import type { TauSchedule } from '../anneal.js';
import { inputView } from '../input-view.js';
import { structureKey } from '../structure-key.js';
import { BatchGraphs, curriculumMembers } from './batches.js';
import type { TrainConfig, TrainItem } from './options.js';

/**
 * Everything a run derives from its options and data before any weight exists: the instances as
 * the network reads them, the random streams (one seed split in a fixed order), the held-out
 * split, the step count, the propagation device and the graphs the batches run on.
 */
export interface RunSetup {
  /** Instances in the network's input view. */
  items: TrainItem[];
  held: number[];
  trainIdx: number[];
  /** Stream of the initial weights. */
  initRng: Rng;
  /** Batch-plan stream at the start of the first epoch. */
  planStart: number[];
  /** The training instances epoch e plans its batches from (all of them, or the curriculum's share). */
  epochMembers(epoch: number): readonly number[];
  /** Gumbel-noise stream at step 0. */
  noiseStart: number[];
  stepsPerEpoch: number;
  totalSteps: number;
  /** τ schedule of a fresh run (a resumed run keeps its checkpoint's length). */
  schedule: TauSchedule;
  device: Device | undefined;
  graphs: BatchGraphs;
  /** Closes what setup opened (graphs, a device it opened itself). */
  close(): void;
}

function openVariables(p: Problem): number {
  const w = wordsPerDomain(p);
  let open = 0;
  for (let i = 0; i < p.domSize.length; i++) {
    let size = 0;
    for (let k = 0; k < w; k++) size += popcount32(p.init[i * w + k] as number);
    if (size > 1) open++;
  }
  return open;
}

export function setupRun(c: TrainConfig): RunSetup {
  const items = c.instances.map((it) => ({ problem: inputView(it.problem, c.input), solution: it.solution, viable: it.viable }));
  const master = Rng.seeded(c.seed);
  const initRng = master.split();
  const splitRng = master.split();
  const planStart = master.split().state();
  const noiseStart = master.split().state();

  const all = splitRng.shuffle(Array.from({ length: items.length }, (_, i) => i));
  const nHold = items.length < 2 ? 0 : Math.max(1, Math.round(c.holdout * items.length));
  const held = all.slice(0, nHold);
  const trainIdx = all.slice(nHold);
  const stepsPerEpoch = Math.ceil(trainIdx.length / c.batch);
  // Difficulty: the variables the network's input leaves open (a search state's open variables).
  const open = items.map((it) => openVariables(it.problem));
  const byDifficulty = trainIdx.slice().sort((a, b) => (open[a] as number) - (open[b] as number) || a - b);
  const totalSteps = stepsPerEpoch * c.epochs;
  const useProp = c.loss !== 'supervised';
  const device = c.hardDevice ?? (c.device !== 'ts' && useProp ? openDevice(c.device) : undefined);
  const graphs = new BatchGraphs(
    items.map((it) => it.problem),
    items.map((it) => it.solution),
    items.map((it) => it.viable),
    items.map((it) => structureKey(it.problem)),
    { propagate: useProp, propRounds: c.propRounds, device },
  );
  return {
    items,
    held,
    trainIdx,
    initRng,
    planStart,
    epochMembers: (epoch) => (c.curriculum > 0 ? curriculumMembers(byDifficulty, epoch, c.curriculum) : trainIdx),
    noiseStart,
    stepsPerEpoch,
    totalSteps,
    schedule: { kind: c.schedule, tau0: c.tauStart, tauMin: c.tauEnd, steps: totalSteps },
    device,
    graphs,
    close: () => {
      graphs.dispose();
      if (device && !c.hardDevice) device.close();
    },
  };
}
