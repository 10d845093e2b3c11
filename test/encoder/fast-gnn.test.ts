import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { recordItem } from '../../encoder/datasets/record.js';
import { FastGnn } from '../../encoder/fast-gnn.js';
import { batchInput, disposeBatchInput, disposeGraphTensors, Gnn, graphIndex, graphTensors } from '../../encoder/gnn.js';
import { Encoder } from '../../encoder/guided-solve.js';
import { hasBit, type Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';

/**
 * The typed-array inference path against tfjs's `Gnn.logits` (wasm backend), on random weights and
 * on each kind of graph: not-equal/all-different (sudoku, latin, colouring), clauses (CNF), tables
 * and uneven domains (padding) in random problems, each from its own domains and from a random
 * narrowing of them (the domains a decision node sees).
 *
 * Tolerance: both sides are float32, with sums in different orders. An inside-domain logit may
 * differ by at most 1e-4 × the largest inside-domain |logit| of the instance (at least 1); the
 * measured worst is about 1e-6 of that scale. A logit outside the domains is x − 1e4, where one
 * float32 ulp is ~1e-3, so those are compared to 2e-3 plus the same relative bound.
 */

beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
});

async function generated(family: string, flags: FamilyFlags, seed: number): Promise<Problem> {
  const f = familyByName(family);
  const params = await f.params(flags);
  return recordItem(JSON.parse(JSON.stringify(f.generate(Rng.seeded(seed), params))), 'test', 1).problem;
}

/** `p`'s domains with each variable narrowed to a random non-empty subset (a decision node's view). */
function narrowed(p: Problem, rng: Rng): Uint32Array {
  const words = p.init.length / p.domSize.length;
  const dom = p.init.slice();
  for (let x = 0; x < p.domSize.length; x++) {
    const kept: number[] = [];
    for (let a = 0; a < (p.domSize[x] as number); a++) if (hasBit(p.init, x * words, a)) kept.push(a);
    for (let k = 0; k < words; k++) dom[x * words + k] = 0;
    let any = false;
    for (const a of kept)
      if (rng.float() < 0.5) {
        dom[x * words + (a >>> 5)] = ((dom[x * words + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
        any = true;
      }
    if (!any && kept.length > 0) {
      const a = kept[rng.int(0, kept.length - 1)] as number;
      dom[x * words + (a >>> 5)] = ((dom[x * words + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
    }
  }
  return dom;
}

/** `gnn` with random biases (Gnn.init leaves them at 0, where a bias added in the wrong place goes unseen). */
function withBiases(gnn: Gnn, rng: Rng): Gnn {
  for (const name of ['bIn', 'bUpd', 'bLit', 'bOut'] as const) {
    const b = gnn.params[name];
    b.assign(
      tf.tensor(
        Float32Array.from({ length: b.size }, () => rng.float() - 0.5),
        b.shape,
      ),
    );
  }
  return gnn;
}

/** Worst difference over the tolerance (≤ 1 passes), and the number of logits compared. */
function compare(p: Problem, gnn: Gnn, doms: Uint32Array[]): { worst: number; relMax: number; count: number } {
  const prog = compileArcs(p);
  const g = graphIndex(prog);
  const t = graphTensors(g);
  const run = FastGnn.of(gnn).run(g, prog.words);
  let worst = 0;
  let relMax = 0;
  let count = 0;
  for (const dom of doms) {
    const input = batchInput(g, prog.words, [dom]);
    const ref = gnn.logits(t, input);
    const want = ref.dataSync() as Float32Array;
    ref.dispose();
    disposeBatchInput(input);
    const got = run.logits(dom);
    expect(got.length).toBe(want.length);
    let scale = 1;
    for (let m = 0; m < want.length; m++) if ((want[m] as number) > -5e3) scale = Math.max(scale, Math.abs(want[m] as number));
    for (let m = 0; m < want.length; m++) {
      const w = want[m] as number;
      const d = Math.abs((got[m] as number) - w);
      const inside = w > -5e3;
      worst = Math.max(worst, d / (1e-4 * scale + (inside ? 0 : 2e-3)));
      if (inside) relMax = Math.max(relMax, d / scale);
      count++;
    }
  }
  disposeGraphTensors(t);
  return { worst, relMax, count };
}

it('typed-array logits match tfjs Gnn.logits within 1e-4 of the logit scale on sudoku, latin, colouring, CNF and table graphs, old and new architectures', async () => {
  const rng = Rng.seeded(7);
  const problems: [string, Problem][] = [
    ['sudoku', await generated('sudoku', { size: 3 }, 1)],
    ['latin', await generated('latin', { size: 7, holes: 0.5 }, 2)],
    ['colouring', await generated('coloring', { size: 30, colors: 4, density: 0.2 }, 3)],
    ['cnf', await generated('cnf', { size: 20, ratio: 4.2 }, 4)],
  ];
  // Random problems with tables, not-equal, all-different and clauses over uneven domains (padding).
  for (let seed = 1; problems.length < 7; seed++) {
    const p = randomProblem(Rng.seeded(seed), { vars: 8, domain: 6, density: 0.7, tightness: 0.4, holes: true });
    if (new Set(p.constraints.map((c) => c.kind)).size === 4 && new Set(p.domSize).size > 1) problems.push([`random ${seed}`, p]);
  }
  let relMax = 0;
  for (const [name, p] of problems) {
    for (const config of [
      { hidden: 16, message: 4, rounds: 3 },
      { hidden: 32, message: 8, rounds: 4 },
      // Widths that are not multiples of 4: the scalar kernels instead of the SIMD arena's.
      { hidden: 10, message: 6, rounds: 3 },
      // Random node features, the soft round inside, per-round readouts, more rounds at inference.
      { hidden: 16, message: 4, rounds: 3, randomFeatures: 3, propFeatures: true, perRoundLoss: true, inferenceRounds: 5, normalize: true },
    ]) {
      const gnn = withBiases(Gnn.init(config, rng.split()), rng);
      const r = compare(p, gnn, [p.init, narrowed(p, rng), narrowed(p, rng)]);
      gnn.dispose();
      expect(r.count, name).toBeGreaterThan(0);
      expect(r.worst, `${name} hidden ${config.hidden}`).toBeLessThanOrEqual(1);
      relMax = Math.max(relMax, r.relMax);
    }
  }
  console.log(`fast-gnn: worst inside-domain |fast - tfjs| / logit scale ${relMax.toExponential(2)} (bound 1e-4)`);
});

it('probabilities are the softmax of the logits per variable, zero outside the domains', async () => {
  const p = await generated('latin', { size: 6, holes: 0.6 }, 5);
  const prog = compileArcs(p);
  const g = graphIndex(prog);
  const gnn = Gnn.init({ hidden: 8, message: 4, rounds: 2 }, Rng.seeded(3));
  const run = FastGnn.of(gnn).run(g, prog.words);
  const probs = run.probabilities(p.init, new Float32Array(g.nVars * g.width));
  const t = graphTensors(g);
  const input = batchInput(g, prog.words, [p.init]);
  const ref = tf.tidy(() => tf.softmax(gnn.logits(t, input)));
  const want = ref.dataSync() as Float32Array;
  ref.dispose();
  disposeBatchInput(input);
  disposeGraphTensors(t);
  gnn.dispose();
  for (let m = 0; m < want.length; m++) expect(Math.abs((probs[m] as number) - (want[m] as number))).toBeLessThan(1e-5);
  for (let x = 0; x < g.nVars; x++) {
    let s = 0;
    for (let a = 0; a < g.width; a++) {
      s += probs[x * g.width + a] as number;
      if (!hasBit(p.init, x * prog.words, a)) expect(probs[x * g.width + a]).toBe(0);
    }
    expect(s).toBeCloseTo(1, 5);
  }
});

it('an Encoder scores through the path it is given: tfjs exactly as Gnn.logits, typed within 1e-5, on the root and a decision node', async () => {
  const p = await generated('sudoku', {}, 11);
  const gnn = Gnn.init({ hidden: 8, message: 4, rounds: 2 }, Rng.seeded(4));
  const prog = compileArcs(p);
  const g = graphIndex(prog);
  const t = graphTensors(g);
  const doms = [p.init, narrowed(p, Rng.seeded(5))];
  const paths = { tfjs: Encoder.of(gnn, 'tfjs'), typed: Encoder.of(gnn, 'typed') };
  for (const dom of doms) {
    const input = batchInput(g, prog.words, [dom]);
    const ref = tf.tidy(() => tf.softmax(gnn.logits(t, input)));
    const want = ref.dataSync() as Float32Array;
    ref.dispose();
    disposeBatchInput(input);
    const got = { tfjs: new Float32Array(want.length), typed: new Float32Array(want.length) };
    for (const k of ['tfjs', 'typed'] as const) paths[k].scorer(p)(dom, got[k]);
    expect(Array.from(got.tfjs)).toEqual(Array.from(want));
    for (let m = 0; m < want.length; m++) expect(Math.abs((got.typed[m] as number) - (want[m] as number))).toBeLessThan(1e-5);
  }
  disposeGraphTensors(t);
  gnn.dispose();
});

it('a run called again and again gives each domain the logits a fresh run gives (kept input rows follow the domains)', async () => {
  const rng = Rng.seeded(12);
  for (const [p, config] of [
    [await generated('latin', { size: 6, holes: 0.6 }, 7), { hidden: 8, message: 4, rounds: 2 }],
    [
      await generated('coloring', { size: 12, colors: 3, density: 0.3 }, 8),
      { hidden: 8, message: 4, rounds: 3, randomFeatures: 2, propFeatures: true, perRoundLoss: true, normalize: true },
    ],
  ] as const) {
    const gnn = withBiases(Gnn.init(config, rng.split()), rng);
    const prog = compileArcs(p);
    const g = graphIndex(prog);
    const fast = FastGnn.of(gnn);
    const reused = fast.run(g, prog.words);
    // A decision narrows a few variables, backtracking widens them again, a restart returns to the root.
    const one = narrowed(p, rng);
    const doms = [p.init, one, narrowed(p, rng), one, p.init, p.init];
    for (const dom of doms) {
      const got = Array.from(reused.logits(dom));
      expect(got).toEqual(Array.from(fast.run(g, prog.words).logits(dom)));
    }
    gnn.dispose();
  }
});

it('runs that reuse the arena of a disposed run (graph A, a larger B that grows it, A again) give the logits of fresh runs', async () => {
  const rng = Rng.seeded(13);
  const config = { hidden: 16, message: 4, rounds: 3, randomFeatures: 2, propFeatures: true, perRoundLoss: true, normalize: true };
  const gnn = withBiases(Gnn.init(config, rng.split()), rng);
  // A fits one 64 KiB page; B (clauses: every buffer in use) needs several, so its run grows the kept memory.
  const graphs = [
    await generated('coloring', { size: 12, colors: 3, density: 0.3 }, 14),
    await generated('cnf', { size: 30, ratio: 4.2 }, 15),
  ].map((p) => {
    const prog = compileArcs(p);
    return { g: graphIndex(prog), words: prog.words, doms: [p.init, narrowed(p, rng)] };
  });
  const [a, b] = graphs as [(typeof graphs)[number], (typeof graphs)[number]];
  const fresh = graphs.map(({ g, words, doms }) => doms.map((dom) => Array.from(FastGnn.of(gnn).run(g, words).logits(dom))));
  const fast = FastGnn.of(gnn);
  for (const [i, { g, words, doms }] of [a, b, a, b].entries()) {
    const run = fast.run(g, words);
    for (const [k, dom] of doms.entries()) expect(Array.from(run.logits(dom)), `run ${i + 1}, domains ${k + 1}`).toEqual(fresh[i % 2]?.[k]);
    run.dispose();
    expect(() => run.logits(doms[0] as Uint32Array)).toThrow(/after dispose/);
  }
  gnn.dispose();
});
