import { EV_FIX, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import type { Space } from '../space.js';

/**
 * Parity of 0/1 variables: x₁ ⊕ … ⊕ xₙ = parity (array_bool_xor; bool_xor, bool_not, bool_eq,
 * bool_eq_reif and bool_ne_reif are three- or two-variable cases, a negated literal folded into
 * the parity). Domain consistent on distinct variables: only the last unfixed variable is forced.
 */
export class BoolXor implements CpPropagator {
  constructor(
    private readonly vars: Int32Array,
    private readonly parity: number,
  ) {}

  propagate(s: IntStore): boolean {
    let sum = this.parity;
    let unfixed = 0;
    let last = -1;
    for (let i = 0; i < this.vars.length; i++) {
      const v = this.vars[i] as number;
      if (s.isFixed(v)) sum ^= s.value(v) & 1;
      else if (++unfixed > 1) return true;
      else last = i;
    }
    if (unfixed === 0) return sum === 0;
    return s.fix(this.vars[last] as number, sum);
  }
}

/** Posts ⊕ vars = parity (0 or 1); woken when any of its variables is fixed. */
export function postBoolXor(space: Space, vars: Int32Array, parity: number): number {
  const id = space.post(new BoolXor(vars, parity));
  for (const v of vars) space.watch(id, v, EV_FIX);
  return id;
}
