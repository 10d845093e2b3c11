import type { Constraint, Problem } from '../../solver/model/problem.js';
import { wordsPerDomain } from '../../solver/model/problem.js';
import { checkSolution, constraintHolds } from '../../solver/search/checker.js';

/**
 * Enumerates every assignment of value indices in the initial domains, in lexicographic order, with
 * plain loops and the independent checker (solver/search/checker.ts): nothing from the solver is used.
 * A constraint is checked as soon as its last variable (highest index) is assigned, which only
 * prunes assignments that already violate it. Keeps the first `limit` solutions; counts all.
 */
export function bruteForce(p: Problem, limit = 1000): { count: number; solutions: Int32Array[] } {
  const n = p.domSize.length;
  const words = wordsPerDomain(p);
  const byLast: Constraint[][] = Array.from({ length: n }, () => []);
  for (const c of p.constraints) {
    const vs = c.kind === 'table' || c.kind === 'neq' ? [c.x, c.y] : Array.from(c.vars);
    // An empty clause is never satisfied.
    if (vs.length === 0) return { count: 0, solutions: [] };
    (byLast[Math.max(...vs)] as Constraint[]).push(c);
  }
  if (n === 0) return { count: 1, solutions: [new Int32Array(0)] };
  const values = new Int32Array(n).fill(-1);
  const solutions: Int32Array[] = [];
  let count = 0;
  let i = 0;
  while (i >= 0) {
    // Advance variable i to its next value in the initial domain (or retreat when exhausted).
    let v = (values[i] as number) + 1;
    const d = p.domSize[i] as number;
    while (v < d && !(((p.init[i * words + (v >>> 5)] as number) >>> (v & 31)) & 1)) v++;
    if (v >= d) {
      values[i] = -1;
      i--;
      continue;
    }
    values[i] = v;
    if (!(byLast[i] as Constraint[]).every((c) => constraintHolds(c, values, words))) continue;
    if (i < n - 1) {
      i++;
      continue;
    }
    count++;
    if (solutions.length < limit) solutions.push(values.slice());
  }
  return { count, solutions };
}

/** Whether `values` is a solution (the independent checker's verdict). */
export function satisfies(p: Problem, values: Int32Array): boolean {
  return checkSolution(p, values) === null;
}

/**
 * How many assignments of source values satisfy `holds`: every combination of `domains` (one list
 * of values per variable), enumerated as an odometer. Nothing from the solver or the parsers is used.
 */
export function countAssignments(domains: readonly (readonly number[])[], holds: (values: readonly number[]) => boolean): number {
  if (domains.some((d) => d.length === 0)) return 0;
  const at = new Array<number>(domains.length).fill(0);
  const values = domains.map((d) => d[0] as number);
  let count = 0;
  for (;;) {
    if (holds(values)) count++;
    let i = domains.length - 1;
    for (; i >= 0; i--) {
      const d = domains[i] as readonly number[];
      at[i] = ((at[i] as number) + 1) % d.length;
      values[i] = d[at[i] as number] as number;
      if (at[i] !== 0) break;
    }
    if (i < 0) return count;
  }
}
