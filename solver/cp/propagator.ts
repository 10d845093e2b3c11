import type { IntStore } from './int-store.js';

/**
 * The shape every CP propagator shares (Gecode's): posted once into a Space, woken when a watched
 * variable changes with at least the event it watches (int-store.ts EV_*), and `propagate` narrows
 * domains through the store's methods and returns false when the constraint cannot hold. A
 * propagator need not be idempotent: changes it makes to its own variables wake it again. Its own
 * reversible state lives in store cells (`IntStore.newCells` / `setCell`), never in fields that a
 * backtrack would not undo. It must reject any full assignment that violates its constraint, also on
 * interval (non-bitmask) variables whose interior removals are no-ops.
 */
export interface CpPropagator {
  propagate(s: IntStore): boolean;
}

/** Runs in the first queue (linear or cheaper in its variables). */
export const CP_CHEAP = 0;
/** Runs only when no cheap propagator is pending (matchings, tables, cumulative). */
export const CP_EXPENSIVE = 1;

/**
 * A propagator told which of its variables changed (Space.advise), e.g. to keep sums incrementally.
 * Posted with Space.postAdvised, its runs are skipped while no change told to it matters.
 */
export interface Advised extends CpPropagator {
  /**
   * Called after a change of the variable registered with `tag`; updates only reversible cells.
   * Returns whether the change can let a run narrow anything (or fail).
   */
  advise(s: IntStore, tag: number): boolean;
  /**
   * Whether a run reaches its own fixpoint (Gecode's ES_FIX), so that the changes it makes itself
   * need not run it again.
   */
  readonly idempotent: boolean;
}
