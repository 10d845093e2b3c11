import type { Problem } from '../solver/model/problem.js';
import type { ValueOrder, VariablePick } from '../solver/search/branching.js';
import { checkSolution } from '../solver/search/checker.js';
import { emptyStats } from '../solver/search/limits.js';
import { type SearchOptions, type SearchResult, type SearchStats, search } from '../solver/search/search.js';
import type { EncoderVariables } from './guided-variables.js';
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

/** Fills `out` ([nVars · width]) with scores of the domains `dom` (the search's current domains). */
export type DomainScorer = (dom: Uint32Array, out: Float32Array) => void;

/** Re-scoring of a ScoreOrder at decision nodes. */
export interface Rescoring {
  /** Re-score at every `every`-th decision (the 1st, the (every+1)-th, …); ≥ 1. */
  every: number;
  scorer: DomainScorer;
  /** Variables of the problem (the search's store holds nVars · words words). */
  nVars: number;
}

/**
 * Picks the value of highest score among those left in the domain (ties: lowest value).
 *
 * With re-scoring, every `every`-th decision scores the current (propagated) domains afresh. The
 * scores in force at a decision are those of the latest re-scoring whose domains contain the
 * current ones (its node is an ancestor, or a node of an earlier restart that is no narrower), and
 * the root scores when there is none: a stack of (domains, scores), popped while its top does not
 * contain the current domains, so backtracking out of a subtree drops the scores made inside it.
 * Slots are kept for reuse, so the stack allocates only when it grows past its deepest so far.
 */
export class ScoreOrder implements ValueOrder, VariablePick {
  /** Decisions seen and encoder calls made by re-scoring, and their milliseconds. */
  decisions = 0;
  calls = 0;
  ms = 0;
  private readonly doms: Uint32Array[] = [];
  private readonly stacked: Float32Array[] = [];
  private top = 0;
  /** The scores `select` chose with at this decision (null: `pick` looks them up itself). */
  private selected: Float32Array | null = null;

  /**
   * @param scores per (variable, value), variable x's values at x·width + a
   * @param width the stride of `scores` (the largest domain size)
   * @param words the domain word stride
   */
  constructor(
    private readonly scores: Float32Array,
    private readonly width: number,
    private readonly words: number,
    private readonly rescoring?: Rescoring,
  ) {
    if (rescoring !== undefined && !(Number.isInteger(rescoring.every) && rescoring.every >= 1))
      throw new Error(`ScoreOrder: re-scoring every ${rescoring.every} decisions; expected an integer ≥ 1`);
  }

  /**
   * As a variable choice (GuidedOptions.variables 'confidence'): the unfixed variable whose best
   * remaining value holds the largest share of its remaining score, i.e. the decision the encoder
   * is surest of (ties: lowest index). The scores it used are the ones the following `pick` uses.
   */
  select(dom: Uint32Array, words: number): number {
    const s = this.rescoring === undefined ? this.scores : this.current(dom);
    this.selected = s;
    let best = -1;
    let bestShare = -1;
    const n = dom.length / words;
    for (let x = 0; x < n; x++) {
      let count = 0;
      let top = 0;
      let sum = 0;
      const base = x * this.width;
      for (let k = 0; k < words; k++) {
        let bits = dom[x * words + k] as number;
        while (bits !== 0) {
          const low = bits & -bits;
          bits ^= low;
          const sc = s[base + k * 32 + 31 - Math.clz32(low)] as number;
          count++;
          sum += sc;
          if (sc > top) top = sc;
        }
      }
      if (count < 2) continue;
      const share = sum > 0 ? top / sum : 1 / count;
      if (share > bestShare) {
        best = x;
        bestShare = share;
      }
    }
    return best;
  }

  pick(v: number, dom: Uint32Array, at: number): number {
    const s = this.selected ?? (this.rescoring === undefined ? this.scores : this.current(dom));
    this.selected = null;
    this.decisions++;
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

  /** The scores in force at a decision over `dom`, re-scoring first when this decision is due. */
  private current(dom: Uint32Array): Float32Array {
    const r = this.rescoring as Rescoring;
    const size = r.nVars * this.words;
    while (this.top > 0 && !contains(this.doms[this.top - 1] as Uint32Array, dom, size)) this.top--;
    if (this.decisions % r.every !== 0) return this.top > 0 ? (this.stacked[this.top - 1] as Float32Array) : this.scores;
    if (this.top === this.doms.length) {
      this.doms.push(new Uint32Array(size));
      this.stacked.push(new Float32Array(this.scores.length));
    }
    const d = this.doms[this.top] as Uint32Array;
    const out = this.stacked[this.top] as Float32Array;
    this.top++;
    for (let k = 0; k < size; k++) d[k] = dom[k] as number;
    const t0 = performance.now();
    r.scorer(d, out);
    this.ms += performance.now() - t0;
    this.calls++;
    return out;
  }
}

/** Whether every domain of `inner` lies within `outer`'s (first `size` words). */
function contains(outer: Uint32Array, inner: Uint32Array, size: number): boolean {
  for (let k = 0; k < size; k++) if (((inner[k] as number) & ~(outer[k] as number)) !== 0) return false;
  return true;
}

/** How the guided solve stages its searches; everything else comes whole from the SearchOptions. */
export interface GuidedOptions {
  /** Candidate-set ratios of the restricted stages, in order (1 = argmax only, the τ → 0 limit; [] = none). */
  ratios?: readonly number[];
  /** Node budget of each restricted stage. */
  stageNodes?: number;
  /**
   * Re-score with the encoder at every `every`-th decision node from the current domains, for the
   * value order of every stage (0 or absent: only at the root; hardening always uses the root scores).
   */
  every?: number;
  /** Variable choice at decisions (default 'search'); 'confidence' uses the same scores as the value order. */
  variables?: EncoderVariables;
  /**
   * Node budget of a search without the encoder before it is consulted (0 or absent: consult it at
   * once). An instance the plain search finishes within the budget never pays for the encoder; a
   * harder one pays the budget's nodes, then is solved guided from the root.
   */
  after?: number;
  /**
   * Message rounds of each encoder call (absent: the model's rounds at inference, its config's
   * `inferenceRounds` else `rounds`). A recurrent model with a loss at every round has a trained
   * readout after each, so it may be read after fewer rounds (cheaper) or run for more.
   */
  rounds?: number;
}

export interface StageReport {
  /** False for the search without the encoder that GuidedOptions.after runs first. */
  guided: boolean;
  /** Candidate ratio, or 0 for a full-domain stage. */
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
  /** Decisions of all stages, encoder calls made by re-scoring at them, and those calls' milliseconds (within `stats.timeMs`). */
  decisions: number;
  rescoreCalls: number;
  rescoreMs: number;
}

/**
 * One restricted stage keeping the values within 1/20 of each variable's best: measured on
 * generated sudoku, argmax-only first (ratio 1, the τ → 0 limit) fails whenever one open cell is
 * wrong and so never solves without a failure, while 0.05 rarely drops a needed value.
 */
export const DEFAULT_RATIOS: readonly number[] = [0.05];
export const DEFAULT_STAGE_NODES = 2000;

export function addStats(into: SearchStats, s: SearchStats): void {
  for (const k of Object.keys(into) as (keyof SearchStats)[]) into[k] += s[k];
}

export function stageReport(guided: boolean, ratio: number, r: SearchResult): StageReport {
  const { nodes, backtracks, externalCalls } = r.stats;
  return { guided, ratio, status: r.status, nodes, backtracks, externalCalls };
}

/**
 * The complete guided solve of `p` from encoder probabilities `probs` ([nVars · width], each
 * variable's values summing to 1 over its initial domain). Every stage searches with `options`
 * whole (its limits shared out over the stages, the value order replaced by the encoder's), so an
 * external propagator, an interrupt or a variable order given there reaches every stage. With
 * `staging.every` ≥ 1, `scorer` re-scores the current domains at every `every`-th decision.
 */
export function guidedSearch(
  p: Problem,
  probs: Float32Array,
  width: number,
  words: number,
  options: SearchOptions = {},
  staging: GuidedOptions = {},
  scorer?: DomainScorer,
): GuidedResult {
  if (options.all || options.onSolution || (options.maxSolutions ?? 1) !== 1)
    throw new Error('guidedSearch looks for one solution: all, maxSolutions and onSolution do not apply');
  const every = staging.every ?? 0;
  if (!(Number.isInteger(every) && every >= 0)) throw new Error(`guidedSearch: every = ${every}; expected an integer ≥ 0`);
  if (every > 0 && scorer === undefined) throw new Error('guidedSearch: re-scoring every few decisions needs a scorer');
  const order = new ScoreOrder(
    probs,
    width,
    words,
    every > 0 && scorer !== undefined ? { every, scorer, nVars: p.domSize.length } : undefined,
  );
  const counts = () => ({ decisions: order.decisions, rescoreCalls: order.calls, rescoreMs: order.ms });
  const stats = emptyStats();
  const stages: StageReport[] = [];
  const t0 = performance.now();
  const left = () => ({
    nodes: options.nodes === undefined ? undefined : Math.max(0, options.nodes - stats.nodes),
    timeoutMs: options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (performance.now() - t0)),
  });
  const base: SearchOptions = {
    ...options,
    valueOrder: order,
    variablePick: staging.variables === 'confidence' ? order : options.variablePick,
  };
  for (const ratio of staging.ratios ?? DEFAULT_RATIOS) {
    const kept = hardenDomains(probs, 1, p.domSize, { kind: 'threshold', ratio })[0] as Uint32Array;
    for (let k = 0; k < kept.length; k++) kept[k] = ((kept[k] as number) & (p.init[k] as number)) >>> 0;
    const budget = left();
    const stageNodes = Math.min(staging.stageNodes ?? DEFAULT_STAGE_NODES, budget.nodes ?? Number.POSITIVE_INFINITY);
    // Hardened domains differ between variables, so values are no longer interchangeable there.
    const r = search({ ...p, init: kept }, { ...base, interchangeableValues: false, nodes: stageNodes, timeoutMs: budget.timeoutMs });
    addStats(stats, r.stats);
    stages.push(stageReport(true, ratio, r));
    if (r.status === 'sat' && r.solution) {
      const wrong = checkSolution(p, r.solution);
      if (wrong !== null) throw new Error(`internal error: guided search returned a non-solution: ${wrong}`);
      return {
        status: 'sat',
        solution: r.solution,
        stats,
        stages,
        zeroBacktrack: stages.length === 1 && r.stats.failures === 0,
        ...counts(),
      };
    }
  }
  const r = search(p, { ...base, ...left() });
  addStats(stats, r.stats);
  stages.push(stageReport(true, 0, r));
  // Zero backtracks only when no restricted stage failed before it (or none was asked for).
  return {
    status: r.status,
    solution: r.solution,
    stats,
    stages,
    zeroBacktrack: r.status === 'sat' && stages.length === 1 && r.stats.failures === 0,
    ...counts(),
  };
}
