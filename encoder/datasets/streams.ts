import { Rng } from '../../solver/rng.js';

/**
 * The Rng state of every instance of a run, computed in the main thread and shipped with each
 * task, so instance i is the same bytes whichever worker builds it. Instance i starts i jumps
 * (2^64 draws each) after `Rng.seeded(seed)`: the streams never overlap. (Consecutive `split()`s
 * of one Rng would not do: each is the previous one shifted by a single draw.)
 */
export function instanceStates(seed: number, count: number): number[][] {
  let cur = Rng.seeded(seed);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const next = cur.split();
    out.push(cur.state());
    cur = next;
  }
  return out;
}
