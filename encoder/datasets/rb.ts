import { parseJsonModel } from '../../solver/formats/json-model.js';
import type { Rng } from '../../solver/model/rng.js';
import type { Family, FamilyFlags } from './family.js';
import { intFlag, nodesFlag, realFlag } from './flags.js';
import { searchedRecord } from './searched-record.js';

/**
 * Random binary CSPs of model RB (Xu & Li, 2000) with arity k = 2: n variables over domains of
 * size d = round(n^alpha); m = round(r · n · ln n) constraints, each on 2 distinct uniform variables
 * (scopes drawn independently, so they may repeat), each forbidding round(p · d²) value pairs drawn
 * uniformly without repetition. The threshold is at p_cr = 1 - exp(-alpha / r) (0.632 for the
 * defaults alpha = r = 0.8); at n = 20 the measured crossover is lower, near p = 0.57 (40/40 sat at
 * p = 0.5, the default; 33/40 at 0.55; 4/40 at 0.6). The solver looks for a solution within `nodes`
 * (`meta.status`).
 * Written as a JSON model: `x` of size n over 0..d-1 and one table of allowed pairs per constraint.
 */
export interface RbParams {
  vars: number;
  alpha: number;
  r: number;
  p: number;
  nodes: number;
}

export const rbFamily: Family<RbParams> = {
  name: 'rb',
  flags: ['size', 'alpha', 'ratio', 'tightness', 'nodes'],
  async params(f: FamilyFlags): Promise<RbParams> {
    return {
      vars: intFlag('size', f.size, 20, 2),
      alpha: realFlag('alpha', f.alpha, 0.8, 0.01, 3),
      r: realFlag('ratio', f.ratio, 0.8, 0, 100),
      p: realFlag('tightness', f.tightness, 0.5, 0, 1),
      nodes: nodesFlag(f.nodes),
    };
  },
  generate(rng: Rng, p: RbParams) {
    const n = p.vars;
    const d = Math.max(1, Math.round(n ** p.alpha));
    const m = Math.round(p.r * n * Math.log(n));
    const forbidden = Math.round(p.p * d * d);
    const pairs = Array.from({ length: d * d }, (_, i) => i);
    const constraints = [];
    for (let c = 0; c < m; c++) {
      const x = rng.int(0, n - 1);
      let y = rng.int(0, n - 2);
      if (y >= x) y++;
      // Partial Fisher-Yates: the first `forbidden` entries of pairs are the forbidden ones.
      for (let k = 0; k < forbidden; k++) {
        const j = rng.int(k, pairs.length - 1);
        const t = pairs[k] as number;
        pairs[k] = pairs[j] as number;
        pairs[j] = t;
      }
      const tuples = pairs
        .slice(forbidden)
        .sort((a, b) => a - b)
        .map((t) => [Math.floor(t / d), t % d]);
      constraints.push({ type: 'table', vars: [`x[${x}]`, `x[${y}]`], tuples });
    }
    const model = { variables: [{ name: 'x', size: n, domain: d }], constraints };
    const meta = { vars: n, domain: d, constraints: m, alpha: p.alpha, r: p.r, p: p.p };
    const problem = parseJsonModel(JSON.stringify(model), 'rb').problem;
    return searchedRecord(rng, { family: 'rb', format: 'json', instance: model, meta }, problem, p.nodes);
  },
};
