import { describe, expect, it } from 'vitest';
import { type Problem, wordsPerDomain } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import { HardRounds } from '../../solver/rounds/hard-rounds.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import { domainsFromWeights, initialWeights, toFixedWeights } from '../../solver/rounds/weight-layout.js';
import { propagateHard } from '../../solver/search/engine.js';
import { bruteForce } from '../support/brute-force.js';

const MAX_ROUNDS = 10_000;

/** Runs the three round propagators from the problem's initial domains with 0/1 weights. */
function roundFixpoints(p: Problem) {
  const prog = compileArcs(p);
  const soft = new SoftPropagator(prog, 1);
  const fixed = new FixedPropagator(prog, 1);
  const hard = new HardRounds(prog, 1);
  const fw = initialWeights(p, prog.words, soft.stride);
  const qw = toFixedWeights(fw);
  const dom = p.init.slice();
  const runs = { soft: soft.run(fw, MAX_ROUNDS), fixed: fixed.run(qw, MAX_ROUNDS), hard: hard.run(dom, MAX_ROUNDS) };
  return {
    runs,
    soft: domainsFromWeights(fw, p.domSize, prog.words, soft.stride),
    fixed: domainsFromWeights(qw, p.domSize, prog.words, fixed.stride),
    hard: dom,
  };
}

function hasValue(dom: Uint32Array, words: number, x: number, a: number): boolean {
  return (((dom[x * words + (a >>> 5)] as number) >>> (a & 31)) & 1) === 1;
}

describe('0/1 weights reach the arc-consistency fixpoint of the decomposed hard propagation', () => {
  it('on 3000 random problems: same domains, or all report the failure', () => {
    const rng = Rng.seeded(31);
    let wipeouts = 0;
    let pruned = 0;
    for (let t = 0; t < 3000; t++) {
      const big = t % 15 === 0; // some two-word domains
      const p = randomProblem(rng, {
        vars: rng.int(1, big ? 6 : 9),
        domain: big ? rng.int(33, 45) : rng.int(1, 6),
        density: rng.float() * 0.8,
        tightness: rng.float() * 0.7,
        holes: rng.float() < 0.5,
      });
      const want = propagateHard(p, { alldiff: 'decomposed' });
      const got = roundFixpoints(p);
      for (const r of [got.runs.soft, got.runs.fixed, got.runs.hard]) {
        expect(r.wipeout[0] === 1).toBe(want.failed);
        if (!want.failed) expect(r.fixpoint[0]).toBe(1);
      }
      expect(got.fixed).toEqual(got.soft);
      expect(got.hard).toEqual(got.soft);
      expect(got.runs.soft.rounds).toEqual(got.runs.hard.rounds);
      expect(got.runs.fixed.rounds).toEqual(got.runs.hard.rounds);
      if (want.failed) wipeouts++;
      else {
        expect(got.hard).toEqual(want.domains);
        if (!want.domains.every((v, i) => v === p.init[i])) pruned++;
      }
    }
    // The sample exercises both outcomes and real pruning.
    expect(wipeouts).toBeGreaterThan(100);
    expect(pruned).toBeGreaterThan(500);
  });

  it('keeps every solution (brute force) and wipes out only unsatisfiable problems', () => {
    const rng = Rng.seeded(32);
    for (let t = 0; t < 600; t++) {
      const p = randomProblem(rng, {
        vars: rng.int(1, 6),
        domain: rng.int(1, 5),
        density: rng.float() * 0.9,
        tightness: rng.float() * 0.6,
        holes: true,
      });
      const words = wordsPerDomain(p);
      const { runs, hard } = roundFixpoints(p);
      const { count, solutions } = bruteForce(p, 10_000);
      if (runs.hard.wipeout[0]) expect(count).toBe(0);
      let lost = 0;
      for (const s of solutions)
        s.forEach((a, x) => {
          if (!hasValue(hard, words, x, a)) lost++;
        });
      expect(lost).toBe(0);
    }
  });
});
