import { UserError } from '../solver/api/user-error.js';

// Apart from backend.ts so that the CLI can parse `--backend` without loading tfjs.

/** A tfjs backend softprop can run on. 'node' is @tensorflow/tfjs-node (backend name 'tensorflow'). */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu';

/**
 * The backend the CLI runs on unless told otherwise, and `Encoder.load`'s default: faster than cpu
 * (`softprop bench --only encoder` measures both), and it installs everywhere, unlike tfjs-node.
 */
export const DEFAULT_BACKEND: BackendChoice = 'wasm';

/** Parses a `--backend` flag value. */
export function parseBackend(flag: string): BackendChoice {
  if (flag === 'auto' || flag === 'node' || flag === 'wasm' || flag === 'cpu') return flag;
  throw new UserError(`--backend ${flag}: expected one of auto, node, wasm, cpu`);
}
