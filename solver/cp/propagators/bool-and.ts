import { EV_FIX, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';

/**
 * A literal r equivalent to (or, half-reified, implying) the conjunction of literals: r ⇔ ∧ lᵢ.
 * Literal i is true when vars[i] takes want[i]; with negated literals this one propagator is
 * array_bool_and, array_bool_or (¬r ⇔ ∧ ¬aᵢ), bool_clause_reif and their `_imp` forms. Domain
 * consistent on distinct variables: r true fixes every lᵢ; a false lᵢ makes r false; all lᵢ true
 * make r true; r false with one lᵢ left unfixed makes it false.
 */
export class BoolAnd implements CpPropagator {
  constructor(
    private readonly vars: Int32Array,
    private readonly want: Uint8Array,
    private readonly r: number,
    private readonly rWant: number,
    /** False for r ⇒ ∧ lᵢ only. */
    private readonly reified: boolean,
  ) {}

  propagate(s: IntStore): boolean {
    const r = this.r;
    const n = this.vars.length;
    if (s.isFixed(r) && s.value(r) === this.rWant) {
      for (let i = 0; i < n; i++) if (!s.fix(this.vars[i] as number, this.want[i] as number)) return false;
      return true;
    }
    let unfixed = 0;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const v = this.vars[i] as number;
      if (!s.contains(v, this.want[i] as number)) return s.fix(r, 1 - this.rWant);
      if (!s.isFixed(v)) {
        unfixed++;
        last = i;
      }
    }
    if (!this.reified) return true;
    if (unfixed === 0) return s.fix(r, this.rWant);
    if (unfixed === 1 && !s.contains(r, this.rWant)) return s.fix(this.vars[last] as number, 1 - (this.want[last] as number));
    return true;
  }
}

/**
 * Posts r ⇔ ∧ lᵢ (r ⇒ ∧ lᵢ when `reified` is false), literal i being `vars[i] = want[i]` and r's
 * literal `r = rWant`; woken when any of its variables is fixed.
 */
export function postBoolAnd(space: Space, vars: Int32Array, want: Uint8Array, r: number, rWant: number, reified: boolean): number {
  const id = space.post(new BoolAnd(vars, want, r, rWant, reified));
  for (const v of vars) space.watch(id, v, EV_FIX);
  space.watch(id, r, EV_FIX);
  return id;
}
