import type { Problem } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { search } from '../../solver/search/search.js';
import { type DatasetRecord, solutionLabels } from './record.js';

/**
 * The record of a random instance whose solution is not known by construction: the solver looks
 * for one within `nodes` search nodes (reproducible, unlike a time limit), and `meta` gains the
 * verdict (`status`: sat / unsat / unknown) and the nodes it took.
 */
export function searchedRecord(rng: Rng, r: Omit<DatasetRecord, 'solution'>, problem: Problem, nodes: number): DatasetRecord {
  const s = search(problem, { nodes, seed: rng.int(0, 0x7fffffff) });
  return {
    ...r,
    solution: s.solution ? solutionLabels(r.format, problem, s.solution) : null,
    meta: { ...r.meta, status: s.status, nodes: s.stats.nodes },
  };
}
