import type { IntStore } from '../int-store.js';

/**
 * A branching decision on one variable and one value, and its alternatives in the order the search
 * tries them. EQ: x = a, then x ≠ a. LE: x ≤ a, then x > a. GT: x > a, then x ≤ a. EQ3, for an
 * interior value of an interval variable (where x ≠ a cannot be held): x = a, then x < a, then x > a.
 */
export const EQ = 0;
export const LE = 1;
export const GT = 2;
export const EQ3 = 3;

/** How many alternatives a decision kind has. */
export function alternatives(kind: number): number {
  return kind === EQ3 ? 3 : 2;
}

/** Applies alternative `alt` (0-based) of decision (kind, v, a); false when the domain empties. */
export function applyDecision(s: IntStore, kind: number, v: number, a: number, alt: number): boolean {
  switch (kind) {
    case EQ:
      return alt === 0 ? s.fix(v, a) : s.remove(v, a);
    case LE:
      return alt === 0 ? s.setMax(v, a) : s.setMin(v, a + 1);
    case GT:
      return alt === 0 ? s.setMin(v, a + 1) : s.setMax(v, a);
    default:
      return alt === 0 ? s.fix(v, a) : alt === 1 ? s.setMax(v, a - 1) : s.setMin(v, a + 1);
  }
}
