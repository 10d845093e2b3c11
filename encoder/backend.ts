import * as tf from '@tensorflow/tfjs';
import { UserError } from '../solver/api/user-error.js';

import type { BackendChoice } from './backend-choice.js';
import { aliasWasmCopies } from './backend-wasm.js';

export { type BackendChoice, parseBackend } from './backend-choice.js';

export interface BackendInfo {
  /** tfjs's name of the active backend: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** wasm only: whether the SIMD build is running. */
  simd?: boolean;
}

const TF_NAME: Record<Exclude<BackendChoice, 'auto'>, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

/**
 * Makes one backend active and says which. 'auto' tries tfjs-node (an optional dependency that
 * does not install everywhere: its import failing is silent), then wasm, then cpu. An explicit
 * choice that cannot start is a UserError. tfjs's `setBackend` can resolve `false` while
 * `getBackend()` already names the backend (a bad wasm path), so the resolved value is checked.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  const order: Exclude<BackendChoice, 'auto'>[] = choice === 'auto' ? ['node', 'wasm', 'cpu'] : [choice];
  for (const c of order) {
    if (await tryBackend(c)) return backendInfo();
  }
  throw new UserError(
    `--backend ${choice}: the tfjs ${choice} backend did not start${choice === 'node' ? ' (is @tensorflow/tfjs-node installed?)' : ''}`,
  );
}

async function tryBackend(c: Exclude<BackendChoice, 'auto'>): Promise<boolean> {
  try {
    if (c === 'node') await import(/* optional */ '@tensorflow/tfjs-node' as string);
    if (c === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      aliasWasmCopies();
    }
    return await tf.setBackend(TF_NAME[c]);
  } catch {
    return false;
  }
}

/** The active backend, with SIMD status on wasm. */
export async function backendInfo(): Promise<BackendInfo> {
  const name = tf.getBackend();
  if (name !== 'wasm') return { name };
  return { name, simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean };
}

/** One line for logs: "wasm (SIMD)", "wasm (no SIMD)", "cpu", "tensorflow". */
export function backendLabel(info: BackendInfo): string {
  return info.simd === undefined ? info.name : `${info.name} (${info.simd ? 'SIMD' : 'no SIMD'})`;
}
