import { UserError } from '../../solver/api/user-error.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import type { Rng } from '../../solver/model/rng.js';
import type { Family, FamilyFlags } from './family.js';
import { intFlag, nodesFlag, realFlag } from './flags.js';
import { randomSolution } from './random-solution.js';
import { solutionLabels } from './record.js';
import { reduceGivens } from './reduce.js';

/**
 * Latin-square completion (quasigroup with holes): a random full latin square of order n (search
 * with random value choice) with a fraction `holes` of its cells emptied. Around 42 % holes is the
 * hard region of quasigroup completion. With `unique`, cells are emptied only while the square stays
 * the unique completion, so `meta.holes` may end below the requested fraction.
 * Written as a JSON model: one variable `rRcC` per cell over 1..n (a given has the single value),
 * and all-different over every row and column.
 */
export interface LatinParams {
  order: number;
  holes: number;
  unique: boolean;
  nodes: number;
}

/** The JSON model of an order-n square; `givens[i]` is a value index (label - 1) or -1 for a hole. */
export function latinModel(order: number, givens: Int32Array): Record<string, unknown> {
  const name = (r: number, c: number) => `r${r}c${c}`;
  const variables = Array.from(givens, (g, i) => {
    const v = name(Math.floor(i / order), i % order);
    return g < 0 ? { name: v, range: [1, order] } : { name: v, values: [g + 1] };
  });
  const line = (f: (k: number) => string) => ({ type: 'alldiff', vars: Array.from({ length: order }, (_, k) => f(k)) });
  const constraints = [];
  for (let r = 0; r < order; r++) constraints.push(line((c) => name(r, c)));
  for (let c = 0; c < order; c++) constraints.push(line((r) => name(r, c)));
  return { variables, constraints };
}

export const latinFamily: Family<LatinParams> = {
  name: 'latin',
  flags: ['size', 'holes', 'unique', 'nodes'],
  async params(f: FamilyFlags): Promise<LatinParams> {
    return {
      order: intFlag('size', f.size, 15, 2, 64),
      holes: realFlag('holes', f.holes, 0.42, 0, 1),
      unique: f.unique ?? false,
      nodes: nodesFlag(f.nodes),
    };
  },
  generate(rng: Rng, p: LatinParams) {
    const cells = p.order * p.order;
    const base = parseJsonModel(JSON.stringify(latinModel(p.order, new Int32Array(cells).fill(-1))), 'latin').problem;
    const solution = randomSolution(rng, base, p.nodes);
    if (!solution) throw new UserError(`no latin square of order ${p.order} within ${p.nodes} search nodes; raise --nodes`);
    const wanted = Math.round(p.holes * cells);
    let givens: Int32Array;
    if (p.unique) givens = reduceGivens(rng, base, solution, { target: cells - wanted, steps: 1, nodes: p.nodes }).givens;
    else {
      givens = solution.slice();
      for (const cell of rng.shuffle(Array.from({ length: cells }, (_, i) => i)).slice(0, wanted)) givens[cell] = -1;
    }
    let holes = 0;
    for (const g of givens) if (g < 0) holes++;
    return {
      family: 'latin',
      format: 'json',
      instance: latinModel(p.order, givens),
      solution: solutionLabels('json', base, solution),
      meta: { order: p.order, holes, holeFraction: holes / cells, unique: p.unique },
    };
  },
};
