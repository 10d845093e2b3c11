import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { TfPropagator, TRAIN_EPS } from '../../encoder/tf-propagate.js';
import type { Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { describeBackends, take } from './backends.js';

/**
 * The training form of the soft round (hdl/SPEC.md section 7: log space, ε-projection) against the
 * exact form it stands in for: close at interior weights, within (1 + F)·ε at 0/1 weights (F the
 * most factors a value folds), gradients equal to finite differences, and a gradient at weights
 * that are exactly 0 (where the exact product's leave-one-out gradient may vanish).
 */

const PROBLEMS = [
  { vars: 8, domain: 6, density: 0.5, tightness: 0.4, holes: true },
  { vars: 10, domain: 4, density: 0.3, tightness: 0.5, kinds: ['clause' as const, 'neq' as const] },
  { vars: 6, domain: 12, density: 0.6, tightness: 0.3 },
];

/** Weights of B instances from `draw` for each value inside the domains, 0 beyond them. */
function weights(domSize: Int32Array, D: number, B: number, draw: () => number): Float32Array {
  const n = domSize.length;
  const w = new Float32Array(B * n * D);
  for (let i = 0; i < B; i++) for (let x = 0; x < n; x++) for (let a = 0; a < (domSize[x] as number); a++) w[(i * n + x) * D + a] = draw();
  return w;
}

describeBackends('TfPropagator training form', () => {
  // One round from the same inputs: over several rounds, values the first round drives below ε are
  // lifted to ε by the next round's projection, which is the training form's point, not an error.
  // Every factor moves by at most ε (the projection), log/exp add float32 rounding: (1 + F)·ε + 1e-6.
  it('one round is within (1 + F)·ε of the exact form at 0/1 and at interior weights', () => {
    const rng = Rng.seeded(91);
    let worstInterior = 0;
    for (const opts of PROBLEMS)
      for (let t = 0; t < 3; t++) {
        const p = randomProblem(rng, opts);
        const tp = new TfPropagator(compileArcs(p));
        const n = p.domSize.length;
        const D = tp.valuesPerVar;
        const B = 4;
        const F = tp.maxFactors;
        for (const binary of [true, false]) {
          const w = weights(p.domSize, D, B, binary ? () => (rng.float() < 0.7 ? 1 : 0) : () => 0.05 + 0.9 * rng.float());
          const input = tf.tensor3d(w, [B, n, D]);
          const exact = take(tp.propagate(input, 1, 'exact'));
          const train = take(tp.propagate(input, 1, 'training'));
          input.dispose();
          for (let e = 0; e < exact.length; e++) {
            const d = Math.abs((train[e] as number) - (exact[e] as number));
            expect(d, `${binary ? '0/1' : 'interior'} weights, entry ${e}`).toBeLessThanOrEqual((1 + F) * TRAIN_EPS + 1e-6);
            if (!binary) worstInterior = Math.max(worstInterior, d / ((1 + F) * TRAIN_EPS));
          }
        }
        tp.dispose();
      }
    console.log(`training form at interior weights: max |training − exact| = ${worstInterior.toFixed(3)} of (1 + F)·ε`);
  });

  // Weights in [0.2, 0.8] keep every arc support of one round inside [ε, 1 − ε], where the
  // projection is the identity both ways (finite differences cannot see a straight-through gradient).
  it('gradients match central finite differences at interior weights (1 round)', () => {
    const rng = Rng.seeded(92);
    for (const kinds of [undefined, ['clause' as const, 'table' as const]]) {
      const p = randomProblem(rng, { vars: 5, domain: 4, density: 0.8, tightness: 0.4, kinds });
      const tp = new TfPropagator(compileArcs(p));
      const n = p.domSize.length;
      const D = tp.valuesPerVar;
      const w0 = weights(p.domSize, D, 1, () => 0.2 + 0.6 * rng.float());
      const coords: number[] = [];
      for (let x = 0; x < n; x++) for (let a = 0; a < (p.domSize[x] as number); a++) coords.push(x * D + a);
      const c = tf.tensor3d(
        Float32Array.from({ length: n * D }, () => rng.float() * 2 - 1),
        [1, n, D],
      );
      const loss = (w: tf.Tensor) => tf.sum(tf.mul(tp.propagate(w as tf.Tensor3D, 1, 'training'), c));
      const g = take(tf.grad(loss)(tf.tensor3d(w0, [1, n, D])));
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
      const L = take(tf.sum(tf.mul(tp.propagate(tf.tensor3d(batch, [steps.length * coords.length, n, D]), 1, 'training'), c), [1, 2]));
      let nonzero = 0;
      coords.forEach((e, j) => {
        const f = (k: number) => L[j * steps.length + k] as number;
        const fd = (8 * (f(0) - f(1)) - (f(2) - f(3))) / (12 * h);
        expect(Math.abs(fd - (g[e] as number)), `entry ${e}`).toBeLessThanOrEqual(2e-4 + 2e-3 * Math.abs(fd));
        if (Math.abs(fd) > 1e-3) nonzero++;
      });
      expect(nonzero).toBeGreaterThanOrEqual(coords.length / 2);
      c.dispose();
      tp.dispose();
    }
  });

  it('passes a gradient to weights that are exactly 0 (straight-through projection)', () => {
    // x ≠ y over {0, 1, 2}: y = one-hot(0). Value 0 of x loses its support; the gradient of x's
    // surviving mass must reach y's values 1 and 2, whose weight 0 is what denies it.
    const p: Problem = {
      domSize: Int32Array.from([3, 3]),
      init: Uint32Array.from([7, 7]),
      constraints: [{ kind: 'neq', x: 0, y: 1 }],
    };
    const tp = new TfPropagator(compileArcs(p));
    const D = tp.valuesPerVar;
    const w = new Float32Array(2 * D);
    w.fill(1 / 3, 0, 3);
    w[D] = 1;
    const g = take(
      tf.grad((t: tf.Tensor) => tf.sum(tp.propagate(t as tf.Tensor3D, 1, 'training').slice([0, 0, 0], [1, 1, D])))(
        tf.tensor3d(w, [1, 2, D]),
      ),
    );
    // The exact form's gradient there is a leave-one-out product too; the projection must not cut it.
    expect(g.length).toBe(2 * D);
    expect(g[D + 1] as number).toBeGreaterThan(0.1);
    expect(g[D + 2] as number).toBeGreaterThan(0.1);
    tp.dispose();
  });
});
