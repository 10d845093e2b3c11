import type { Rng } from '../../../solver/model/rng.js';

/** The domain of a random 0/1 variable: {0, 1}, fixed one time in four. */
export function randomBool(rng: Rng): number[] {
  const r = rng.int(0, 7);
  return r === 0 ? [0] : r === 1 ? [1] : [0, 1];
}
