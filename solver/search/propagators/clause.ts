import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, WAKE_DOM } from './propagator.js';

/**
 * Disjunction of literals x_l ∈ S_l, generalised arc consistency (unit propagation on literal
 * sets): a literal is false when dom(x_l) ∩ S_l is empty; when every literal but one is false, that
 * literal's variable is restricted to its set; when all are false the clause fails.
 *
 * Two watched literals (MiniSat's, on literal sets): while both can still be true there is nothing
 * to prune, so a run checks those two and looks further only when one of them is false, scanning
 * on from where the last replacement was found (a long clause whose literals are falsified in
 * order then costs O(1) per run instead of a scan of the whole clause). The watches need no undo:
 * they are only where the next run starts looking, and the pruning depends on the domains alone.
 */
export class ClausePropagator implements Propagator {
  readonly wake = WAKE_DOM;
  readonly cost = COST_CHEAP;
  /** Positions of the two watched literals (distinct when the clause has two or more). */
  private first = 0;
  private second = 1;
  /** Where the next search for a replacement watch starts. */
  private next = 2;

  constructor(
    readonly vars: Int32Array,
    /** Literal sets, the problem's stride per literal. */
    private readonly sets: Uint32Array,
  ) {}

  propagate(s: Store): boolean {
    const n = this.vars.length;
    if (n < 2) return n === 1 && this.canHold(s, 0) && this.restrictTo(s, 0);
    if (!this.canHold(s, this.first)) {
      const l = this.replacement(s, this.second);
      if (l < 0) return this.canHold(s, this.second) && this.restrictTo(s, this.second);
      this.first = l;
    }
    if (!this.canHold(s, this.second)) {
      const l = this.replacement(s, this.first);
      if (l < 0) return this.restrictTo(s, this.first);
      this.second = l;
    }
    return true;
  }

  /** Whether literal l can still be true: its variable's domain meets its set. */
  private canHold(s: Store, l: number): boolean {
    const w = s.words;
    const dom = s.dom;
    const at = (this.vars[l] as number) * w;
    for (let k = 0; k < w; k++) if (((dom[at + k] as number) & (this.sets[l * w + k] as number)) !== 0) return true;
    return false;
  }

  /** A literal other than `other` that can still be true (-1 when none), scanning circularly from `next`. */
  private replacement(s: Store, other: number): number {
    const n = this.vars.length;
    let l = this.next >= n ? 0 : this.next;
    for (let seen = 0; seen < n; seen++, l = l + 1 === n ? 0 : l + 1) {
      if (l === other || !this.canHold(s, l)) continue;
      this.next = l + 1;
      return l;
    }
    return -1;
  }

  private restrictTo(s: Store, l: number): boolean {
    return s.restrict(this.vars[l] as number, this.sets, l * s.words);
  }
}
