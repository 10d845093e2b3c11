import type { Problem } from '../solver/model/problem.js';
import type { SearchOptions } from '../solver/search/search.js';
import type { GuidedOptions } from './guided-order.js';
import { type Encoder, searchWithoutEncoder, solveGuided } from './guided-solve.js';

/**
 * Guided solving against plain search over a set of problems, with the same search engine and
 * limits on both sides: how often each solves without a single failure (zero backtracks), and the
 * nodes each needs. "Plain" is the solver's default (dom/wdeg, minimum value, all-different GAC):
 * propagation alone deciding everything but the branching.
 */
export interface GuidedComparison {
  problems: number;
  /** Decided (sat or unsat) by the guided and by the plain search. */
  decidedGuided: number;
  decidedPlain: number;
  zeroBacktrackGuided: number;
  zeroBacktrackPlain: number;
  /** Mean nodes per problem. */
  nodesGuided: number;
  nodesPlain: number;
  /** Mean milliseconds per problem in the encoder, in guided search, and in plain search. */
  encoderMs: number;
  searchMsGuided: number;
  searchMsPlain: number;
}

export async function compareGuided(
  problems: readonly Problem[],
  enc: Encoder,
  options: SearchOptions = {},
  staging: GuidedOptions = {},
): Promise<GuidedComparison> {
  const c: GuidedComparison = {
    problems: problems.length,
    decidedGuided: 0,
    decidedPlain: 0,
    zeroBacktrackGuided: 0,
    zeroBacktrackPlain: 0,
    nodesGuided: 0,
    nodesPlain: 0,
    encoderMs: 0,
    searchMsGuided: 0,
    searchMsPlain: 0,
  };
  for (const p of problems) {
    const r = solveGuided(p, enc, options, staging);
    const b = searchWithoutEncoder(p, options);
    if (r.status !== 'unknown') c.decidedGuided++;
    if (b.status !== 'unknown') c.decidedPlain++;
    if (r.status !== 'unknown' && b.status !== 'unknown' && r.status !== b.status)
      throw new Error(`internal error: guided search says ${r.status}, plain search ${b.status}`);
    if (r.zeroBacktrack) c.zeroBacktrackGuided++;
    if (b.zeroBacktrack) c.zeroBacktrackPlain++;
    c.nodesGuided += r.stats.nodes;
    c.nodesPlain += b.nodes;
    c.encoderMs += r.encoderMs;
    c.searchMsGuided += r.stats.timeMs;
    c.searchMsPlain += b.timeMs;
  }
  const n = Math.max(1, problems.length);
  c.nodesGuided /= n;
  c.nodesPlain /= n;
  c.encoderMs /= n;
  c.searchMsGuided /= n;
  c.searchMsPlain /= n;
  return c;
}
