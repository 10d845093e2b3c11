import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { gumbelNoise, gumbelSoftmax } from '../../encoder/gumbel.js';
import { hardenDomains } from '../../encoder/harden.js';
import { Rng } from '../../solver/model/rng.js';
import { describeBackends, take } from './backends.js';
import { gumbelArgmax } from './gumbel-reference.js';

const bits = (dom: Uint32Array, at: number, d: number) =>
  Array.from({ length: d }, (_, a) => ((dom[at + (a >>> 5)] as number) >>> (a & 31)) & 1);

it('threshold keeps values at or above ratio·max, ties at the max included; all-zero is an empty domain', () => {
  const domSize = Int32Array.from([4, 3, 4]);
  // D = 4; variable 1 has 3 values, its 4th entry is junk that must never be read.
  const w = Float32Array.from([0.1, 0.5, 0.25, 0.5, 0.2, 0.19, 0.0, 0.9, 0, 0, 0, 0]);
  const [dom] = hardenDomains(w, 1, domSize, { kind: 'threshold', ratio: 0.5 }) as [Uint32Array];
  expect(dom.length).toBe(3);
  expect(bits(dom, 0, 4)).toEqual([0, 1, 1, 1]);
  expect(bits(dom, 1, 4)).toEqual([1, 1, 0, 0]);
  expect(dom[2]).toBe(0);
  const [top] = hardenDomains(w, 1, domSize, { kind: 'threshold', ratio: 1 }) as [Uint32Array];
  expect(bits(top, 0, 4)).toEqual([0, 1, 0, 1]);
});

it('top-k keeps the k largest positive weights, lower index first on ties, across words and instances', () => {
  const domSize = Int32Array.from([40, 2]);
  const D = 40;
  const w = new Float32Array(2 * 2 * D);
  // Instance 0: variable 0 peaks at 35 (second word) and 3, tie at 7 and 9; variable 1 one positive.
  w[35] = 0.9;
  w[3] = 0.8;
  w[7] = 0.5;
  w[9] = 0.5;
  w[D + 1] = 0.3;
  // Instance 1: variable 0 all zero; variable 1 both values.
  w[3 * D] = 0.4;
  w[3 * D + 1] = 0.6;
  const [d0, d1] = hardenDomains(w, 2, domSize, { kind: 'topk', k: 3 }) as [Uint32Array, Uint32Array];
  expect(d0.length).toBe(4);
  expect(Array.from(d0)).toEqual([(1 << 3) | (1 << 7), 1 << 3, 0b10, 0]);
  expect(Array.from(d1)).toEqual([0, 0, 0b11, 0]);
  const [one] = hardenDomains(w, 2, domSize, { kind: 'topk', k: 1 }) as [Uint32Array];
  expect(Array.from(one)).toEqual([0, 1 << 3, 0b10, 0]);
});

it('rejects a bad rule or a weight array of the wrong size', () => {
  const domSize = Int32Array.from([2]);
  expect(() => hardenDomains(new Float32Array(2), 1, domSize, { kind: 'threshold', ratio: 0 })).toThrow('ratio 0');
  expect(() => hardenDomains(new Float32Array(2), 1, domSize, { kind: 'topk', k: 0 })).toThrow('k 0');
  expect(() => hardenDomains(new Float32Array(3), 1, domSize, { kind: 'topk', k: 1 })).toThrow(
    'hardenDomains: 3 weights, expected 1 × 1 × 2',
  );
});

describeBackends('hardening Gumbel-Softmax weights', () => {
  it('as τ → 0 both rules keep exactly the Gumbel-max value of every variable', () => {
    const rng = Rng.seeded(21);
    const n = 12;
    const D = 7;
    const domSize = new Int32Array(n).fill(D);
    const logits = Float32Array.from({ length: n * D }, () => rng.float() * 2 - 1);
    const z = tf.tensor3d(logits, [1, n, D]);
    const g = gumbelNoise(rng, [1, n, D]);
    const pick = gumbelArgmax(logits, g.dataSync(), D);
    const w = take(gumbelSoftmax(z, g, 0.01));
    for (const rule of [
      { kind: 'threshold' as const, ratio: 0.5 },
      { kind: 'topk' as const, k: 1 },
    ]) {
      const [dom] = hardenDomains(w, 1, domSize, rule) as [Uint32Array];
      for (let x = 0; x < n; x++) expect(dom[x]).toBe(1 << (pick[x] as number));
    }
    // At a high temperature the threshold rule keeps more than one value somewhere.
    const [warm] = hardenDomains(take(gumbelSoftmax(z, g, 5)), 1, domSize, { kind: 'threshold', ratio: 0.5 }) as [Uint32Array];
    expect(Array.from(warm).some((v) => (v & (v - 1)) !== 0)).toBe(true);
  });
});
