import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { Gnn } from '../../encoder/gnn.js';
import { Encoder, solveGuided } from '../../encoder/guided-solve.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { SearchContext } from '../../solver/search/context.js';
import { Engine } from '../../solver/search/engine.js';
import { search } from '../../solver/search/search.js';

/**
 * The root view's engine (input view 'root') is left idle in the search context, and the guided
 * solve's search resets it instead of building another; the view takes an idle engine a search
 * left there: one engine per problem, the same search and the same view.
 */

beforeAll(async () => {
  await selectBackend('wasm');
});

afterEach(() => {
  vi.restoreAllMocks();
});

it("a search after the encoder's root view takes the view's engine and searches as on a fresh one, and the other way round; the guided solve does so", () => {
  const rng = Rng.seeded(5);
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2, input: 'root' }, rng.split()), 'typed', { ratios: [] });
  for (let t = 0; t < 8; t++) {
    const p = randomProblem(rng, { vars: 12, domain: 4, density: 0.4, tightness: 0.3, kinds: ['neq', 'alldiff', 'table'] });
    const context = new SearchContext();
    enc.probabilities(p, undefined, context);
    const rooted = context.engines.get(p.constraints);
    expect(rooted).toBeInstanceOf(Engine);
    const after = search(p, { seed: 1, context });
    expect(context.engines.get(p.constraints)).toBe(rooted);
    const fresh = search(p, { seed: 1, context: new SearchContext() });
    expect([after.status, after.stats.nodes, after.stats.propagations]).toEqual([
      fresh.status,
      fresh.stats.nodes,
      fresh.stats.propagations,
    ]);
    // The other way round: the view takes the engine the search left, and sees what a new engine sees.
    const viewed = enc.probabilities(p, undefined, context).probs.slice();
    expect(context.engines.get(p.constraints)).toBe(rooted);
    expect(viewed).toEqual(enc.probabilities(p).probs);
    // The guided solve resets the engine its root view left (a search on a new engine resets none).
    const reset = vi.spyOn(Engine.prototype, 'reset');
    solveGuided(p, enc, { seed: 1, context: new SearchContext() });
    expect(reset).toHaveBeenCalled();
    reset.mockRestore();
  }
  enc.dispose();
});
