import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { Gnn } from '../../encoder/gnn.js';
import { guidedSearch, ScoreOrder, type StageReport } from '../../encoder/guided-order.js';
import { Encoder, encoderGuide, searchWithoutEncoder, solveGuided, solveWithEncoder } from '../../encoder/guided-solve.js';
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

it('ScoreOrder as a variable choice: the unfixed variable whose best remaining value has the largest share of its remaining score', () => {
  const width = 3;
  // Shares over full domains: x0 0.5, x1 0.8, x2 (fixed) 1, x3 0.6; with x1's best value gone, x1 drops to 0.5.
  const scores = new Float32Array([0.5, 0.3, 0.2, 0.8, 0.1, 0.1, 1, 0, 0, 0.2, 0.6, 0.2]);
  const order = new ScoreOrder(scores, width, 1);
  const dom = new Uint32Array([7, 7, 1, 7]);
  expect(order.select(dom, 1)).toBe(1);
  dom[1] = 6;
  expect(order.select(dom, 1)).toBe(3);
  dom[3] = 2;
  dom[1] = 2;
  expect(order.select(dom, 1)).toBe(0);
  dom[0] = 1;
  expect(order.select(dom, 1)).toBe(-1);
});

it("guided search with variables 'confidence' branches in the encoder's order of confidence", () => {
  const n = 6;
  const width = 4;
  const p = { domSize: new Int32Array(n).fill(width), init: new Uint32Array(n).fill(15), constraints: [] };
  const rng = Rng.seeded(5);
  const scores = new Float32Array(n * width);
  for (let k = 0; k < scores.length; k++) scores[k] = rng.float();
  const share = (x: number) =>
    Math.max(...scores.subarray(x * width, (x + 1) * width)) / scores.subarray(x * width, (x + 1) * width).reduce((a, b) => a + b, 0);
  const decided: number[] = [];
  const observer = { decide: (x: number) => void decided.push(x), refute() {}, restart() {} };
  const r = guidedSearch(p, scores, width, 1, { observer }, { ratios: [], variables: 'confidence' });
  expect(r.status).toBe('sat');
  const byShare = Array.from({ length: n }, (_, x) => x).sort((a, b) => share(b) - share(a));
  expect(decided).toEqual(byShare);
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

it('re-scoring: a decision due re-scores the current domains; the others use the latest scores whose domains contain theirs, else the root scores', () => {
  const width = 4;
  // Root scores prefer the lowest value, re-scored ones the highest.
  const root = new Float32Array(2 * width).map((_, m) => -(m % width));
  let calls = 0;
  const scorer = (_dom: Uint32Array, out: Float32Array) => {
    calls++;
    for (let m = 0; m < out.length; m++) out[m] = m % width;
  };
  const order = new ScoreOrder(root, width, 1, { every: 2, scorer, nVars: 2 });
  // Decision 1 (due): re-scored over {0,1,2} x {0..3}.
  expect(order.pick(1, new Uint32Array([0b0111, 0b1111]), 1)).toBe(3);
  // Decision 2, below it: its scores.
  expect(order.pick(0, new Uint32Array([0b0110, 0b0011]), 0)).toBe(2);
  // Decision 3 (due): re-scored again.
  expect(order.pick(1, new Uint32Array([0b0010, 0b0011]), 1)).toBe(1);
  // Decision 4, elsewhere (value 3 of variable 0 lies outside both re-scored states): the root's.
  expect(order.pick(1, new Uint32Array([0b1000, 0b1110]), 1)).toBe(1);
  expect([calls, order.calls, order.decisions]).toEqual([2, 2, 4]);
  expect(() => new ScoreOrder(root, width, 1, { every: 0, scorer, nVars: 2 })).toThrow(/every 0/);
});

it('--encoder-every K: the encoder is called at the root and at every K-th decision, and the answers stay right (sat checked, unsat kept)', async () => {
  const rng = Rng.seeded(33);
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
  // Count the network's runs at decision nodes independently of the order's own counter.
  let runs = 0;
  const scorer = enc.scorer.bind(enc);
  enc.scorer = (p) => {
    const s = scorer(p);
    return (dom, out) => {
      runs++;
      s(dom, out);
    };
  };
  let sat = 0;
  let unsat = 0;
  let decisions = 0;
  for (let k = 0; k < 30; k++) {
    const p = randomProblem(rng, { vars: rng.int(5, 9), domain: rng.int(3, 5), density: 0.6, tightness: 0.35, holes: true });
    const plain = search(p);
    for (const every of [0, 1, 3]) {
      runs = 0;
      const r = solveGuided(p, enc, {}, { every, stageNodes: 4 });
      expect(r.status).toBe(plain.status);
      if (r.status === 'sat') expect(checkSolution(p, r.solution as Int32Array)).toBeNull();
      expect([runs, r.rescoreCalls]).toEqual(Array(2).fill(every === 0 ? 0 : Math.ceil(r.decisions / every)));
      const report = encoderGuide(enc, { every, stageNodes: 4 }).solve(p, {}).report;
      expect([report.every, report.encoderCalls]).toEqual([every, 1 + r.rescoreCalls]);
      if (every === 1) decisions += r.decisions;
    }
    if (plain.status === 'sat') sat++;
    else unsat++;
  }
  expect(sat).toBeGreaterThan(5);
  expect(unsat).toBeGreaterThan(5);
  expect(decisions).toBeGreaterThan(50);
  enc.dispose();
});

it('--encoder-after N: the encoder is consulted only when the plain search leaves the problem open after N nodes, and the answers stay right', async () => {
  const rng = Rng.seeded(41);
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
  let scored = 0;
  const probabilities = enc.probabilities.bind(enc);
  enc.probabilities = (p) => {
    scored++;
    return probabilities(p);
  };
  let early = 0;
  let late = 0;
  for (let k = 0; k < 40; k++) {
    const p = randomProblem(rng, { vars: rng.int(8, 14), domain: rng.int(3, 6), density: 0.6, tightness: 0.35, holes: true });
    const plain = search(p);
    const after = rng.int(1, 10);
    scored = 0;
    const r = solveGuided(p, enc, {}, { after, stageNodes: 4 });
    expect(r.status).toBe(plain.status);
    if (r.status === 'sat') expect(checkSolution(p, r.solution as Int32Array)).toBeNull();
    const first = r.stages[0] as StageReport;
    expect(first.guided).toBe(false);
    expect(r.stats.nodes).toBe(r.stages.reduce((s, st) => s + st.nodes, 0));
    // The same search as plain, cut at `after` nodes: it finishes there exactly when plain needs no more.
    if (plain.stats.nodes <= after && plain.status !== 'unknown') {
      early++;
      expect([scored, r.encoderCalls, r.stages.length, r.encoderMs, first.nodes]).toEqual([0, 0, 1, 0, plain.stats.nodes]);
    } else {
      late++;
      expect([scored, r.encoderCalls]).toEqual([1, 1]);
      expect(first.nodes).toBe(after);
      expect(r.stages.slice(1).every((st) => st.guided)).toBe(true);
    }
  }
  expect(early).toBeGreaterThan(5);
  expect(late).toBeGreaterThan(5);
  enc.dispose();
});
