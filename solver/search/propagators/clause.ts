import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, WAKE_DOM } from './propagator.js';

/**
 * Disjunction of literals x_l ∈ S_l, generalised arc consistency (unit propagation on literal
 * sets): a literal is false when dom(x_l) ∩ S_l is empty; when every literal but one is false, that
 * literal's variable is restricted to its set; when all are false the clause fails.
 */
export class ClausePropagator implements Propagator {
  readonly wake = WAKE_DOM;
  readonly cost = COST_CHEAP;

  constructor(
    readonly vars: Int32Array,
    /** Literal sets, the problem's stride per literal. */
    private readonly sets: Uint32Array,
  ) {}

  propagate(s: Store): boolean {
    const w = s.words;
    const dom = s.dom;
    const vars = this.vars;
    const sets = this.sets;
    let live = -1;
    for (let l = 0; l < vars.length; l++) {
      const at = (vars[l] as number) * w;
      let inside = 0;
      for (let k = 0; k < w && inside === 0; k++) inside = (dom[at + k] as number) & (sets[l * w + k] as number);
      if (inside === 0) continue;
      // Two literals that can still be true: nothing to prune.
      if (live >= 0) return true;
      live = l;
    }
    return live >= 0 && s.restrict(vars[live] as number, sets, live * w);
  }
}
