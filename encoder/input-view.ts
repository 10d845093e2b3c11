import type { Problem } from '../solver/model/problem.js';
import type { SearchContext } from '../solver/search/context.js';
import { propagateHard } from '../solver/search/engine.js';

/**
 * Which domains the encoder reads. 'raw': the problem's initial domains. 'root': the fixpoint of
 * the solver's own root propagation (all-different GAC), so the network spends itself on what
 * propagation leaves open — the choices that decide whether search backtracks. Propagation is
 * sound, so the viewed problem has exactly the same solutions; a root failure keeps the raw view.
 * The root's engine is left idle in `context` for the search of p that follows.
 */
export type InputView = 'raw' | 'root';

export function inputView(p: Problem, view: InputView, context?: SearchContext): Problem {
  if (view === 'raw') return p;
  const r = propagateHard(p, { context });
  return r.failed ? p : { ...p, init: r.domains.slice(0, p.init.length) };
}
