import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import type { Rng } from '../../solver/model/rng.js';
import type { Family, FamilyFlags } from './family.js';
import { intFlag, nodesFlag, realFlag } from './flags.js';
import { searchedRecord } from './searched-record.js';

/**
 * Random 3-SAT: round(ratio · n) clauses, each over 3 distinct uniform variables with uniform signs;
 * ratio 4.26 is the satisfiability threshold. The solver looks for a solution within `nodes`
 * (`meta.status` sat / unsat / unknown; the solution is stored when found). With `planted`, a hidden
 * uniform assignment is drawn first and clauses it falsifies are redrawn (their signs), so every
 * instance is satisfiable and the hidden assignment is the stored solution.
 * Written as DIMACS CNF text; solution labels are 0/1 per variable.
 */
export interface CnfParams {
  vars: number;
  ratio: number;
  planted: boolean;
  nodes: number;
}

const WIDTH = 3;

export const cnfFamily: Family<CnfParams> = {
  name: 'cnf',
  flags: ['size', 'ratio', 'planted', 'nodes'],
  async params(f: FamilyFlags): Promise<CnfParams> {
    return {
      vars: intFlag('size', f.size, 100, WIDTH),
      ratio: realFlag('ratio', f.ratio, 4.26, 0, 1000),
      planted: f.planted ?? false,
      nodes: nodesFlag(f.nodes),
    };
  },
  generate(rng: Rng, p: CnfParams) {
    const hidden = p.planted ? Array.from({ length: p.vars }, () => rng.int(0, 1)) : undefined;
    const m = Math.round(p.ratio * p.vars);
    const pool = Array.from({ length: p.vars }, (_, i) => i);
    const lines: string[] = [];
    const lits = new Int32Array(WIDTH);
    for (let c = 0; c < m; c++) {
      // Partial Fisher-Yates: the first WIDTH entries of pool become distinct uniform variables.
      for (let k = 0; k < WIDTH; k++) {
        const j = rng.int(k, p.vars - 1);
        const t = pool[k] as number;
        pool[k] = pool[j] as number;
        pool[j] = t;
      }
      let satisfied: boolean;
      do {
        satisfied = hidden === undefined;
        for (let k = 0; k < WIDTH; k++) {
          const v = pool[k] as number;
          const positive = rng.int(0, 1) === 1;
          lits[k] = positive ? v + 1 : -(v + 1);
          if (hidden !== undefined && (hidden[v] === 1) === positive) satisfied = true;
        }
      } while (!satisfied);
      lines.push(`${lits.join(' ')} 0`);
    }
    const text = `p cnf ${p.vars} ${m}\n${lines.join('\n')}\n`;
    const meta: Record<string, unknown> = { vars: p.vars, clauses: m, ratio: p.ratio, planted: p.planted };
    if (hidden) return { family: 'cnf', format: 'cnf', instance: text, solution: hidden, meta: { ...meta, status: 'sat' } };
    return searchedRecord(rng, { family: 'cnf', format: 'cnf', instance: text, meta }, parseCnf(text, 'cnf').problem, p.nodes);
  },
};
