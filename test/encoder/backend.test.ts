import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { backendInfo, backendLabel, parseBackend, selectBackend } from '../../encoder/backend.js';
import { UserError } from '../../solver/api/user-error.js';

async function nodeBackendLoads(): Promise<boolean> {
  const name = '@tensorflow/tfjs-node';
  return import(name).then(
    () => true,
    () => false,
  );
}

it('wasm starts with SIMD reported, and cpu starts, each as asked', async () => {
  const w = await selectBackend('wasm');
  expect(w.name).toBe('wasm');
  expect(typeof w.simd).toBe('boolean');
  expect(backendLabel(w)).toBe(w.simd ? 'wasm (SIMD)' : 'wasm (no SIMD)');
  expect(tf.getBackend()).toBe('wasm');
  expect((await selectBackend('cpu')).name).toBe('cpu');
  expect(await backendInfo()).toEqual({ name: 'cpu' });
  expect(backendLabel({ name: 'cpu' })).toBe('cpu');
});

it('auto prefers tfjs-node when it loads, else wasm; an explicit node that cannot load is a UserError', async () => {
  const hasNode = await nodeBackendLoads();
  expect((await selectBackend('auto')).name).toBe(hasNode ? 'tensorflow' : 'wasm');
  if (hasNode) expect((await selectBackend('node')).name).toBe('tensorflow');
  else await expect(selectBackend('node')).rejects.toThrow(/--backend node: .*tfjs-node/);
});

it('parses --backend values and names the bad one', () => {
  expect(parseBackend('wasm')).toBe('wasm');
  expect(parseBackend('auto')).toBe('auto');
  expect(() => parseBackend('gpu')).toThrow(UserError);
  expect(() => parseBackend('gpu')).toThrow('--backend gpu: expected one of auto, node, wasm, cpu');
});
