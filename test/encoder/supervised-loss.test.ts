import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { supervisedLoss, supervisedTarget } from '../../encoder/losses.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends, take, worstRatio } from './backends.js';

/**
 * The supervised loss's written-out gradient against tfjs's own differentiation of the same loss
 * spelled in stock ops: −Σ_free log Σ_targets softmax(logits) / count, on logits with −1e4 outside
 * each instance's domain, fixed variables (no gradient), and several target values per variable.
 */
describeBackends('supervised loss gradient', () => {
  it('value and gradient equal the stock-op loss differentiated by tfjs', () => {
    const rng = Rng.seeded(21);
    const B = 3;
    const n = 6;
    const D = 5;
    const inits: Uint32Array[] = [];
    const viables: Uint32Array[] = [];
    const sols: Int32Array[] = [];
    const logits = new Float32Array(B * n * D);
    for (let i = 0; i < B; i++) {
      const init = new Uint32Array(n);
      const viable = new Uint32Array(n);
      const sol = new Int32Array(n);
      for (let x = 0; x < n; x++) {
        // Variable 0 is fixed (one value); the others keep 2..D values, the solution among them.
        const keep = x === 0 ? 1 : rng.int(2, D);
        const values = rng.shuffle(Array.from({ length: D }, (_, a) => a)).slice(0, keep);
        for (const a of values) init[x] = (init[x] as number) | (1 << a);
        sol[x] = values[0] as number;
        viable[x] = (1 << (values[0] as number)) | (keep > 2 ? 1 << (values[1] as number) : 0);
        for (let a = 0; a < D; a++) logits[(i * n + x) * D + a] = (init[x] as number) & (1 << a) ? rng.float() * 6 - 3 : -1e4;
      }
      inits.push(init);
      viables.push(viable);
      sols.push(sol);
    }
    const target = supervisedTarget(sols, inits, n, D, 1, viables);
    const l = tf.tensor3d(logits, [B, n, D]);
    const logMask = tf.tensor3d(
      Float32Array.from(target.onTarget, (t) => (t === 1 ? 0 : -1e4)),
      [B, n, D],
    );
    const free = tf.tensor2d(Float32Array.from(target.free), [B, n]);
    const stock = (x: tf.Tensor) =>
      tf.div(tf.neg(tf.sum(tf.mul(tf.logSumExp(tf.add(tf.logSoftmax(x), logMask), -1), free))), target.count) as tf.Scalar;
    const ours = (x: tf.Tensor) => supervisedLoss(x as tf.Tensor3D, target);
    expect(worstRatio(take(ours(l)), take(stock(l)), 1e-6, 1e-6)).toBeLessThanOrEqual(1);
    const got = take(tf.grad(ours)(l));
    const want = take(tf.grad(stock)(l));
    expect(worstRatio(got, want, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
    // The fixed variable's row and the values outside the domains get none.
    for (let i = 0; i < B; i++) for (let a = 0; a < D; a++) expect(got[i * n * D + a]).toBe(0);
    expect(got.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    for (const t of [l, logMask, free]) t.dispose();
  });
});
