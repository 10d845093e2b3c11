import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/** The constraint holds on every assignment left. */
export const ENTAILED = 1;
/** The constraint holds on no assignment left. */
export const DISENTAILED = -1;
/** Neither (or not detected). */
export const UNDECIDED = 0;

/** A constraint that can also say whether the current domains entail or disentail it. */
export interface Reifiable extends CpPropagator {
  /** ENTAILED, DISENTAILED or UNDECIDED; must not narrow any domain. */
  entailment(s: IntStore): number;
}

/**
 * b ↔ c (full reification, `negation` given) or b → c (half reification, `negation` null), b a 0/1
 * variable. Once b is fixed it propagates c or its negation; before that it fixes b when c is
 * decided: both ways for full reification, only b := 0 on disentailment for half. Watch b on
 * EV_FIX and c's variables with the events c and its negation need.
 */
export class Reified implements CpPropagator {
  constructor(
    private readonly b: number,
    private readonly c: Reifiable,
    private readonly negation: CpPropagator | null,
  ) {}

  propagate(s: IntStore): boolean {
    const b = this.b;
    if (!s.setMin(b, 0) || !s.setMax(b, 1)) return false;
    if (s.isFixed(b)) {
      if (s.value(b) === 1) return this.c.propagate(s);
      return this.negation === null || this.negation.propagate(s);
    }
    const e = this.c.entailment(s);
    if (e === DISENTAILED) return s.fix(b, 0);
    if (e === ENTAILED && this.negation !== null) return s.fix(b, 1);
    return true;
  }
}
