import { describe, expect, it } from 'vitest';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { type SearchOptions, search } from '../../solver/search/search.js';
import { Store } from '../../solver/search/store.js';
import { bruteForce } from '../support/brute-force.js';
import { oracleProblems, randomCnf, randomColouring } from '../support/random-problem.js';

/** Everything a search reports, bar the time: equal for both modes means the same search tree. */
function trace(p: Problem, opts: SearchOptions): string {
  const seen: string[] = [];
  const r = search(p, { ...opts, onSolution: opts.all ? (v) => void seen.push(v.join(',')) : undefined });
  const { timeMs: _t, ...stats } = r.stats;
  return JSON.stringify({ status: r.status, solution: r.solution && Array.from(r.solution), stats, seen });
}

const configs: SearchOptions[] = (['gac', 'decomposed'] as const).flatMap((alldiff) =>
  (['domwdeg', 'mindom'] as const).flatMap((varOrder) =>
    [true, false].flatMap((all) => [true, false].map((restarts) => ({ alldiff, varOrder, all, restarts }))),
  ),
);

describe('the trail store (large problems) searches exactly as the snapshot store (small ones)', () => {
  it('node for node on random problems, in every configuration, with the brute-force count', () => {
    for (const { p, i } of oracleProblems(21, 100, 70)) {
      const truth = bruteForce(p, 0).count;
      for (const cfg of configs) {
        const opts = { ...cfg, seed: i };
        const snapshot = trace(p, { ...opts, undo: 'snapshot' });
        expect(trace(p, { ...opts, undo: 'trail' }), `problem ${i} ${JSON.stringify(cfg)}`).toBe(snapshot);
        if (cfg.all) expect(JSON.parse(snapshot).stats.solutions).toBe(truth);
      }
    }
  });

  it('node for node on colourings with interchangeable values and on 3-CNF, with failures and restarts', () => {
    const rng = Rng.seeded(5);
    let failures = 0;
    for (let i = 0; i < 40; i++) {
      const colouring = randomColouring(rng, 15 + i, 0.35, 3 + (i % 3));
      const cnf = randomCnf(rng, 30 + i, Math.round(4.2 * (30 + i)), 3);
      for (const [p, opts] of [
        [colouring, { interchangeableValues: true, nodes: 20_000 }],
        [colouring, { interchangeableValues: true, all: true, nodes: 20_000 }],
        [cnf, { nodes: 20_000 }],
      ] as const) {
        const snapshot = trace(p, { ...opts, undo: 'snapshot' });
        expect(trace(p, { ...opts, undo: 'trail' }), `problem ${i} ${JSON.stringify(opts)}`).toBe(snapshot);
        failures += JSON.parse(snapshot).stats.failures;
      }
    }
    // Backtracking must be exercised for the comparison to mean something.
    expect(failures).toBeGreaterThan(1000);
  });

  it('restores every level on backtrack, words written several times per level and in reopened levels', () => {
    const n = 7;
    const rng = Rng.seeded(3);
    const s = new Store(new Uint32Array(n * 2).fill(0xffffffff), n, 2, 'trail');
    const history: number[][] = [];
    for (let l = 0; l < 60; l++) {
      history.push(Array.from(s.dom));
      s.push();
      for (let j = 0; j < 4; j++) {
        const k = rng.int(0, 2 * n - 1);
        s.setWord(k, (s.dom[k] as number) & ~(1 << rng.int(0, 31)));
      }
    }
    for (let l = 59; l >= 0; l--) {
      s.backtrackTo(l);
      expect(s.level).toBe(l);
      expect(Array.from(s.dom)).toEqual(history[l]);
      // Writes in a level reopened by the backtrack: the next backtrack must undo them too.
      if (l > 0) s.setWord(rng.int(0, 2 * n - 1), 0);
    }
  });
});
