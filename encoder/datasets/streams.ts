import { Rng } from '../../solver/model/rng.js';

/**
 * The Rng state of every instance of a run, computed in the main thread and shipped with each
 * task, so instance i is the same bytes whichever worker builds it. Instance i starts i jumps
 * (2^64 draws each) after `Rng.seeded(seed)`, so the streams never overlap.
 */
export function instanceStates(seed: number, count: number): number[][] {
  const root = Rng.seeded(seed);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) out.push(root.split().state());
  return out;
}
