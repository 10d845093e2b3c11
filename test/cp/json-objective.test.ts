import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../solver/api/user-error.js';
import { solveJsonModel } from '../../solver/cp/json/index.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import { Rng } from '../../solver/model/rng.js';
import { fixtures, softprop } from '../support/cli.js';
import { RELATIONS } from '../support/relations.js';

/**
 * JSON models with an `"objective"`, solved on the CP engine by branch and bound: the optimum of
 * small generated models against brute-force enumeration written here (the README's meaning of
 * each constraint, evaluated on source values).
 */

type Var = { name: string; values: number[] };
type Con =
  | { type: 'alldiff'; vars: string[] }
  | { type: 'neq'; vars: [string, string] }
  | { type: 'table'; vars: [string, string]; tuples: [number, number][] }
  | { type: 'relation'; op: string; vars: [string, string]; offset: number }
  | { type: 'clause'; literals: { var: string; in: number[] }[] };

function holds(c: Con, x: Record<string, number>): boolean {
  const v = (n: string) => x[n] as number;
  switch (c.type) {
    case 'alldiff':
      return new Set(c.vars.map(v)).size === c.vars.length;
    case 'neq':
      return v(c.vars[0]) !== v(c.vars[1]);
    case 'table':
      return c.tuples.some(([a, b]) => a === v(c.vars[0]) && b === v(c.vars[1]));
    case 'relation':
      return (RELATIONS[c.op] as (a: number, b: number) => boolean)(v(c.vars[0]), v(c.vars[1]) + c.offset);
    case 'clause':
      return c.literals.some((l) => l.in.includes(v(l.var)));
  }
}

/** A model of 4 or 5 variables over 3 or 4 values each, 3 to 5 constraints and a linear objective (its terms may repeat a variable). */
function randomModel(rng: Rng) {
  const n = rng.int(4, 5);
  const vars: Var[] = Array.from({ length: n }, (_, i) => {
    const lo = rng.int(-2, 2);
    const values = [lo, lo + 1, lo + 2, ...(rng.float() < 0.5 ? [lo + rng.int(3, 6)] : [])];
    return { name: `v${i}`, values };
  });
  const pick = () => (vars[rng.int(0, n - 1)] as Var).name;
  const two = (): [string, string] => [pick(), pick()];
  const cons: Con[] = [];
  for (let k = rng.int(3, 5); k > 0; k--) {
    const kind = rng.int(0, 4);
    if (kind === 0) cons.push({ type: 'alldiff', vars: [...new Set([pick(), pick(), pick()])] });
    else if (kind === 1) cons.push({ type: 'neq', vars: two() });
    else if (kind === 2)
      cons.push({ type: 'table', vars: two(), tuples: Array.from({ length: rng.int(2, 8) }, () => [rng.int(-2, 5), rng.int(-2, 5)]) });
    else if (kind === 3)
      cons.push({ type: 'relation', op: Object.keys(RELATIONS)[rng.int(0, 5)] as string, vars: two(), offset: rng.int(-2, 2) });
    else cons.push({ type: 'clause', literals: [0, 1].map(() => ({ var: pick(), in: [rng.int(-2, 4), rng.int(-2, 4)] })) });
  }
  const terms = Array.from({ length: rng.int(1, 4) }, () => pick());
  const coeffs = terms.map(() => rng.int(-3, 3));
  const constant = rng.int(-5, 5);
  const sense = rng.float() < 0.5 ? 'minimize' : 'maximize';
  const single = rng.float() < 0.25;
  const objective = single ? { [sense]: terms[0] } : { [sense]: { vars: terms, coeffs, constant } };
  const value = (x: Record<string, number>) =>
    single ? (x[terms[0] as string] as number) : terms.reduce((s, t, i) => s + (coeffs[i] as number) * (x[t] as number), constant);
  // Brute force over every assignment.
  let optimum: number | null = null;
  const x: Record<string, number> = {};
  const walk = (i: number): void => {
    if (i === n) {
      if (!cons.every((c) => holds(c, x))) return;
      const o = value(x);
      if (optimum === null || (sense === 'minimize' ? o < optimum : o > optimum)) optimum = o;
      return;
    }
    const v = vars[i] as Var;
    for (const a of v.values) {
      x[v.name] = a;
      walk(i + 1);
    }
  };
  walk(0);
  return {
    model: { variables: vars, constraints: cons, objective },
    optimum: optimum as number | null,
    value,
    holds: (s: Record<string, number>) => cons.every((c) => holds(c, s)),
  };
}

describe('JSON model objective (CP engine, branch and bound)', () => {
  it('the optimum of 150 generated models equals brute force; unsatisfiable ones are proved so', () => {
    const rng = Rng.seeded(11);
    const answers = { optimum: 0, unsat: 0 };
    for (let k = 0; k < 150; k++) {
      const { model, optimum, value, holds: ok } = randomModel(rng);
      const r = solveJsonModel(JSON.stringify(model), `m${k}.json`);
      const what = JSON.stringify(model);
      if (optimum === null) {
        expect(r.status, what).toBe('UNSATISFIABLE');
        answers.unsat++;
        continue;
      }
      answers.optimum++;
      expect(r.status, what).toBe('OPTIMUM FOUND');
      const last = r.last as NonNullable<typeof r.last>;
      const x = Object.fromEntries(last.names.map((n, i) => [n, last.values[i] as number]));
      expect(ok(x), what).toBe(true);
      expect(value(x), what).toBe(optimum);
      expect(last.objective, what).toBe(optimum);
    }
    expect(answers.optimum).toBeGreaterThan(50);
    expect(answers.unsat).toBeGreaterThan(10);
  });

  it('a bad objective is `file:line: problem`; the bitmask reader refuses an objective, naming the CP engine', () => {
    const model = (objective: string) =>
      `{\n"variables": [{"name": "x", "range": [0, 3]}, {"name": "y", "size": 2, "domain": 3}],\n"constraints": [],\n"objective": ${objective}\n}`;
    const bad: [string, RegExp][] = [
      ['{"minimise": "x"}', /^m\.json:4: "objective" is \{"minimize": x\} or/],
      ['{"minimize": "z"}', /^m\.json:4: unknown variable "z"$/],
      ['{"maximize": {"vars": ["x", "y"], "coeffs": [1, 2]}}', /^m\.json:4: "coeffs" must be 3 integers, one per variable of "vars"$/],
      ['{"maximize": {"vars": ["x"], "constant": 0.5}}', /^m\.json:4: "constant" must be an integer$/],
      ['{"minimize": "x", "maximize": "x"}', /^m\.json:4: "objective" is/],
      ['3', /^m\.json:1: "objective" is/],
    ];
    for (const [objective, message] of bad) {
      const run = () => solveJsonModel(model(objective), 'm.json');
      expect(run, objective).toThrow(UserError);
      expect(run, objective).toThrow(message);
    }
    expect(() => parseJsonModel(model('{"minimize": "x"}'), 'm.json')).toThrow(
      /^m\.json:4: "objective" needs the CP engine \(softprop solve gives it one\); the bitmask engine has none$/,
    );
    // y names its two elements: their sum.
    const r = solveJsonModel(model('{"maximize": {"vars": ["x", "y"], "coeffs": [1, 2, -1], "constant": 4}}'), 'm.json');
    expect([r.status, r.last?.objective]).toEqual(['OPTIMUM FOUND', 3 + 4 + 4]);
  });

  it('softprop solve: o lines, s OPTIMUM FOUND, the solution lines; --json with objective and optimal; a bad objective exits 1 with one line', () => {
    const dir = fixtures({
      'm.json':
        '{"variables": [{"name": "x", "values": [1, 5, 9]}, {"name": "y", "range": [0, 4]}],\n"constraints": [{"type": "relation", "op": "lt", "vars": ["x", "y"], "offset": 1}],\n"objective": {"maximize": {"vars": ["x", "y"], "coeffs": [2, -1]}}}',
      'bad.json': '{"variables": [{"name": "x", "domain": 2}],\n"objective": {"minimize": "q"}}',
    });
    const text = softprop(['solve', join(dir, 'm.json')]);
    expect(text.code, text.err).toBe(0);
    // x < y + 1 leaves x = 1 (x = 5 would need y = 5), so 2·1 − y is best at y = 1.
    expect(text.out).toMatch(/^o 1$\ns OPTIMUM FOUND\nx = 1\ny = 1\n/m);
    const json = JSON.parse(softprop(['solve', join(dir, 'm.json'), '--json']).out);
    expect(json).toMatchObject({ status: 'sat', decided: true, solution: { x: 1, y: 1 }, objective: 1, optimal: true });
    const bad = softprop(['solve', join(dir, 'bad.json')]);
    expect([bad.code, bad.err]).toEqual([1, `softprop: ${join(dir, 'bad.json')}:2: unknown variable "q"\n`]);
  });
});
