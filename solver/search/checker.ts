import type { Constraint, Problem } from '../model/problem.js';
import { hasBit, wordsPerDomain } from '../model/problem.js';

/**
 * The independent solution checker: every test straight from the definitions in problem.ts, one
 * assignment at a time. It shares no code with the propagators on purpose, so that a propagator bug
 * cannot hide itself by being reused here.
 */

function allPairsDiffer(vars: Int32Array, values: Int32Array): boolean {
  for (let i = 0; i < vars.length; i++)
    for (let j = i + 1; j < vars.length; j++) if (values[vars[i] as number] === values[vars[j] as number]) return false;
  return true;
}

/** Whether constraint `c` holds under a complete assignment of value indices. */
export function constraintHolds(c: Constraint, values: Int32Array, words: number): boolean {
  switch (c.kind) {
    case 'table':
      return hasBit(c.rows, (values[c.x] as number) * words, values[c.y] as number);
    case 'neq':
      return values[c.x] !== values[c.y];
    case 'alldiff': {
      // Values below 32 as the bits of one word (a sudoku's 27 units took most of its check pairwise).
      let seen = 0;
      for (let i = 0; i < c.vars.length; i++) {
        const a = values[c.vars[i] as number] as number;
        if (a >= 32) return allPairsDiffer(c.vars, values);
        if ((seen >>> a) & 1) return false;
        seen |= 1 << a;
      }
      return true;
    }
    case 'clause':
      for (let k = 0; k < c.vars.length; k++) if (hasBit(c.sets, k * words, values[c.vars[k] as number] as number)) return true;
      return false;
  }
}

function describe(p: Problem, c: Constraint, values: Int32Array): string {
  const name = (v: number) => `${p.names?.[v] ?? `x${v}`}=${values[v]}`;
  switch (c.kind) {
    case 'table':
    case 'neq':
      return `${c.kind}(${name(c.x)}, ${name(c.y)})`;
    case 'alldiff':
    case 'clause':
      return `${c.kind}(${Array.from(c.vars, name).join(', ')})`;
  }
}

/** null when `values` (value indices) is a solution of `p`, else a message naming what is violated. */
export function checkSolution(p: Problem, values: Int32Array): string | null {
  const n = p.domSize.length;
  if (values.length !== n) return `solution has ${values.length} values for ${n} variables`;
  const words = wordsPerDomain(p);
  // Names are built only for a message: a string per variable made checking a sudoku a fifth slower.
  const name = (i: number) => p.names?.[i] ?? `x${i}`;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!(v >= 0 && v < (p.domSize[i] as number)))
      return `variable ${name(i)}: value index ${v} outside 0..${(p.domSize[i] as number) - 1}`;
    if (!hasBit(p.init, i * words, v)) return `variable ${name(i)}: value index ${v} not in its initial domain`;
  }
  for (let ci = 0; ci < p.constraints.length; ci++) {
    const c = p.constraints[ci] as Constraint;
    if (!constraintHolds(c, values, words)) return `constraint ${ci} ${describe(p, c, values)} violated`;
  }
  return null;
}
