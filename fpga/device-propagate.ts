import { valueStride } from '../solver/arc-lists.js';
import { compileArcs } from '../solver/arcs.js';
import type { Problem } from '../solver/problem.js';
import { strideOf } from '../solver/problem.js';
import type { PropagateOptions, PropagateResult } from '../solver/propagate-api.js';
import { UserError } from '../solver/user-error.js';
import { domainsFromWeights, initialWeights, toFixedWeights, weightsFromDomains } from '../solver/weight-layout.js';
import type { Device } from './device.js';

/**
 * `softprop propagate --device`: the hard or fixed rounds of solver/propagate-api.ts run on a
 * Device instead (same inputs, same result shape, plus the simulated cycles). Both devices must
 * print exactly what the TS reference prints.
 */
export function propagateOnDevice(p: Problem, opts: PropagateOptions, device: Device): PropagateResult & { cycles?: number } {
  if (opts.mode !== 'hard' && opts.mode !== 'fixed') throw new UserError(`--device runs the hard and fixed modes only, not ${opts.mode}`);
  const prog = compileArcs(p);
  const words = strideOf(p);
  const D = valueStride(prog);
  const n = p.domSize.length;
  const start = initialWeights(p, words, D);
  if (opts.weights)
    for (let x = 0; x < n; x++)
      for (let a = 0; a < (p.domSize[x] as number); a++) start[x * D + a] = (start[x * D + a] as number) * (opts.weights[x]?.[a] ?? 1);
  const nested = (flat: ArrayLike<number>, scale: number) =>
    Array.from(p.domSize, (d, x) => Array.from({ length: d }, (_, a) => (flat[x * D + a] as number) / scale));
  device.load(prog);
  if (opts.mode === 'hard') {
    device.setDomains(domainsFromWeights(start, p.domSize, words, D));
    const r = device.run('hard', opts.rounds);
    const dom = device.readDomains(new Uint32Array(n * words));
    return { mode: 'hard', ...report(r), weights: nested(weightsFromDomains(dom, p.domSize, words, D, new Float32Array(n * D), 1), 1) };
  }
  device.setWeights(toFixedWeights(start));
  const r = device.run('fixed', opts.rounds);
  const q = device.readWeights(new Uint16Array(n * D));
  return { mode: 'fixed', ...report(r), weights: nested(q, 32768), fixed: nested(q, 1) };
}

function report(r: { rounds: number; fixpoint: boolean; wipeout: boolean; cycles: number | undefined }) {
  return { rounds: r.rounds, fixpoint: r.fixpoint, wipeout: r.wipeout, ...(r.cycles === undefined ? {} : { cycles: r.cycles }) };
}
