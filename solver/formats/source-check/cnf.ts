/**
 * An assignment (one DIMACS literal per variable, ±v at v-1) against the clauses as listed (each
 * ended by 0): every clause holds one of the assignment's literals.
 */
export function checkCnfSolution(vars: number, clauses: Int32Array, assignment: readonly number[]): string | null {
  if (assignment.length !== vars) return `solution assigns ${assignment.length} variables, the formula has ${vars}`;
  for (let v = 1; v <= vars; v++) {
    const l = assignment[v - 1];
    if (l !== v && l !== -v) return `solution literal ${l} at position ${v} is not ${v} or -${v}`;
  }
  let start = 0;
  let clause = 1;
  let holds = false;
  for (let k = 0; k < clauses.length; k++) {
    const l = clauses[k] as number;
    if (l !== 0) {
      if (assignment[Math.abs(l) - 1] === l) holds = true;
      continue;
    }
    if (!holds) return `clause ${clause} (${Array.from(clauses.subarray(start, k)).join(' ')} 0) is false`;
    holds = false;
    start = k + 1;
    clause++;
  }
  return null;
}
