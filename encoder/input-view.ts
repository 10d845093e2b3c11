import type { Problem } from '../solver/model/problem.js';
import { propagateHard } from '../solver/search/engine.js';

/**
 * Which domains the encoder reads. 'raw': the problem's initial domains. 'root': the fixpoint of
 * the solver's own root propagation (all-different GAC), so the network spends itself on what
 * propagation leaves open — the choices that decide whether search backtracks. Propagation is
 * sound, so the viewed problem has exactly the same solutions; a root failure keeps the raw view.
 */
export type InputView = 'raw' | 'root';

export function inputView(p: Problem, view: InputView): Problem {
  if (view === 'raw') return p;
  const r = propagateHard(p);
  return r.failed ? p : { ...p, init: r.domains.slice(0, p.init.length) };
}
