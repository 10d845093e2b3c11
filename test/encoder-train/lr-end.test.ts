import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { loadCheckpoint } from '../../encoder/checkpoint.js';
import { type TrainOptions, train } from '../../encoder/train.js';
import { randomSudoku } from '../../fpga/puzzles.js';
import { UserError } from '../../solver/api/user-error.js';
import { Rng } from '../../solver/model/rng.js';
import { search } from '../../solver/search/search.js';

/**
 * train --lr-end: Adam's rate falls by a half cosine from --lr to --lr-end over the run. Two runs
 * that agree up to step k differ at step k only by the rate, so their step-k updates must be in
 * the ratio of the rates the cosine formula gives (written out here, not taken from the trainer).
 */

let dir: string;
beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
  dir = mkdtempSync(join(tmpdir(), 'softprop-lr-end-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const instances = (() => {
  const rng = Rng.seeded(5);
  return Array.from({ length: 40 }, () => {
    const problem = randomSudoku(rng, 2, 6);
    return { problem, solution: search(problem).solution as Int32Array };
  });
})();

const LR = 0.01;
const LR_END = 0.001;

const opts = (out: string, over: Partial<TrainOptions> = {}): TrainOptions => ({
  instances,
  out,
  epochs: 1,
  batch: 8,
  lr: LR,
  tauStart: 2,
  tauEnd: 0.5,
  schedule: 'exp',
  loss: 'supervised',
  seed: 9,
  evalEvery: 1,
  hidden: 8,
  message: 4,
  rounds: 2,
  ...over,
});

async function weightsAt(out: string, step: number): Promise<Float32Array> {
  const { gnn } = await loadCheckpoint(join(out, 'checkpoint', `step-${step}`));
  const flat = Float32Array.from(gnn.variables().flatMap((v) => Array.from(v.dataSync())));
  gnn.dispose();
  return flat;
}

it('the update of step k is the constant-rate update scaled by the cosine rate of step k', async () => {
  // A stopped run keeps only its latest checkpoint: one run per (rate curve, step).
  const at = async (name: string, stopAt: number, over: Partial<TrainOptions>) => {
    const out = join(dir, `${name}-${stopAt}`);
    const r = await train(opts(out, { ...over, stopAt }));
    return { w: await weightsAt(out, stopAt), steps: r.totalSteps };
  };
  const { w: w1, steps } = await at('flat', 1, {});
  expect(steps).toBeGreaterThanOrEqual(3);
  // Step 0 runs at --lr in both: the same weights after it.
  expect(Array.from((await at('cosine', 1, { lrEnd: LR_END })).w)).toEqual(Array.from(w1));
  const a = (await at('flat', 2, {})).w;
  const b = (await at('cosine', 2, { lrEnd: LR_END })).w;
  const ratio = (LR_END + ((LR - LR_END) * (1 + Math.cos(Math.PI / steps))) / 2) / LR;
  let moved = 0;
  for (let i = 0; i < w1.length; i++) {
    const da = (a[i] as number) - (w1[i] as number);
    const db = (b[i] as number) - (w1[i] as number);
    if (Math.abs(da) > 1e-5) moved++;
    expect(Math.abs(db - ratio * da)).toBeLessThan(2e-6);
  }
  expect(moved).toBeGreaterThan(w1.length / 5);
});

it('a run with --lr-end stopped and resumed ends with the weights of the straight run', async () => {
  const straight = join(dir, 'straight');
  const split = join(dir, 'split');
  await train(opts(straight, { lrEnd: LR_END }));
  await train(opts(split, { lrEnd: LR_END, stopAt: 2 }));
  await train(opts(split, { lrEnd: LR_END, resume: true }));
  expect(readFileSync(join(split, 'weights.bin')).equals(readFileSync(join(straight, 'weights.bin')))).toBe(true);
});

it('--lr-end above --lr or not positive is refused naming the flag', async () => {
  for (const lrEnd of [0.02, 0, -1])
    await expect(train(opts(join(dir, 'bad'), { lrEnd }))).rejects.toThrow(
      new UserError(`--lr-end ${lrEnd}: must be a number > 0 and ≤ --lr ${LR}`),
    );
});
