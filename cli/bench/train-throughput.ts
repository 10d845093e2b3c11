import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackendChoice, selectBackend } from '../../encoder/backend.js';
import { familyByName } from '../../encoder/datasets/families.js';
import { type DatasetItem, recordItem } from '../../encoder/datasets/record.js';
import { type TrainOptions, train } from '../../encoder/train.js';
import { Rng } from '../../solver/model/rng.js';
import { median } from './median.js';
import type { BenchOptions, BenchSection } from './report.js';

/**
 * Training throughput at the shipped sudoku model's size (hidden 48, message 16, 8 rounds, batch
 * 16, supervised): the network as shipped (a readout and a loss at every round, the soft round
 * inside) on tfjs-wasm, beside the same network without those two on wasm, and beside the tfjs
 * cpu backend. Instances/s count the steps only, in wall time and per CPU second (the median
 * step's process CPU time, the first step, which builds the graph, left out: on a shared machine
 * wall time is mostly waiting); memory is the process RSS sampled after every step (cpu first,
 * since wasm's heap never shrinks).
 * Issue 10's "2× today's throughput at equal model size" compares code, not networks: the shipped
 * network on this build against the same network on the build before the training-speed work
 * (277c53a), run interleaved; a section can only measure the build it runs in, so that ratio is
 * not a row here, and the older network's row is no stand-in for it.
 */

const SHAPE = { hidden: 48, message: 16, rounds: 8, batch: 16 };
const SUITE = 'encoder/training sudoku 9x9 B=16, hidden 48, message 16, 8 rounds, supervised';

interface Throughput {
  perSec: number;
  /** Instances per CPU second of the median step. */
  perCpuSec: number;
  rssMb: number;
}

async function throughput(
  backend: BackendChoice,
  items: DatasetItem[],
  steps: number,
  out: string,
  network: Pick<TrainOptions, 'perRoundLoss' | 'propFeatures'>,
): Promise<Throughput> {
  await selectBackend(backend);
  let rss = process.memoryUsage().rss;
  const stepCpu: number[] = [];
  let last = process.cpuUsage();
  const r = await train({
    instances: items,
    out,
    // Enough epochs that `steps` are reached (an epoch of these items is 4 batches).
    epochs: Math.ceil(steps / 3),
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
    stopAt: steps,
    onStep: () => {
      const used = process.cpuUsage(last);
      last = process.cpuUsage();
      stepCpu.push((used.user + used.system) / 1e6);
      rss = Math.max(rss, process.memoryUsage().rss);
    },
  });
  const measured = stepCpu.length > 1 ? stepCpu.slice(1) : stepCpu;
  return { perSec: r.instancesPerSec, perCpuSec: SHAPE.batch / median(measured), rssMb: rss / 1e6 };
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
    // One discarded step first: the wasm module's and kernels' first-use cost would otherwise fall on whichever network runs first.
    await throughput('wasm', items, 1, join(tmp, 'warm-up'), shipped);
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
