import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import { buildLine } from '../../encoder/datasets/generate.js';
import { recordItem } from '../../encoder/datasets/record.js';
import { instanceStates } from '../../encoder/datasets/streams.js';
import { supervisedLoss, supervisedTarget } from '../../encoder/losses.js';
import { structureKey } from '../../encoder/structure-key.js';
import { BatchGraphs } from '../../encoder/training/batches.js';
import { popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends } from '../encoder/backends.js';

const bit = (m: ArrayLike<number>, at: number, a: number) => (((m[at + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;

/** CNF state records (several solutions each, so `yes` is wider than one solution) read back as items. */
async function cnfStateItems(count: number) {
  const params = await familyByName('cnf').params({ size: 30, ratio: 3.5, planted: true });
  const states = { keep: 'live' as const, max: 4, nodes: 20_000 };
  return instanceStates(3, count).flatMap((s, i) =>
    buildLine({ family: 'cnf', params, states }, i, s)
      .split('\n')
      .filter((l) => l !== '')
      .map((l, k) => recordItem(JSON.parse(l), 'states.jsonl', k + 1)),
  );
}

it('a state record gives its yes | unknown values as the viable mask, the solution among them', async () => {
  const items = await cnfStateItems(3);
  expect(items.length).toBeGreaterThan(4);
  let wider = 0;
  for (const it of items) {
    const { problem, viable, solution } = it;
    expect(viable).toBeDefined();
    const w = wordsPerDomain(problem);
    for (let x = 0; x < problem.domSize.length; x++) {
      expect(bit(viable as Uint32Array, x * w, solution?.[x] as number)).toBe(true);
      for (let a = 0; a < (problem.domSize[x] as number); a++) {
        if (bit(viable as Uint32Array, x * w, a)) expect(bit(problem.init, x * w, a)).toBe(true);
        if (a !== solution?.[x] && bit(viable as Uint32Array, x * w, a)) wider++;
      }
    }
  }
  // Planted 3-SAT below the threshold has many solutions: some free variable takes either value.
  expect(wider).toBeGreaterThan(0);
});

describeBackends('viable target', () => {
  it('the supervised loss is the mean over free variables of −log(softmax mass on the viable values), a plain-TS reference', () => {
    const rng = Rng.seeded(9);
    const B = 3;
    const n = 5;
    const D = 4;
    const words = 1;
    const inits: Uint32Array[] = [];
    const viables: (Uint32Array | null)[] = [];
    const sols: Int32Array[] = [];
    for (let i = 0; i < B; i++) {
      const init = new Uint32Array(n);
      const viable = new Uint32Array(n);
      const sol = new Int32Array(n);
      for (let x = 0; x < n; x++) {
        // Variable 0 fixed (no loss term); the others random non-empty domains and viable subsets holding the solution.
        init[x] = x === 0 ? 1 << rng.int(0, D - 1) : rng.int(1, (1 << D) - 1);
        const vals = [0, 1, 2, 3].filter((a) => bit(init, x, a));
        sol[x] = vals[rng.int(0, vals.length - 1)] as number;
        viable[x] = ((rng.int(0, (1 << D) - 1) & (init[x] as number)) | (1 << (sol[x] as number))) >>> 0;
      }
      inits.push(init);
      viables.push(i === 1 ? null : viable);
      sols.push(sol);
    }
    const logitValues = Float32Array.from({ length: B * n * D }, () => rng.float() * 6 - 3);
    for (let i = 0; i < B; i++)
      for (let x = 0; x < n; x++)
        for (let a = 0; a < D; a++) if (!bit(inits[i] as Uint32Array, x, a)) logitValues[(i * n + x) * D + a] = -1e4;
    let sum = 0;
    let free = 0;
    for (let i = 0; i < B; i++)
      for (let x = 1; x < n; x++) {
        if (popcount32(inits[i]?.[x] as number) <= 1) continue; // one value: fixed, no term
        const row = logitValues.subarray((i * n + x) * D, (i * n + x + 1) * D);
        const z = row.reduce((s, v) => s + Math.exp(v), 0);
        const set = viables[i] ?? Uint32Array.from(sols[i] as Int32Array, (a) => 1 << a);
        let mass = 0;
        for (let a = 0; a < D; a++) if (bit(set, x, a)) mass += Math.exp(row[a] as number) / z;
        sum -= Math.log(mass);
        free++;
      }
    const target = supervisedTarget(sols, inits, n, D, words, viables);
    expect(target.count).toBe(free);
    const logits = tf.tensor3d(logitValues, [B, n, D]);
    const loss = supervisedLoss(logits, target);
    expect(loss.dataSync()[0] as number).toBeCloseTo(sum / free, 5);
    for (const t of [logits, loss]) t.dispose();
  });
});

it('a block-diagonal batch of different instances carries each part’s viable mask at its variables', async () => {
  const items = (await cnfStateItems(3)).filter(
    (it, k, all) => all.findIndex((o) => structureKey(o.problem) === structureKey(it.problem)) === k,
  );
  expect(items.length).toBe(3);
  const graphs = new BatchGraphs(
    items.map((i) => i.problem),
    items.map((i) => i.solution),
    items.map((i) => i.viable),
    items.map((i) => structureKey(i.problem)),
    { propagate: false, propRounds: 1, device: undefined },
  );
  const b = graphs.of([2, 0, 1]);
  const union = b.viables[0] as Uint32Array;
  // CNF: one word per variable, so variable offsets are word offsets.
  expect(union.length).toBe(b.inits[0]?.length);
  [2, 0, 1].forEach((m, k) => {
    const own = items[m]?.viable as Uint32Array;
    expect(Array.from(union.subarray(b.offsets[k] as number, b.offsets[k + 1] as number))).toEqual(Array.from(own));
  });
  b.release();
  graphs.dispose();
});
