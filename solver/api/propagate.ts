import type { Problem } from '../model/problem.js';
import { wordsPerDomain } from '../model/problem.js';
import { valuesPerVar } from '../rounds/arc-lists.js';
import { type ArcProgram, compileArcs } from '../rounds/arcs.js';
import { ONE } from '../rounds/fixed-point.js';
import { FixedPropagator } from '../rounds/fixed-propagate.js';
import { HardRounds } from '../rounds/hard-rounds.js';
import { SoftPropagator } from '../rounds/soft-propagate.js';
import { domainsFromWeights, toFixedWeights, weightsFromDomains } from '../rounds/weight-layout.js';
import { propagateHard } from '../search/engine.js';

/**
 * `propagate` without search: one problem, one weight vector, one of four propagations.
 * - hard:   synchronous rounds of the decomposed arc program on bitmasks (hdl/SPEC.md section 3);
 * - soft:   the Float32 reference rounds on weights;
 * - fixed:  the bit-exact Q1.15 reference rounds (what the hardware core computes);
 * - solver: the search engine's own propagation to fixpoint (queue-based, all-different GAC).
 */
import type { PropagateMode } from './propagate-mode.js';

export type { PropagateMode } from './propagate-mode.js';
export { PROPAGATE_MODES } from './propagate-mode.js';

export interface PropagateOptions {
  mode: PropagateMode;
  /** Largest number of rounds (round modes); the run stops earlier at a fixpoint or wipe-out. */
  rounds: number;
  /**
   * Initial weight per variable and value index (default 1.0). Values outside the problem's initial
   * domain weigh 0 whatever is given; hard modes keep the values with a non-zero weight.
   */
  weights?: number[][];
}

export interface PropagateResult {
  mode: PropagateMode;
  /** Rounds run (0 for the solver mode, which is not round-based). */
  rounds: number;
  /** The last round changed nothing (solver mode: propagation completed without failure). */
  fixpoint: boolean;
  /** Some variable has no value / weight left. */
  wipeout: boolean;
  /** Final weights per variable and value index (0/1 in the hard modes). */
  weights: number[][];
  /** Final Q1.15 integers (fixed mode only). */
  fixed?: number[][];
}

/** What every propagate mode starts from (shared with fpga/device-propagate.ts). */
export interface PropagateInput {
  prog: ArcProgram;
  /** Words per bitmask domain. */
  words: number;
  /** Value stride of the weight layout (hdl/SPEC.md section 1). */
  stride: number;
  /** Initial weights: the given ones (or 1.0) on the initial domain, 0 elsewhere. */
  start: Float32Array;
  /** Per-variable arrays of a flat weight buffer, divided by `scale` (ONE for Q1.15). */
  perVariable(flat: ArrayLike<number>, scale?: number): number[][];
  /** Per-variable 0/1 weights of bitmask domains. */
  domainWeights(dom: Uint32Array): number[][];
}

export function propagateInput(p: Problem, weights?: number[][]): PropagateInput {
  const prog = compileArcs(p);
  const words = wordsPerDomain(p);
  const D = valuesPerVar(prog);
  const n = p.domSize.length;
  const start = weightsFromDomains(p.init, p.domSize, words, D, new Float32Array(n * D), 1);
  if (weights)
    for (let x = 0; x < n; x++)
      for (let a = 0; a < (p.domSize[x] as number); a++) start[x * D + a] = (start[x * D + a] as number) * (weights[x]?.[a] ?? 1);
  const perVariable = (flat: ArrayLike<number>, scale = 1) =>
    Array.from(p.domSize, (d, x) => Array.from({ length: d }, (_, a) => (flat[x * D + a] as number) / scale));
  return {
    prog,
    words,
    stride: D,
    start,
    perVariable,
    domainWeights: (dom) => perVariable(weightsFromDomains(dom, p.domSize, words, D, new Float32Array(n * D), 1)),
  };
}

export function propagateProblem(p: Problem, opts: PropagateOptions): PropagateResult {
  if (!(Number.isInteger(opts.rounds) && opts.rounds >= 0))
    throw new Error(`propagateProblem: rounds must be a non-negative integer, got ${opts.rounds}`);
  const { prog, words, stride: D, start, perVariable, domainWeights } = propagateInput(p, opts.weights);
  switch (opts.mode) {
    case 'soft': {
      const r = new SoftPropagator(prog, 1).run(start, opts.rounds);
      return { mode: 'soft', rounds: r.total, fixpoint: r.fixpoint[0] === 1, wipeout: r.wipeout[0] === 1, weights: perVariable(start) };
    }
    case 'fixed': {
      const q = toFixedWeights(start);
      const r = new FixedPropagator(prog, 1).run(q, opts.rounds);
      return {
        mode: 'fixed',
        rounds: r.total,
        fixpoint: r.fixpoint[0] === 1,
        wipeout: r.wipeout[0] === 1,
        weights: perVariable(q, ONE),
        fixed: perVariable(q),
      };
    }
    case 'hard': {
      const dom = domainsFromWeights(start, p.domSize, words, D);
      const r = new HardRounds(prog, 1).run(dom, opts.rounds);
      return { mode: 'hard', rounds: r.total, fixpoint: r.fixpoint[0] === 1, wipeout: r.wipeout[0] === 1, weights: domainWeights(dom) };
    }
    case 'solver': {
      const r = propagateHard({ ...p, init: domainsFromWeights(start, p.domSize, words, D) }, { alldiff: 'gac' });
      // A failed propagation leaves partial domains; report the wipe-out as all-zero weights.
      const weights = r.failed ? Array.from(p.domSize, (d) => new Array<number>(d).fill(0)) : domainWeights(r.domains);
      return { mode: 'solver', rounds: 0, fixpoint: !r.failed, wipeout: r.failed, weights };
    }
  }
}
