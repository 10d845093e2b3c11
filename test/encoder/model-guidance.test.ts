import { beforeAll, expect, it } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { FastGnn } from '../../encoder/fast-gnn.js';
import { Gnn, graphIndex } from '../../encoder/gnn.js';
import { guidedSearch } from '../../encoder/guided-order.js';
import { Encoder, solveGuided } from '../../encoder/guided-solve.js';
import { readGuidance, withGuidance } from '../../encoder/model-guidance.js';
import { UserError } from '../../solver/api/user-error.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { search } from '../../solver/search/search.js';

/**
 * A model's recorded guidance (meta.json "guidance"): read and checked, and used by the guided
 * solve for every field the caller leaves undefined, while a field the caller gives wins.
 */

beforeAll(async () => {
  await selectBackend('wasm');
});

it('reads every, after, variables, ratios and rounds, and refuses anything else naming the file and the field', () => {
  expect(readGuidance({}, 'm/meta.json')).toEqual({});
  expect(
    readGuidance({ guidance: { every: 0, after: 300, variables: 'confidence', ratios: [], measured: 'notes' } }, 'm/meta.json'),
  ).toEqual({
    every: 0,
    after: 300,
    variables: 'confidence',
    ratios: [],
  });
  expect(readGuidance({ guidance: { ratios: [0.05, 1] } }, 'm/meta.json')).toEqual({ ratios: [0.05, 1] });
  expect(readGuidance({ guidance: { rounds: 12 } }, 'm/meta.json')).toEqual({ rounds: 12 });
  for (const [guidance, message] of [
    [{ every: -1 }, 'm/meta.json: guidance.every must be an integer ≥ 0'],
    [{ after: 1.5 }, 'm/meta.json: guidance.after must be an integer ≥ 0'],
    [{ after: '300' }, 'm/meta.json: guidance.after must be an integer ≥ 0'],
    [{ variables: 'random' }, 'm/meta.json: guidance.variables must be one of search, confidence'],
    [{ ratios: [0] }, 'm/meta.json: guidance.ratios must be a list of numbers in (0, 1]'],
    [{ ratios: [0.5, 1.5] }, 'm/meta.json: guidance.ratios must be a list of numbers in (0, 1]'],
    [{ ratios: 0.05 }, 'm/meta.json: guidance.ratios must be a list of numbers in (0, 1]'],
    [{ rounds: 0 }, 'm/meta.json: guidance.rounds must be an integer ≥ 1'],
    [{ rounds: 2.5 }, 'm/meta.json: guidance.rounds must be an integer ≥ 1'],
    [[1], 'm/meta.json: guidance must be an object'],
  ] as const) {
    expect(() => readGuidance({ guidance }, 'm/meta.json')).toThrow(UserError);
    expect(() => readGuidance({ guidance }, 'm/meta.json')).toThrow(message);
  }
  expect(withGuidance({ every: 4, after: 300, variables: 'confidence', ratios: [] }, { every: 0, stageNodes: 7 })).toStrictEqual({
    every: 0,
    after: 300,
    variables: 'confidence',
    ratios: [],
    rounds: undefined,
    stageNodes: 7,
  });
  expect(withGuidance({ ratios: [] }, { ratios: [0.5] }).ratios).toEqual([0.5]);
  expect([withGuidance({ rounds: 12 }, {}).rounds, withGuidance({ rounds: 12 }, { rounds: 3 }).rounds]).toEqual([12, 3]);
});

it("the guided solve takes the model's after when the caller gives none, and the caller's when given", () => {
  const rng = Rng.seeded(5);
  const recorded = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()), 'typed', { after: 1_000_000 });
  let open = 0;
  for (let k = 0; k < 10; k++) {
    const p = randomProblem(rng, { vars: 10, domain: 5, density: 0.4, tightness: 0.2, holes: true });
    const plain = search(p);
    // The recorded budget outlasts every plain search here: the encoder is never consulted.
    const r = solveGuided(p, recorded, {});
    expect([r.status, r.encoderCalls, r.stages.length, r.stages[0]?.guided]).toEqual([plain.status, 0, 1, false]);
    // after: 0 given explicitly: consulted at once, from the root.
    const given = solveGuided(p, recorded, {}, { after: 0 });
    expect([given.status, given.encoderCalls, given.stages[0]?.guided]).toEqual([plain.status, 1, true]);
    if (plain.status !== 'unsat') open++;
  }
  expect(open).toBeGreaterThan(3);
  recorded.dispose();
});

it("the guided solve takes the model's ratios: [] leaves out the restricted stage, the caller's ratios win", () => {
  const rng = Rng.seeded(9);
  const gnn = Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split());
  const none = Encoder.of(gnn, 'typed', { ratios: [] });
  const two = Encoder.of(gnn, 'typed', { ratios: [1, 0.05] });
  let stages = 0;
  for (let k = 0; k < 10; k++) {
    const p = randomProblem(rng, { vars: 10, domain: 5, density: 0.4, tightness: 0.2, holes: true });
    const plain = search(p);
    const r = solveGuided(p, none, {});
    // Only the complete full-domain stage: its ratio is 0.
    expect([r.status, r.stages.map((s) => s.ratio)]).toEqual([plain.status, [0]]);
    const t = solveGuided(p, two, {});
    expect(t.status).toBe(plain.status);
    expect(t.stages.map((s) => s.ratio)).toEqual([1, 0.05, 0].slice(0, t.stages.length));
    stages += t.stages.length;
    const given = solveGuided(p, none, {}, { ratios: [1] });
    expect(given.stages[0]?.ratio).toBe(1);
  }
  // Some problem went past the first restricted stage.
  expect(stages).toBeGreaterThan(10);
  gnn.dispose();
});

it("the encoder's rounds: the caller's, else the model's recorded ones, else its config's; tfjs runs only the config's", () => {
  const rng = Rng.seeded(13);
  const gnn = Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split());
  const p = randomProblem(rng, { vars: 10, domain: 5, density: 0.4, tightness: 0.2, holes: true });
  const g = graphIndex(compileArcs(p));
  const expected = (rounds: number): Float32Array =>
    FastGnn.of(gnn)
      .run(g, 1, { rounds })
      .probabilities(p.init, new Float32Array(g.nVars * g.width));
  const plain = Encoder.of(gnn, 'typed');
  const five = expected(5);
  expect(plain.probabilities(p).probs).toEqual(expected(2));
  expect(plain.probabilities(p, 5).probs).toEqual(five);
  expect(five).not.toEqual(expected(2));
  // The guided solve scores with the rounds its staging gives, or the model's recorded ones.
  const recorded = Encoder.of(gnn, 'typed', { rounds: 5 });
  const staged = (probs: Float32Array) => guidedSearch(p, probs, g.width, 1, {}, { ratios: [1] });
  for (const [enc, given, probs] of [
    [plain, { rounds: 5 }, five],
    [recorded, {}, five],
    [recorded, { rounds: 2 }, expected(2)],
  ] as const) {
    const r = solveGuided(p, enc, {}, { ratios: [1], ...given });
    expect(r.stages.map((s) => [s.ratio, s.nodes])).toEqual(staged(probs).stages.map((s) => [s.ratio, s.nodes]));
  }
  const tfjs = Encoder.of(gnn, 'tfjs');
  expect(tfjs.probabilities(p, 2).probs.length).toBe(g.nVars * g.width);
  expect(() => tfjs.probabilities(p, 5)).toThrow(UserError);
  expect(() => tfjs.probabilities(p, 5)).toThrow(
    "the encoder: --inference tfjs runs the model's own 2 rounds; 5 rounds need --inference typed",
  );
  gnn.dispose();
});
