import type { Store } from '../store.js';

/** Wake on any narrowing of a watched variable. */
export const WAKE_DOM = 0;
/** Wake only when a watched variable becomes fixed (a singleton). */
export const WAKE_FIX = 1;

/** Runs in the first queue (cheap: linear in its variables' words). */
export const COST_CHEAP = 0;
/** Runs only when no cheap propagator is pending (matching-based all-different). */
export const COST_EXPENSIVE = 1;

/**
 * The shape every propagator shares (Gecode's): the engine wakes it when a watched variable changes
 * with the declared event, and `propagate` narrows domains in the store (reporting each narrowed
 * variable with `store.touch`) and returns false when the constraint cannot hold. Every propagator
 * here is idempotent (one run reaches its own fixpoint), so the engine does not re-wake a
 * propagator for the changes it made itself.
 */
export interface Propagator {
  /** Variables watched (each once). */
  readonly vars: Int32Array;
  /** WAKE_DOM or WAKE_FIX. */
  readonly wake: number;
  /** COST_CHEAP or COST_EXPENSIVE. */
  readonly cost: number;
  propagate(s: Store): boolean;
}
