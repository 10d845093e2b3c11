import { type PropagateOptions, type PropagateResult, propagateInput } from '../solver/api/propagate.js';
import { UserError } from '../solver/api/user-error.js';
import type { Problem } from '../solver/model/problem.js';
import { ONE } from '../solver/rounds/fixed-point.js';
import { domainsFromWeights, toFixedWeights } from '../solver/rounds/weight-layout.js';
import type { Device } from './device.js';

/**
 * `softprop propagate --device`: the hard or fixed rounds of solver/api/propagate.ts run on a
 * Device instead (same inputs, same result shape, plus the simulated cycles). Both devices must
 * print exactly what the TS reference prints.
 */
export function propagateOnDevice(p: Problem, opts: PropagateOptions, device: Device): PropagateResult & { cycles?: number } {
  if (opts.mode !== 'hard' && opts.mode !== 'fixed') throw new UserError(`--device runs the hard and fixed modes only, not ${opts.mode}`);
  const { prog, words, stride: D, start, perVariable, domainWeights } = propagateInput(p, opts.weights);
  const n = p.domSize.length;
  device.load(prog);
  if (opts.mode === 'hard') {
    device.setDomains(domainsFromWeights(start, p.domSize, words, D));
    const r = device.run('hard', opts.rounds);
    const dom = device.readDomains(new Uint32Array(n * words));
    return { mode: 'hard', ...report(r), weights: domainWeights(dom) };
  }
  device.setWeights(toFixedWeights(start));
  const r = device.run('fixed', opts.rounds);
  const q = device.readWeights(new Uint16Array(n * D));
  return { mode: 'fixed', ...report(r), weights: perVariable(q, ONE), fixed: perVariable(q) };
}

function report(r: { rounds: number; fixpoint: boolean; wipeout: boolean; cycles: number | undefined }) {
  return { rounds: r.rounds, fixpoint: r.fixpoint, wipeout: r.wipeout, ...(r.cycles === undefined ? {} : { cycles: r.cycles }) };
}
