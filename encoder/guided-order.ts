import type { Problem } from '../solver/model/problem.js';
import type { ValueOrder } from '../solver/search/branching.js';
import { checkSolution } from '../solver/search/checker.js';
import { emptyStats } from '../solver/search/limits.js';
import { type SearchOptions, type SearchResult, type SearchStats, search } from '../solver/search/search.js';
import { hardenDomains } from './harden.js';

/**
 * Search guided by the encoder, in two pieces:
 * - `ScoreOrder`, a value order that tries the value with the highest encoder probability first
 *   (it plugs in exactly where the solver's minimum-value order would);
 * - `guidedSearch`, the complete guided solve: the encoder's probabilities are hardened by
 *   candidate ratios (ratio 1 keeps only the most probable value, the τ → 0 limit; smaller ratios
 *   keep a wider set), each hardened domain (∧ the initial one) is propagated and searched with a
 *   node budget, and when every restricted stage fails the full problem is searched with the same
 *   value order. The last stage is the plain complete search, so the answer is always right: a
 *   solution of a restricted problem is a solution of the problem (checked), and "unsat" is only ever
 *   reported by the unrestricted search.
 */

/** Picks the value of highest score among those left in the domain (ties: lowest value). */
export class ScoreOrder implements ValueOrder {
  /**
   * @param scores per (variable, value), variable x's values at x·width + a
   * @param width the stride of `scores` (the largest domain size)
   * @param words the domain word stride
   */
  constructor(
    private readonly scores: Float32Array,
    private readonly width: number,
    private readonly words: number,
  ) {}

  pick(v: number, dom: Uint32Array, at: number): number {
    const s = this.scores;
    const base = v * this.width;
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.words; k++) {
      let bits = dom[at + k] as number;
      while (bits !== 0) {
        const low = bits & -bits;
        const a = k * 32 + 31 - Math.clz32(low);
        bits ^= low;
        const sc = s[base + a] as number;
        if (best < 0 || sc > bestScore) {
          best = a;
          bestScore = sc;
        }
      }
    }
    return best;
  }
}

/** How the guided solve stages its searches; everything else comes whole from the SearchOptions. */
export interface GuidedOptions {
  /** Candidate-set ratios of the restricted stages, in order (1 = argmax only, the τ → 0 limit; [] = none). */
  ratios?: readonly number[];
  /** Node budget of each restricted stage. */
  stageNodes?: number;
}

export interface StageReport {
  /** Candidate ratio, or 0 for the full-domain stage. */
  ratio: number;
  status: SearchResult['status'];
  nodes: number;
  backtracks: number;
  /** Calls to the external propagator (e.g. the simulated core of `solve --device`). */
  externalCalls: number;
}

export interface GuidedResult {
  status: SearchResult['status'];
  solution?: Int32Array;
  /** Summed over all stages. */
  stats: SearchStats;
  stages: StageReport[];
  /** Solved by the first stage tried, without a single failure (so without a backtrack). */
  zeroBacktrack: boolean;
}

/**
 * One restricted stage keeping the values within 1/20 of each variable's best: measured on
 * generated sudoku, argmax-only first (ratio 1, the τ → 0 limit) fails whenever one open cell is
 * wrong and so never solves without a failure, while 0.05 rarely drops a needed value.
 */
export const DEFAULT_RATIOS: readonly number[] = [0.05];
export const DEFAULT_STAGE_NODES = 2000;

function addStats(into: SearchStats, s: SearchStats): void {
  for (const k of Object.keys(into) as (keyof SearchStats)[]) into[k] += s[k];
}

function stageReport(ratio: number, r: SearchResult): StageReport {
  const { nodes, backtracks, externalCalls } = r.stats;
  return { ratio, status: r.status, nodes, backtracks, externalCalls };
}

/**
 * The complete guided solve of `p` from encoder probabilities `probs` ([nVars · width], each
 * variable's values summing to 1 over its initial domain). Every stage searches with `options`
 * whole (its limits shared out over the stages, the value order replaced by the encoder's), so an
 * external propagator, an interrupt or a variable order given there reaches every stage.
 */
export function guidedSearch(
  p: Problem,
  probs: Float32Array,
  width: number,
  words: number,
  options: SearchOptions = {},
  staging: GuidedOptions = {},
): GuidedResult {
  if (options.all || options.onSolution || (options.maxSolutions ?? 1) !== 1)
    throw new Error('guidedSearch looks for one solution: all, maxSolutions and onSolution do not apply');
  const order = new ScoreOrder(probs, width, words);
  const stats = emptyStats();
  const stages: StageReport[] = [];
  const t0 = performance.now();
  const left = () => ({
    nodes: options.nodes === undefined ? undefined : Math.max(0, options.nodes - stats.nodes),
    timeoutMs: options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (performance.now() - t0)),
  });
  const base: SearchOptions = { ...options, valueOrder: order };
  for (const ratio of staging.ratios ?? DEFAULT_RATIOS) {
    const kept = hardenDomains(probs, 1, p.domSize, { kind: 'threshold', ratio })[0] as Uint32Array;
    for (let k = 0; k < kept.length; k++) kept[k] = ((kept[k] as number) & (p.init[k] as number)) >>> 0;
    const budget = left();
    const stageNodes = Math.min(staging.stageNodes ?? DEFAULT_STAGE_NODES, budget.nodes ?? Number.POSITIVE_INFINITY);
    // Hardened domains differ between variables, so values are no longer interchangeable there.
    const r = search({ ...p, init: kept }, { ...base, interchangeableValues: false, nodes: stageNodes, timeoutMs: budget.timeoutMs });
    addStats(stats, r.stats);
    stages.push(stageReport(ratio, r));
    if (r.status === 'sat' && r.solution) {
      const wrong = checkSolution(p, r.solution);
      if (wrong !== null) throw new Error(`internal error: guided search returned a non-solution: ${wrong}`);
      return { status: 'sat', solution: r.solution, stats, stages, zeroBacktrack: stages.length === 1 && r.stats.failures === 0 };
    }
  }
  const r = search(p, { ...base, ...left() });
  addStats(stats, r.stats);
  stages.push(stageReport(0, r));
  // Zero backtracks only when no restricted stage failed before it (or none was asked for).
  return {
    status: r.status,
    solution: r.solution,
    stats,
    stages,
    zeroBacktrack: r.status === 'sat' && stages.length === 1 && r.stats.failures === 0,
  };
}
