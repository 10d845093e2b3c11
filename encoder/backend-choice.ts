import { UserError } from '../solver/api/user-error.js';

// Apart from backend.ts so that the CLI can parse `--backend` without loading tfjs.

/** A tfjs backend softprop can run on. 'node' is @tensorflow/tfjs-node (backend name 'tensorflow'). */
export type BackendChoice = 'auto' | 'node' | 'wasm' | 'cpu';

/** Parses a `--backend` flag value. */
export function parseBackend(flag: string): BackendChoice {
  if (flag === 'auto' || flag === 'node' || flag === 'wasm' || flag === 'cpu') return flag;
  throw new UserError(`--backend ${flag}: expected one of auto, node, wasm, cpu`);
}
