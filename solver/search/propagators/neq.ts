import type { Store } from '../store.js';
import type { Propagator } from './propagator.js';
import { COST_CHEAP, WAKE_FIX } from './propagator.js';

/** x != y: once one side is fixed its value leaves the other (arc consistency for not-equal). */
export class NeqPropagator implements Propagator {
  readonly vars: Int32Array;
  readonly wake = WAKE_FIX;
  readonly cost = COST_CHEAP;

  constructor(
    private readonly x: number,
    private readonly y: number,
  ) {
    this.vars = x === y ? Int32Array.of(x) : Int32Array.of(x, y);
  }

  propagate(s: Store): boolean {
    if (this.x === this.y) return false;
    const a = s.fixedValue(this.x);
    if (a === -2 || (a >= 0 && !s.remove(this.y, a))) return false;
    const b = s.fixedValue(this.y);
    return b !== -2 && (b < 0 || s.remove(this.x, b));
  }
}
