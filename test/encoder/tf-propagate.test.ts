import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { TfPropagator } from '../../encoder/tf-propagate.js';
import { wordsPerDomain } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { HardRounds } from '../../solver/rounds/hard-rounds.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import { domainsFromWeights, weightsFromDomains } from '../../solver/rounds/weight-layout.js';
import { propagateHard } from '../../solver/search/engine.js';
import { describeBackends, take } from './backends.js';

const PROBLEMS = [
  { vars: 8, domain: 6, density: 0.5, tightness: 0.4, holes: true },
  { vars: 10, domain: 4, density: 0.3, tightness: 0.5, kinds: ['clause' as const, 'neq' as const] },
  { vars: 6, domain: 40, density: 0.6, tightness: 0.3 },
];

/** Random weights in [0, 1] with some exact 0s and 1s, 0 beyond each domain. */
function randomWeights(rng: Rng, domSize: Int32Array, stride: number, batch: number): Float32Array {
  const n = domSize.length;
  const w = new Float32Array(batch * n * stride);
  for (let i = 0; i < batch; i++)
    for (let x = 0; x < n; x++)
      for (let a = 0; a < (domSize[x] as number); a++) {
        const u = rng.float();
        w[(i * n + x) * stride + a] = u < 0.1 ? 0 : u < 0.2 ? 1 : rng.float();
      }
  return w;
}

describeBackends('TfPropagator', (backend) => {
  // wasm folds each tf.prod in float32 in order, like the reference: bit-identical (measured).
  // cpu accumulates a product in float64 and rounds once: ≤ R·Fmax·2⁻²⁴ per value after R rounds
  // (measured up to 0.15 of that bound on these problems).
  it('matches the Float32 reference round by round on random problems', () => {
    const rng = Rng.seeded(2024);
    let worst = 0;
    for (const opts of PROBLEMS) {
      for (let t = 0; t < 3; t++) {
        const p = randomProblem(rng, opts);
        const prog = compileArcs(p);
        const tp = new TfPropagator(prog);
        const B = 4;
        const ref = new SoftPropagator(prog, B);
        const D = ref.stride;
        expect(tp.valuesPerVar).toBe(D);
        let src: Float32Array = randomWeights(rng, p.domSize, D, B);
        let dst: Float32Array = new Float32Array(src.length);
        let cur = tf.tensor3d(src, [B, p.domSize.length, D]);
        for (let r = 1; r <= 3; r++) {
          ref.round(src, dst);
          [src, dst] = [dst, src];
          const next = tp.propagate(cur, 1);
          cur.dispose();
          cur = next;
          const got = cur.dataSync();
          for (let e = 0; e < got.length; e++) {
            const d = Math.abs((got[e] as number) - (src[e] as number));
            worst = Math.max(worst, d / (r * tp.maxFactors * 2 ** -24));
          }
        }
        cur.dispose();
        tp.dispose();
      }
    }
    if (backend === 'wasm') expect(worst).toBe(0);
    else expect(worst).toBeLessThanOrEqual(1);
  });

  // Hard mode (solver/rounds/hard-rounds.ts) is the spec's round on bitmasks: with 0/1 weights every soft
  // round must equal it exactly, wipe-outs included, up to the fixpoint.
  it('with 0/1 weights equals hard-mode rounds exactly, round by round, to the fixpoint', () => {
    const rng = Rng.seeded(99);
    let wipeouts = 0;
    let fixpoints = 0;
    for (let t = 0; t < 12; t++) {
      const p = randomProblem(rng, { vars: 9, domain: 5, density: 0.4, tightness: 0.45, holes: true });
      const prog = compileArcs(p);
      const tp = new TfPropagator(prog);
      const hard = new HardRounds(prog, 1);
      const n = p.domSize.length;
      const D = tp.valuesPerVar;
      const words = wordsPerDomain(p);
      let dom = p.init.slice();
      let next = new Uint32Array(dom.length);
      let w: Float32Array = weightsFromDomains(dom, p.domSize, words, D, new Float32Array(n * D), 1);
      for (let r = 0; r < n * D + 1; r++) {
        const info = hard.round(dom, next);
        [dom, next] = [next, dom];
        w = take(tp.propagate(tf.tensor3d(w, [1, n, D]), 1));
        expect(Array.from(w)).toEqual(Array.from(weightsFromDomains(dom, p.domSize, words, D, new Float32Array(n * D), 1)));
        if ((info.wiped[0] as number) > 0) {
          wipeouts++;
          break;
        }
        if (info.fixpoint) {
          fixpoints++;
          break;
        }
      }
      tp.dispose();
    }
    // Both endings must be exercised, or the test checks less than it claims.
    expect(wipeouts).toBeGreaterThan(0);
    expect(fixpoints).toBeGreaterThan(0);
  });

  // The solver's propagation engine is independent code (queue-driven, per-constraint
  // propagators): with all-different decomposed it must reach the same fixpoint.
  it('with 0/1 weights run to the fixpoint equals propagateHard(p, {alldiff: decomposed})', () => {
    const rng = Rng.seeded(123);
    let wipeouts = 0;
    let fixpoints = 0;
    for (let t = 0; t < 12; t++) {
      const p = randomProblem(rng, { vars: 9, domain: 5, density: 0.4, tightness: 0.45, holes: true });
      const tp = new TfPropagator(compileArcs(p));
      const n = p.domSize.length;
      const D = tp.valuesPerVar;
      const words = wordsPerDomain(p);
      let w: Float32Array = weightsFromDomains(p.init, p.domSize, words, D, new Float32Array(n * D), 1);
      for (let r = 0; r <= n * D; r++) {
        const next = take(tp.propagate(tf.tensor3d(w, [1, n, D]), 1));
        const same = next.every((v, e) => v === w[e]);
        w = next;
        if (same) break;
      }
      const soft = domainsFromWeights(w, p.domSize, words, D);
      const hard = propagateHard(p, { alldiff: 'decomposed' });
      if (hard.failed) {
        wipeouts++;
        expect(Array.from({ length: n }, (_, x) => soft.subarray(x * words, (x + 1) * words).every((v) => v === 0)).some(Boolean)).toBe(
          true,
        );
      } else {
        fixpoints++;
        expect(Array.from(soft)).toEqual(Array.from(hard.domains));
      }
      tp.dispose();
    }
    expect(wipeouts).toBeGreaterThan(0);
    expect(fixpoints).toBeGreaterThan(0);
  });

  // Finite differences in float32 (the rounds are polynomials in the weights, so 0/1 points can be
  // perturbed both ways); all perturbed copies run as one batch.
  for (const binary of [false, true]) {
    it(`gradients match central finite differences at ${binary ? '0/1' : 'interior'} weights (2 rounds)`, () => {
      const rng = Rng.seeded(binary ? 78 : 77);
      for (const kinds of [undefined, ['clause' as const, 'table' as const]]) {
        const p = randomProblem(rng, { vars: 5, domain: 4, density: 0.8, tightness: 0.4, kinds });
        const prog = compileArcs(p);
        const tp = new TfPropagator(prog);
        const n = p.domSize.length;
        const D = tp.valuesPerVar;
        const w0 = new Float32Array(n * D);
        const coords: number[] = [];
        for (let x = 0; x < n; x++)
          for (let a = 0; a < (p.domSize[x] as number); a++) {
            w0[x * D + a] = binary ? (rng.float() < 0.8 ? 1 : 0) : 0.1 + 0.8 * rng.float();
            coords.push(x * D + a);
          }
        const c = tf.tensor3d(
          Float32Array.from({ length: n * D }, () => rng.float() * 2 - 1),
          [1, n, D],
        );
        const R = 2;
        const g = take(tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tp.propagate(w as tf.Tensor3D, R), c)))(tf.tensor3d(w0, [1, n, D])));
        // Five-point central stencil (error O(h⁴)): the 0/1 points sit where the product
        // polynomials bend most, and plain central differences miss by ~h²·f'''.
        const h = 1e-2;
        const steps = [h, -h, 2 * h, -2 * h];
        const size = n * D;
        const batch = new Float32Array(steps.length * coords.length * size);
        coords.forEach((e, j) => {
          steps.forEach((st, k) => {
            const at = (j * steps.length + k) * size;
            batch.set(w0, at);
            batch[at + e] = (batch[at + e] as number) + st;
          });
        });
        const L = take(tf.sum(tf.mul(tp.propagate(tf.tensor3d(batch, [steps.length * coords.length, n, D]), R), c), [1, 2]));
        let nonzero = 0;
        coords.forEach((e, j) => {
          const f = (k: number) => L[j * steps.length + k] as number;
          const fd = (8 * (f(0) - f(1)) - (f(2) - f(3))) / (12 * h);
          expect(Math.abs(fd - (g[e] as number))).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(fd));
          if (Math.abs(fd) > 1e-3) nonzero++;
        });
        // Gradients that are all zero would pass trivially (0/1 points zero many of them out).
        expect(nonzero).toBeGreaterThanOrEqual(binary ? 2 : coords.length / 2);
        c.dispose();
        tp.dispose();
      }
    });
  }

  it('without constraints a round only zeroes values beyond each domain', () => {
    const domSize = Int32Array.from([2, 3]);
    const tp = new TfPropagator(compileArcs({ domSize, init: Uint32Array.from([3, 7]), constraints: [] }));
    const w = Float32Array.from([0.25, 0.5, 0.75, 0.1, 0.2, 0.3]);
    expect(take(tp.propagate(tf.tensor3d(w, [1, 2, 3]), 2))).toEqual(Float32Array.from([0.25, 0.5, 0, 0.1, 0.2, 0.3]));
    tp.dispose();
  });

  it('rejects weights of the wrong shape, naming the expected one', () => {
    const p = randomProblem(Rng.seeded(1), { vars: 3, domain: 3, density: 1, tightness: 0.3 });
    const tp = new TfPropagator(compileArcs(p));
    expect(() => tp.propagate(tf.zeros([2, 3, tp.valuesPerVar + 1]) as tf.Tensor3D, 1)).toThrow(
      `TfPropagator.propagate: weights must be [B, 3, ${tp.valuesPerVar}]`,
    );
    tp.dispose();
  });
});
