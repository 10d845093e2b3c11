import { describe, expect, it } from 'vitest';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { unionProblems } from '../../solver/rounds/batch.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import { HardRounds } from '../../solver/rounds/hard-rounds.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import { drawProblem, type ProblemDraw } from '../support/random-problem.js';
import { flatten, nest, randomGridWeights } from './support.js';

const CASE: ProblemDraw = { vars: [2, 7], domain: [2, 40], density: 0.5, tightness: 0.4, holes: true };

describe('batching', () => {
  for (const [name, Engine, scale] of [
    ['float32', SoftPropagator, 1],
    ['Q1.15', FixedPropagator, 32768],
  ] as const) {
    it(`${name}: B weight vectors on one program follow their single runs bit for bit, run after run`, () => {
      const rng = Rng.seeded(41);
      for (let t = 0; t < 40; t++) {
        const p = drawProblem(rng, CASE);
        const prog = compileArcs(p);
        const B = rng.int(1, 9);
        const batched = new Engine(prog, B);
        const all = batched instanceof SoftPropagator ? new Float32Array(batched.size * B) : new Uint16Array(batched.size * B);
        const singles = [];
        const results = [];
        for (let i = 0; i < B; i++) {
          const w = all.slice(0, batched.size);
          flatten(randomGridWeights(rng, p), batched.stride, w, scale);
          all.set(w, i * batched.size);
          const again = w.slice();
          const single = new Engine(prog, 1) as { run(w: Float32Array | Uint16Array, r: number): ReturnType<SoftPropagator['run']> };
          results.push(single.run(w, 6));
          single.run(again, 6);
          expect(again).toEqual(w);
          singles.push(w);
        }
        const r = (batched as { run(w: Float32Array | Uint16Array, r: number): ReturnType<SoftPropagator['run']> }).run(all, 6);
        for (let i = 0; i < B; i++) {
          expect(all.subarray(i * batched.size, (i + 1) * batched.size)).toEqual(singles[i]);
          expect([r.rounds[i], r.fixpoint[i], r.wipeout[i]]).toEqual([
            results[i]?.rounds[0],
            results[i]?.fixpoint[0],
            results[i]?.wipeout[0],
          ]);
        }
        expect(r.total).toBe(Math.max(...results.map((s) => s.rounds[0] as number)));
      }
    });
  }

  it('a disjoint union goes round for round like its parts alone (float, fixed, hard)', () => {
    const rng = Rng.seeded(42);
    for (let t = 0; t < 30; t++) {
      const parts = Array.from({ length: rng.int(1, 4) }, () => drawProblem(rng, CASE));
      const { problem, varStart } = unionProblems(parts);
      const uProg = compileArcs(problem);
      const uSoft = new SoftPropagator(uProg, 1);
      const uFixed = new FixedPropagator(uProg, 1);
      const uHard = new HardRounds(uProg, 1);
      const weights = parts.map((p) => randomGridWeights(rng, p));
      const uw = new Float32Array(uSoft.size);
      const uq = new Uint16Array(uFixed.size);
      flatten(weights.flat(), uSoft.stride, uw, 1);
      flatten(weights.flat(), uFixed.stride, uq, 32768);
      const ud = problem.init.slice();
      const step = <T extends Float32Array | Uint16Array | Uint32Array>(prop: { round(a: T, b: T): unknown }, w: T) => {
        const next = w.slice() as T;
        prop.round(w, next);
        w.set(next);
      };
      const alone = parts.map((p, j) => {
        const prog = compileArcs(p);
        const soft = new SoftPropagator(prog, 1);
        const fw = new Float32Array(soft.size);
        const qw = new Uint16Array(soft.size);
        flatten(weights[j] as number[][], soft.stride, fw, 1);
        flatten(weights[j] as number[][], soft.stride, qw, 32768);
        return { p, soft, fixed: new FixedPropagator(prog, 1), hard: new HardRounds(prog, 1), fw, qw, dom: p.init.slice() };
      });
      for (let r = 0; r < 4; r++) {
        step(uSoft, uw);
        step(uFixed, uq);
        step(uHard, ud);
        const uFloat = nest(uw, problem.domSize, uSoft.stride, 1);
        const uFix = nest(uq, problem.domSize, uFixed.stride, 32768);
        alone.forEach((a, j) => {
          step(a.soft, a.fw);
          step(a.fixed, a.qw);
          step(a.hard, a.dom);
          const from = varStart[j] as number;
          const to = varStart[j + 1] as number;
          expect(uFloat.slice(from, to)).toEqual(nest(a.fw, a.p.domSize, a.soft.stride, 1));
          expect(uFix.slice(from, to)).toEqual(nest(a.qw, a.p.domSize, a.soft.stride, 32768));
          const words = uProg.words;
          const pw = a.dom.length / a.p.domSize.length;
          for (let x = 0; x < to - from; x++)
            for (let k = 0; k < words; k++) expect(ud[(from + x) * words + k]).toBe(k < pw ? a.dom[x * pw + k] : 0);
        });
      }
    }
  });
});
