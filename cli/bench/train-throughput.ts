import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendChoice, selectBackend } from '../../encoder/backend.js';
import { familyByName } from '../../encoder/datasets/families.js';
import { type DatasetItem, recordItem } from '../../encoder/datasets/record.js';
import { median } from '../../encoder/median.js';
import type { TrainOptions } from '../../encoder/train.js';
import { closeSession, resolveTrainOptions, setupRun, startOrResume, trainStep } from '../../encoder/training/index.js';
import { Rng } from '../../solver/model/rng.js';
import type { BenchOptions, BenchSection } from './report.js';

/**
 * Training throughput at the shipped sudoku model's size (hidden 48, message 16, 8 rounds, batch
 * 16, supervised): the network as shipped (a readout and a loss at every round, the soft round
 * inside) on tfjs-wasm, beside the same network without those two on wasm, and beside the tfjs
 * cpu backend. Each backend and network runs the trainer's own step (`trainStep`) over the
 * training split's batches in turn; one untimed step first builds the graph and meets every
 * kernel once, for every row alike. Instances/s count the instances each timed step trained (the
 * split's last batch is short), in wall time and per CPU second (the median over steps of a
 * step's instances over its process CPU time: on a shared machine wall time is mostly waiting);
 * memory is the process RSS sampled after every step (cpu first, since wasm's heap never shrinks).
 * Issue 10's "2× today's throughput at equal model size" compares code, not networks: the shipped
 * network on this build against the same network on the build before the training-speed work
 * (277c53a), run interleaved; a section can only measure the build it runs in, so that ratio is
 * not a row here, and the older network's row is no stand-in for it.
 */

const SHAPE = { hidden: 48, message: 16, rounds: 8, batch: 16 };
const SUITE = 'encoder/training sudoku 9x9 B=16, hidden 48, message 16, 8 rounds, supervised';

interface Throughput {
  perSec: number;
  /** Median over the timed steps of instances per CPU second. */
  perCpuSec: number;
  rssMb: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

async function throughput(
  backend: BackendChoice,
  items: DatasetItem[],
  steps: number,
  out: string,
  network: Pick<TrainOptions, 'perRoundLoss' | 'propFeatures'>,
): Promise<Throughput> {
  await selectBackend(backend);
  const c = resolveTrainOptions({
    instances: items,
    out,
    // The steps below cycle through the batches themselves; epochs only sizes the τ schedule, which
    // the supervised loss does not read.
    epochs: 1,
    batch: SHAPE.batch,
    lr: 3e-3,
    tauStart: 2,
    tauEnd: 0.2,
    schedule: 'exp',
    loss: 'supervised',
    seed: 1,
    evalEvery: 0,
    holdout: 0.05,
    hidden: SHAPE.hidden,
    message: SHAPE.message,
    rounds: SHAPE.rounds,
    normalize: false,
    ...network,
  });
  const run = setupRun(c);
  const session = await startOrResume(c, run);
  try {
    const batches: number[][] = [];
    for (let i = 0; i < run.trainIdx.length; i += SHAPE.batch) batches.push(run.trainIdx.slice(i, i + SHAPE.batch));
    let rss = process.memoryUsage().rss;
    const perCpu: number[] = [];
    let instances = 0;
    let wallMs = 0;
    for (let k = 0; k <= steps; k++) {
      const members = batches[k % batches.length] as number[];
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await trainStep(c, run, session, members);
      const wall = performance.now() - t0;
      const cpu = cpuSeconds(cpu0);
      session.state.step++;
      rss = Math.max(rss, process.memoryUsage().rss);
      if (k === 0) continue;
      perCpu.push(members.length / cpu);
      instances += members.length;
      wallMs += wall;
    }
    return { perSec: (instances * 1000) / wallMs, perCpuSec: median(perCpu), rssMb: rss / 1e6 };
  } finally {
    await closeSession(session);
    run.close();
  }
}

export const trainThroughputSection: BenchSection = async (opts: BenchOptions) => {
  const family = familyByName('sudoku');
  const params = await family.params({ size: 3 });
  const rng = Rng.seeded(opts.seed + 3);
  const items = Array.from({ length: 4 * SHAPE.batch }, (_, i) =>
    recordItem(JSON.parse(JSON.stringify(family.generate(rng.split(), params))), 'bench:sudoku', i + 1),
  );
  const shipped = { perRoundLoss: true, propFeatures: true };
  const tmp = mkdtempSync(join(tmpdir(), 'softprop-bench-train-'));
  try {
    const steps = opts.quick ? 4 : 9;
    const cpu = await throughput('cpu', items, opts.quick ? 1 : 2, join(tmp, 'cpu'), shipped);
    const older = await throughput('wasm', items, steps, join(tmp, 'older'), { perRoundLoss: false, propFeatures: false });
    const wasm = await throughput('wasm', items, steps, join(tmp, 'wasm'), shipped);
    opts.log(
      `bench train: ${wasm.perSec.toFixed(1)} inst/s wasm (${wasm.perCpuSec.toFixed(1)} per CPU s), ${older.perSec.toFixed(1)} without per-round loss and soft round, ${cpu.perSec.toFixed(2)} cpu`,
    );
    return [
      {
        suite: SUITE,
        metric: 'instances per CPU second (per-round loss, soft round inside)',
        value: wasm.perCpuSec,
        baseline: older.perCpuSec,
        baselineName: 'the network without per-round loss and soft round, wasm',
        ratio: wasm.perCpuSec / older.perCpuSec,
        note: "median step; what the shipped network costs over the older one on this build (not issue 10's 2x, which compares builds), higher is better",
      },
      {
        suite: SUITE,
        metric: 'instances/s wall (per-round loss, soft round inside)',
        value: wasm.perSec,
        baseline: older.perSec,
        baselineName: 'the network without per-round loss and soft round, wasm',
        ratio: wasm.perSec / older.perSec,
        note: "wall time, which the machine's load inflates, higher is better",
      },
      {
        suite: SUITE,
        metric: 'instances per CPU second, wasm vs cpu',
        value: wasm.perCpuSec,
        baseline: cpu.perCpuSec,
        baselineName: 'tfjs cpu backend',
        ratio: wasm.perCpuSec / cpu.perCpuSec,
        note: 'wasm (SIMD) / cpu, same network, higher is better',
      },
      {
        suite: SUITE,
        metric: 'peak sampled RSS MB',
        value: wasm.rssMb,
        baseline: cpu.rssMb,
        baselineName: 'tfjs cpu backend (measured first)',
        ratio: wasm.rssMb / cpu.rssMb,
        note: 'process RSS sampled after every step; lower is better',
      },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await selectBackend('wasm');
  }
};
