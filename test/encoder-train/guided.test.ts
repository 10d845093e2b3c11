import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { Gnn } from '../../encoder/gnn.js';
import { guidedSearch, ScoreOrder } from '../../encoder/guided-order.js';
import { Encoder, searchWithoutEncoder, solveWithEncoder } from '../../encoder/guided-solve.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';
import { search } from '../../solver/search/search.js';

beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
});

it('ScoreOrder picks the highest-scoring value left in the domain, across words', () => {
  const width = 40;
  const scores = new Float32Array(2 * width);
  scores[width + 3] = 0.2;
  scores[width + 35] = 0.7;
  scores[width + 36] = 0.9;
  const order = new ScoreOrder(scores, width, 2);
  // Variable 1's domain {3, 35} (words 2, 3): 36 is not in it.
  const dom = new Uint32Array([0, 0, 1 << 3, 1 << 3]);
  expect(order.pick(1, dom, 2)).toBe(35);
  dom[3] = 0;
  expect(order.pick(1, dom, 2)).toBe(3);
});

it('guided search with an untrained (random) encoder and with adversarial scores agrees with plain search on sat/unsat, and every solution checks', async () => {
  const rng = Rng.seeded(21);
  let sat = 0;
  let unsat = 0;
  for (let k = 0; k < 40; k++) {
    const p = randomProblem(rng, {
      vars: rng.int(3, 7),
      domain: rng.int(2, 5),
      density: 0.5 + 0.4 * rng.float(),
      tightness: 0.3 + 0.4 * rng.float(),
      holes: true,
    });
    const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
    const plain = search(p);
    const guided = await solveWithEncoder(p, enc, {}, { stageNodes: 5 });
    expect(guided.status).toBe(plain.status);
    expect(searchWithoutEncoder(p).status).toBe(plain.status);
    if (guided.status === 'sat') {
      sat++;
      expect(checkSolution(p, guided.solution as Int32Array)).toBeNull();
    } else unsat++;
    // Adversarial: every value scores 1 except the plain search's solution values, which score 0.
    const { width, words } = enc.probabilities(p);
    const bad = new Float32Array(p.domSize.length * width).fill(1);
    if (plain.solution) for (let x = 0; x < p.domSize.length; x++) bad[x * width + (plain.solution[x] as number)] = 0;
    const g2 = guidedSearch(p, bad, width, words, {}, { stageNodes: 3 });
    expect(g2.status).toBe(plain.status);
    if (g2.solution) expect(checkSolution(p, g2.solution)).toBeNull();
    enc.dispose();
  }
  expect(sat).toBeGreaterThan(5);
  expect(unsat).toBeGreaterThan(5);
});

it('an external propagator (the --device path) runs in the guided stages and in the baseline, and changes no answer', async () => {
  const rng = Rng.seeded(8);
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
  let calls = 0;
  const counting = {
    fixpoint: () => {
      calls++;
      return true;
    },
  };
  let sat = 0;
  for (let k = 0; k < 10; k++) {
    const p = randomProblem(rng, { vars: 6, domain: 4, density: 0.5, tightness: 0.3, holes: true });
    const without = await solveWithEncoder(p, enc);
    const plain = searchWithoutEncoder(p);
    calls = 0;
    const guided = await solveWithEncoder(p, enc, { external: counting });
    const guidedCalls = calls;
    calls = 0;
    const baseline = searchWithoutEncoder(p, { external: counting });
    expect([guided.status, guided.solution, guided.stages.map((s) => s.nodes), baseline.nodes]).toEqual([
      without.status,
      without.solution,
      without.stages.map((s) => s.nodes),
      plain.nodes,
    ]);
    // The stats count exactly the calls the propagator saw, stage by stage.
    expect(guided.stats.externalCalls).toBe(guidedCalls);
    expect(guided.stages.reduce((n, s) => n + s.externalCalls, 0)).toBe(guidedCalls);
    expect(baseline.externalCalls).toBe(calls);
    expect(without.stats.externalCalls).toBe(0);
    // A problem refuted by the engine's own propagators never reaches the external one; a solved
    // one reaches a full fixpoint in the solving stage, and again in the baseline.
    if (guided.status === 'sat') {
      sat++;
      expect(guided.stages.at(-1)?.externalCalls).toBeGreaterThan(0);
      expect(calls).toBeGreaterThan(0);
    }
  }
  expect(sat).toBeGreaterThan(3);
  enc.dispose();
});
