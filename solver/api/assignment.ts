import type { Instance } from '../formats/instance.js';

/**
 * A solution as a map from variable name to source value, the same shape for every format: the
 * problem's own names and labels where it has them (JSON models, XCSP3: `x[2]` → 7), otherwise
 * sudoku cells `r1c1` → 1..n, colouring vertices `1` → colour 1..K, CNF variables `1` → 0 | 1.
 */
export function assignment(inst: Instance, values: Int32Array): Record<string, number> {
  const { names, labels } = inst.problem;
  const side = inst.format === 'sudoku' ? Math.round(Math.sqrt(values.length)) : 0;
  // No prototype: a variable may be called `__proto__` or `constructor`.
  const out: Record<string, number> = Object.create(null);
  for (let i = 0; i < values.length; i++) {
    const a = values[i] as number;
    const name = names?.[i] ?? (side > 0 ? `r${Math.floor(i / side) + 1}c${(i % side) + 1}` : `${i + 1}`);
    // A sudoku cell's value index a is the number a + 1 (the letters of bigger grids are 10, 11, ...).
    out[name] = labels?.[i]?.[a] ?? a + 1;
  }
  return out;
}
