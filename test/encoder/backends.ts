import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect } from 'vitest';
import { type BackendChoice, selectBackend } from '../../encoder/backend.js';

/** The tfjs backends every encoder test runs on (tfjs-node does not install on these machines). */
export const BACKENDS: BackendChoice[] = ['wasm', 'cpu'];

/** tfjs-core style: the same checks once per backend, each describe switching the backend first. */
export function describeBackends(name: string, body: (backend: BackendChoice) => void): void {
  for (const b of BACKENDS) {
    describe(`${name} [${b}]`, () => {
      beforeAll(async () => {
        const info = await selectBackend(b);
        expect(info.name).toBe(b);
      });
      body(b);
    });
  }
}

/** Largest |a − b| / (abs + rel·|b|) over two equal-length arrays: ≤ 1 means within tolerance. */
export function worstRatio(a: ArrayLike<number>, b: ArrayLike<number>, abs: number, rel: number): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    worst = Math.max(worst, d / (abs + rel * Math.abs(b[i] as number)));
  }
  return worst;
}

/** Data of a tensor as a plain Float32Array, disposing the tensor. */
export function take(t: tf.Tensor): Float32Array {
  const v = t.dataSync() as Float32Array;
  t.dispose();
  return Float32Array.from(v);
}
