import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { batchInput, disposeBatchInput, Gnn, graphIndex, graphTensors } from '../../encoder/gnn.js';
import { loadModel, loadOptimizer, saveModel, saveOptimizer } from '../../encoder/model-io.js';
import { type TrainOptions, train } from '../../encoder/train.js';
import { openDevice } from '../../fpga/open-device.js';
import { randomSudoku } from '../../fpga/puzzles.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { search } from '../../solver/search/search.js';

let dir: string;
beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
  dir = mkdtempSync(join(tmpdir(), 'softprop-train-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 4×4 sudokus with 6 givens, solved by the complete search (so every one has a checked solution). */
function tinySudokus(count: number, seed: number): TrainOptions['instances'] {
  const rng = Rng.seeded(seed);
  return Array.from({ length: count }, () => {
    const problem = randomSudoku(rng, 2, 6);
    return { problem, solution: search(problem).solution as Int32Array };
  });
}

const base = (out: string, over: Partial<TrainOptions> = {}): TrainOptions => ({
  instances: tinySudokus(40, 5),
  out,
  epochs: 2,
  batch: 8,
  lr: 5e-3,
  tauStart: 2,
  tauEnd: 0.5,
  schedule: 'cosine',
  loss: 'both',
  seed: 9,
  evalEvery: 3,
  hidden: 8,
  message: 4,
  rounds: 2,
  propRounds: 2,
  ...over,
});

it('k steps + resume + k steps gives bit-identical weights, Adam state and metrics to 2k steps straight', async () => {
  const straight = join(dir, 'straight');
  const split = join(dir, 'split');
  const a = await train(base(straight));
  expect(a.finished).toBe(true);
  expect(a.totalSteps).toBe(10);
  const half = await train(base(split, { stopAt: 5 }));
  expect(half.steps).toBe(5);
  expect(half.finished).toBe(false);
  const rest = await train(base(split, { resume: true }));
  expect(rest.steps).toBe(10);
  expect(rest.finished).toBe(true);
  expect(readFileSync(join(split, 'weights.bin')).equals(readFileSync(join(straight, 'weights.bin')))).toBe(true);
  const opt = (d: string) => readFileSync(join(d, 'checkpoint', 'step-10', 'optimizer.bin'));
  expect(opt(split).equals(opt(straight))).toBe(true);
  expect(readFileSync(join(split, 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(straight, 'metrics.jsonl'), 'utf8'));
  expect(readFileSync(join(straight, 'curves.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<path d="M[\d.,ML]+"[\s\S]*<\/svg>\n$/);
});

it('resume with other options is refused', async () => {
  await expect(train(base(join(dir, 'split'), { resume: true, lr: 1e-2 }))).rejects.toThrow(/other options or data/);
});

it('the unsupervised loss with its forward pass on the bit-exact TS device trains to the same weights as pure tfjs', async () => {
  const device = openDevice('ts');
  await train(base(join(dir, 'tfjs'), { loss: 'unsupervised' }));
  await train(base(join(dir, 'device'), { loss: 'unsupervised', hardDevice: device }));
  device.close();
  expect(readFileSync(join(dir, 'device', 'weights.bin')).equals(readFileSync(join(dir, 'tfjs', 'weights.bin')))).toBe(true);
});

it('a tiny supervised run lowers the loss and beats chance on held-out cells', async () => {
  const out = join(dir, 'learn');
  const losses: number[] = [];
  const r = await train(
    base(out, {
      loss: 'supervised',
      // Raw givens: root propagation would leave mostly cells with several solutions, no fixed target.
      input: 'raw',
      instances: tinySudokus(120, 11),
      epochs: 6,
      batch: 16,
      lr: 1e-2,
      hidden: 16,
      rounds: 3,
      evalEvery: 0,
      onStep: (p) => losses.push(p.loss),
    }),
  );
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  expect(mean(losses.slice(-5))).toBeLessThan(0.8 * mean(losses.slice(0, 5)));
  // Chance on a free 4×4 cell is at best 1/2 after the givens' own rows and columns: the model must beat 1/4 clearly.
  expect(r.eval.accuracy).toBeGreaterThan(0.4);
});

it('model and optimizer state survive a save/load round trip exactly', async () => {
  const rng = Rng.seeded(2);
  const gnn = Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng);
  const p = randomSudoku(rng, 2, 5);
  const prog = compileArcs(p);
  const g = graphIndex(prog);
  const t = graphTensors(g);
  const input = batchInput(g, prog.words, [p.init]);
  const opt = tf.train.adam(0.01);
  for (let i = 0; i < 3; i++) opt.minimize(() => tf.sum(tf.square(tf.relu(tf.add(gnn.logits(t, input), 100)))), false, gnn.variables());
  const at = join(dir, 'roundtrip');
  await saveModel(at, gnn);
  await saveOptimizer(at, opt);
  const { gnn: back } = await loadModel(at);
  expect(back.config).toEqual(gnn.config);
  expect(Array.from(back.logits(t, input).dataSync())).toEqual(Array.from(gnn.logits(t, input).dataSync()));
  const opt2 = tf.train.adam(0.01);
  await loadOptimizer(at, opt2);
  const w1 = await opt.getWeights();
  const w2 = await opt2.getWeights();
  expect(w2.length).toBe(w1.length);
  for (let i = 0; i < w1.length; i++)
    expect(Array.from((w2[i] as (typeof w1)[number]).tensor.dataSync())).toEqual(
      Array.from((w1[i] as (typeof w1)[number]).tensor.dataSync()),
    );
  disposeBatchInput(input);
});
