import type { Instance } from '../formats/instance.js';

/**
 * Variables and values in the input's own terms, the same way for every format: the problem's own
 * names and labels where it has them (JSON models, XCSP3: `x[2]` → 7), otherwise sudoku cells
 * `r1c1` → 1..n, colouring vertices `1` → colour 1..K, CNF variables `1` → 0 | 1.
 */

/** The name of variable `i`. */
export function variableName(inst: Instance, i: number): string {
  const own = inst.problem.names?.[i];
  if (own !== undefined) return own;
  if (inst.format !== 'sudoku') return `${i + 1}`;
  const side = Math.round(Math.sqrt(inst.problem.domSize.length));
  return `r${Math.floor(i / side) + 1}c${(i % side) + 1}`;
}

/** The source value of value index `a` of variable `i`; undefined when `a` is outside the variable's values. */
export function sourceValue(inst: Instance, i: number, a: number): number | undefined {
  if (a < 0 || a >= (inst.problem.domSize[i] as number)) return undefined;
  // Without labels (sudoku) value index a is the number a + 1 (the letters of bigger grids are 10, 11, ...).
  return inst.problem.labels?.[i]?.[a] ?? a + 1;
}

/** A solution (value indices) as a map from variable name to source value. */
export function assignment(inst: Instance, values: Int32Array): Record<string, number> {
  // No prototype: a variable may be called `__proto__` or `constructor`.
  const out: Record<string, number> = Object.create(null);
  for (let i = 0; i < values.length; i++) out[variableName(inst, i)] = sourceValue(inst, i, values[i] as number) as number;
  return out;
}
