import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { LearnableTau, type TauSchedule, tauAt } from '../../encoder/anneal.js';
import { UserError } from '../../solver/api/user-error.js';
import { describeBackends } from './backends.js';

const KINDS: TauSchedule['kind'][] = ['exp', 'linear', 'cosine'];

it.each(KINDS)('%s schedule: starts at τ0, reaches the floor at `steps`, stays there, never rises or dips below', (kind) => {
  const s: TauSchedule = { kind, tau0: 2, tauMin: 0.1, steps: 100 };
  expect(tauAt(s, 0)).toBe(2);
  expect(tauAt(s, 100)).toBe(0.1);
  expect(tauAt(s, 1000)).toBe(0.1);
  let prev = Number.POSITIVE_INFINITY;
  for (let t = 0; t <= 150; t++) {
    const tau = tauAt(s, t);
    expect(tau).toBeLessThanOrEqual(prev);
    expect(tau).toBeGreaterThanOrEqual(0.1);
    prev = tau;
  }
});

it('schedule shapes: exp is geometric, linear and cosine pass the midpoint, cosine is flat at the ends', () => {
  const s = { tau0: 2, tauMin: 0.1, steps: 100 };
  expect(tauAt({ ...s, kind: 'exp' }, 50)).toBeCloseTo(Math.sqrt(2 * 0.1), 12);
  expect(tauAt({ ...s, kind: 'linear' }, 50)).toBeCloseTo(1.05, 12);
  expect(tauAt({ ...s, kind: 'linear' }, 25)).toBeCloseTo(2 - 0.25 * 1.9, 12);
  expect(tauAt({ ...s, kind: 'cosine' }, 50)).toBeCloseTo(1.05, 12);
  expect(tauAt({ ...s, kind: 'cosine' }, 25)).toBeCloseTo(0.1 + (1.9 * (1 + Math.cos(Math.PI / 4))) / 2, 12);
  // Cosine changes less than linear over the first step.
  expect(2 - tauAt({ ...s, kind: 'cosine' }, 1)).toBeLessThan(2 - tauAt({ ...s, kind: 'linear' }, 1));
});

describeBackends('LearnableTau', () => {
  it('starts at τ0, has dτ/dθ = τ − τmin, stays above the floor after big steps', () => {
    const lt = new LearnableTau(1.5, 0.2);
    expect(lt.value()).toBeCloseTo(1.5, 6);
    expect(lt.tau().dataSync()[0]).toBeCloseTo(1.5, 6);
    const { grads } = tf.variableGrads(() => lt.tau(), [lt.logExcess]);
    expect(grads[lt.logExcess.name]?.dataSync()[0]).toBeCloseTo(1.3, 5);
    // Gradient descent on τ itself pushes it down; it approaches but never crosses τmin.
    const opt = tf.train.sgd(5);
    for (let i = 0; i < 20; i++) opt.minimize(() => lt.tau(), false, [lt.logExcess]);
    expect(lt.value()).toBeGreaterThan(0.2);
    expect(lt.value()).toBeLessThan(0.21);
    expect(() => new LearnableTau(0.1, 0.2)).toThrow(UserError);
    // restore(θ) puts back exactly the float32 θ that theta() read (what a checkpoint stores).
    const back = new LearnableTau(1.5, 0.2);
    back.restore(lt.theta());
    expect(back.theta()).toBe(lt.theta());
    expect(back.value()).toBe(lt.value());
    back.dispose();
    lt.dispose();
  });
});
