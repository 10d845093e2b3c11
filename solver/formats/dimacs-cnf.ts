import { located } from '../api/user-error.js';
import type { ClauseConstraint } from '../model/problem.js';
import { fullDomains } from '../model/problem.js';
import { type Instance, MAX_VARIABLES } from './instance.js';

/**
 * DIMACS CNF: `c` comments, one `p cnf V C` header, then C clauses of non-zero literals each ended
 * by `0` (a clause may span lines; a line `%` ends the formula, as in SATLIB files). Variable x is a
 * 0/1 variable (value index 0 = false, 1 = true); literal `x` is `x ∈ {1}`, `-x` is `x ∈ {0}`.
 * Repeated literals merge, clauses with `x` and `-x` are dropped, and an empty clause makes the
 * formula unsatisfiable (kept as the two unit clauses x1 and -x1).
 */
export function parseCnf(text: string, file: string): Instance {
  let vars = -1;
  let declared = 0;
  let headerLine = 0;
  let found = 0;
  const clauses: ClauseConstraint[] = [];
  let lits: number[] = [];
  /** The clauses as listed, each ended by 0, for the source check. */
  const listed: number[] = [];
  let clauseLine = 0;
  const lines = text.split('\n');
  const finish = (lineNo: number) => {
    found++;
    if (found > declared) throw located(file, lineNo, `more than the ${declared} clauses the header declares`);
    for (const l of lits) listed.push(l);
    listed.push(0);
    const c = clauseOf(lits);
    if (c === 'empty') {
      if (vars === 0) throw located(file, lineNo, 'empty clause in a formula without variables');
      clauses.push(unit(0, 1), unit(0, 0));
    } else if (c) clauses.push(c);
    lits = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const t = (lines[i] as string).trim();
    if (t === '' || t[0] === 'c') continue;
    if (t === '%') break;
    const f = t.split(/\s+/);
    if (f[0] === 'p') {
      if (vars >= 0) throw located(file, lineNo, 'second problem line');
      if (f.length !== 4 || f[1] !== 'cnf' || !/^\d+$/.test(f[2] as string) || !/^\d+$/.test(f[3] as string))
        throw located(file, lineNo, "expected 'p cnf V C' with non-negative integers V and C");
      vars = Number(f[2]);
      if (vars > MAX_VARIABLES) throw located(file, lineNo, `more than ${MAX_VARIABLES} variables`);
      declared = Number(f[3]);
      headerLine = lineNo;
      continue;
    }
    if (vars < 0) throw located(file, lineNo, "clause before the 'p cnf V C' line");
    for (const tok of f) {
      if (!/^-?\d+$/.test(tok)) throw located(file, lineNo, `'${tok}' is not an integer literal`);
      const l = Number(tok);
      if (l === 0) {
        finish(lineNo);
        continue;
      }
      if (Math.abs(l) > vars) throw located(file, lineNo, `literal ${l} out of range: variables are 1..${vars}`);
      if (lits.length === 0) clauseLine = lineNo;
      lits.push(l);
    }
  }
  if (vars < 0) throw located(file, undefined, "missing 'p cnf V C' line");
  // A last clause without its terminating 0 still counts (many generators omit it).
  if (lits.length > 0) finish(clauseLine);
  if (found !== declared) throw located(file, headerLine, `header declares ${declared} clauses but the file has ${found}`);
  const domSize = new Int32Array(vars).fill(2);
  const binary = Int32Array.of(0, 1);
  const labelled = (values: Int32Array): number[] => Array.from(values, (b, i) => (b ? i + 1 : -(i + 1)));
  return {
    format: 'cnf',
    name: file,
    problem: { domSize, init: fullDomains(domSize), constraints: clauses, labels: Array.from({ length: vars }, () => binary) },
    source: { format: 'cnf', vars, clauses: Int32Array.from(listed) },
    render: (values) => `v ${[...labelled(values), 0].join(' ')}`,
    labelled,
  };
}

function unit(v: number, value: number): ClauseConstraint {
  return { kind: 'clause', vars: Int32Array.of(v), sets: Uint32Array.of(1 << value) };
}

/** The clause of DIMACS literals, null for a tautology, 'empty' for the empty clause. */
function clauseOf(lits: number[]): ClauseConstraint | null | 'empty' {
  if (lits.length === 0) return 'empty';
  const sign = new Map<number, number>();
  for (const l of lits) {
    const v = Math.abs(l) - 1;
    const bit = l > 0 ? 2 : 1;
    sign.set(v, (sign.get(v) ?? 0) | bit);
  }
  const vars = new Int32Array(sign.size);
  const sets = new Uint32Array(sign.size);
  let k = 0;
  for (const [v, bits] of sign) {
    if (bits === 3) return null;
    vars[k] = v;
    sets[k++] = bits;
  }
  return { kind: 'clause', vars, sets };
}
