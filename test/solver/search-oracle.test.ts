import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../solver/search/checker.js';
import { search } from '../../solver/search/search.js';
import { bruteForce } from '../support/brute-force.js';
import { oracleProblems } from '../support/random-problem.js';

const configs = (['gac', 'decomposed'] as const).flatMap((alldiff) =>
  (['domwdeg', 'mindom'] as const).flatMap((varOrder) => [true, false].map((restarts) => ({ alldiff, varOrder, restarts }))),
);

describe('search agrees with brute force', () => {
  it('on the exact number of solutions (all mode), every alldiff level, variable order and restart setting', () => {
    let sat = 0;
    let unsat = 0;
    for (const { p, i } of oracleProblems(11, 1000, 70)) {
      const truth = bruteForce(p, 0).count;
      if (truth > 0) sat++;
      else unsat++;
      for (const cfg of configs) {
        const seen: string[] = [];
        const r = search(p, { ...cfg, all: true, seed: i, onSolution: (v) => void (truth < 5000 && seen.push(v.join(','))) });
        expect(r.solutions, `problem ${i} ${JSON.stringify(cfg)}`).toBe(truth);
        expect(r.status).toBe(truth > 0 ? 'sat' : 'unsat');
        expect(r.exhausted).toBe(true);
        if (truth < 5000) expect(new Set(seen).size, `problem ${i}: every solution once`).toBe(truth);
      }
    }
    // The generator must produce both outcomes in quantity for this test to mean something.
    expect(sat).toBeGreaterThan(200);
    expect(unsat).toBeGreaterThan(200);
  });

  it('on satisfiability (first solution), and the solution passes the independent checker', () => {
    for (const { p, i } of oracleProblems(12, 1500, 70)) {
      const truth = bruteForce(p, 0).count;
      for (const cfg of configs) {
        const r = search(p, { ...cfg, seed: i });
        expect(r.status, `problem ${i} ${JSON.stringify(cfg)}`).toBe(truth > 0 ? 'sat' : 'unsat');
        if (truth > 0) {
          expect(r.solutions).toBe(1);
          expect(checkSolution(p, r.solution!)).toBeNull();
        } else expect(r.solution).toBeUndefined();
      }
    }
  });

  it('with maxSolutions: stops at that many distinct solutions', () => {
    for (const { p, i } of oracleProblems(13, 300, 70)) {
      const truth = bruteForce(p, 0).count;
      const r = search(p, { maxSolutions: 3, seed: i });
      expect(r.solutions).toBe(Math.min(3, truth));
      expect(r.exhausted).toBe(truth < 3);
    }
  });
});
