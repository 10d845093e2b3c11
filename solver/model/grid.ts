import type { AllDiffConstraint } from './problem.js';

/**
 * The units of a sudoku grid of box size `box` (side n = box², cells numbered row by row): its n
 * rows, n columns and n boxes, in that order, as one flat array of 3n units of n cells each.
 */
export function gridUnits(box: number): Int32Array {
  const side = box * box;
  const units = new Int32Array(3 * side * side);
  for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) units[r * side + c] = r * side + c;
  for (let c = 0; c < side; c++) for (let r = 0; r < side; r++) units[(side + c) * side + r] = r * side + c;
  for (let b = 0; b < side; b++) {
    const r0 = Math.floor(b / box) * box;
    const c0 = (b % box) * box;
    for (let k = 0; k < side; k++) units[(2 * side + b) * side + k] = (r0 + Math.floor(k / box)) * side + c0 + (k % box);
  }
  return units;
}

/**
 * One constraint list per box size, shared by every grid of that size so a search context reuses
 * one engine for all of them. A memo of immutable values: the lists are frozen, so a caller that
 * pushes onto a grid problem's constraints fails there instead of changing every other grid.
 */
const shared = new Map<number, AllDiffConstraint[]>();

/** The units of `gridUnits(box)` as all-different constraints (the shared, frozen list). */
export function gridConstraints(box: number): AllDiffConstraint[] {
  const cached = shared.get(box);
  if (cached) return cached;
  const side = box * box;
  const units = gridUnits(box);
  const out: AllDiffConstraint[] = [];
  for (let u = 0; u < 3 * side; u++) out.push(Object.freeze({ kind: 'alldiff', vars: units.slice(u * side, (u + 1) * side) }));
  Object.freeze(out);
  shared.set(box, out);
  return out;
}
