import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import { Rng } from '../../solver/model/rng.js';
import { RELATIONS } from '../support/relations.js';

type Model = { variables: { name: string; values: number[] }[]; constraints: Record<string, unknown>[] };

/** The model's constraints evaluated on an assignment of source values, straight from the format's definition. */
function holds(m: Model, a: Record<string, number>): boolean {
  return m.constraints.every((c) => {
    const vs = (c.vars ?? []) as string[];
    const v = vs.map((n) => a[n] as number);
    switch (c.type) {
      case 'alldiff':
        return new Set(v).size === v.length;
      case 'neq':
        return v[0] !== v[1];
      case 'table':
        return (c.tuples as number[][]).some((t) => t[0] === v[0] && t[1] === v[1]);
      case 'relation':
        return (RELATIONS[c.op as string] as (a: number, b: number) => boolean)(v[0] as number, (v[1] as number) + (c.offset as number));
      default:
        return (c.literals as { var: string; in: number[] }[]).some((l) => l.in.includes(a[l.var] as number));
    }
  });
}

function randomModel(rng: Rng): Model {
  const n = rng.int(2, 4);
  const variables = Array.from({ length: n }, (_, i) => {
    const values = [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(-3, 8)))];
    return { name: `v${i}`, values };
  });
  const pick = () => `v${rng.int(0, n - 1)}`;
  const two = () => {
    const x = rng.int(0, n - 1);
    const y = (x + rng.int(1, n - 1)) % n;
    return [`v${x}`, `v${y}`];
  };
  const constraints = Array.from({ length: rng.int(1, 4) }, (): Record<string, unknown> => {
    switch (rng.int(0, 4)) {
      case 0:
        return { type: 'alldiff', vars: rng.shuffle(variables.map((v) => v.name)).slice(0, rng.int(2, n)) };
      case 1:
        return { type: 'neq', vars: two() };
      case 2:
        return { type: 'table', vars: two(), tuples: Array.from({ length: rng.int(0, 6) }, () => [rng.int(-3, 8), rng.int(-3, 8)]) };
      case 3:
        return { type: 'relation', op: Object.keys(RELATIONS)[rng.int(0, 5)], vars: two(), offset: rng.int(-2, 2) };
      default:
        return {
          type: 'clause',
          literals: Array.from({ length: rng.int(1, 3) }, () => ({ var: pick(), in: [rng.int(-3, 8), rng.int(-3, 8)] })),
        };
    }
  });
  return { variables, constraints };
}

function bruteForce(m: Model): string[] {
  const out: string[] = [];
  const a: Record<string, number> = {};
  const rec = (i: number) => {
    if (i === m.variables.length) {
      if (holds(m, a)) out.push(JSON.stringify(a));
      return;
    }
    const v = m.variables[i] as Model['variables'][number];
    for (const x of v.values) {
      a[v.name] = x;
      rec(i + 1);
    }
  };
  rec(0);
  return out.sort();
}

describe('JSON model', () => {
  it('matches brute force on random models over mixed value sets', () => {
    const rng = Rng.seeded(3);
    for (let t = 0; t < 150; t++) {
      const m = randomModel(rng);
      const [r] = [...solveText(JSON.stringify(m, null, 1), 'm.json', { all: true })];
      const found = (r?.solutions ?? []).map((s) => JSON.stringify(r?.instance.labelled(s))).sort();
      // Keys come out in variable order, as the brute force builds them.
      expect(found).toEqual(bruteForce(m));
    }
  });

  it('all-different over different value sets shares one index space with holes', () => {
    const inst = parseJsonModel(
      '{"variables":[{"name":"a","values":[1,5]},{"name":"b","values":[5,9]}],"constraints":[{"type":"alldiff","vars":["a","b"]}]}',
      'h.json',
    );
    expect(Array.from(inst.problem.domSize)).toEqual([3, 3]);
    expect(Array.from(inst.problem.init)).toEqual([0b011, 0b110]);
    expect(inst.problem.constraints[0]?.kind).toBe('alldiff');
  });

  it('arrays expand by name; the demo model solves', () => {
    const [r] = [...solveText(readFileSync('cli/demo/workshop.json', 'utf8'), 'workshop.json', { count: true })];
    expect(r?.status).toBe('sat');
    expect(r?.count).toBeGreaterThan(0);
  });

  it('reports errors at the line of the offending object', () => {
    const bad = (text: string) => () => parseJsonModel(text, 'm.json');
    expect(
      bad('{\n "variables": [\n  {"name": "x", "domain": 2}\n ],\n "constraints": [\n  {"type": "neq", "vars": ["x", "y"]}\n ]\n}'),
    ).toThrow('m.json:6: unknown variable "y"');
    expect(bad('{\n "variables": [\n  {"name": "x", "domain": 0}\n ]\n}')).toThrow(
      'm.json:3: variable x: "domain" must be a positive integer',
    );
    expect(bad('{\n "variables": [\n  {"name": "x", "domain": 2}\n ],\n "constraints": [\n  {"type": "sum"}\n ]\n}')).toThrow(
      'm.json:6: unknown constraint type "sum"; expected alldiff, neq, table, relation or clause',
    );
    expect(
      bad('{"variables": [{"name": "x", "domain": 2}],\n "constraints": [{"type": "relation", "op": "lt", "vars": ["x", "x", "x"]}]}'),
    ).toThrow('m.json:2: a relation constraint takes exactly 2 variables, got 3');
    expect(bad('{\n "variables": [\n  {"name": "x" "domain": 2}\n ]\n}')).toThrow(
      "m.json:3: JSON syntax: unexpected '\"'; expected ',' or '}'",
    );
    expect(bad('{\n "variables": [')).toThrow('m.json:2: JSON syntax: unexpected end of input');
    expect(bad('{"variables": [\n{"name": "x", "values": [1, 3000000000]}]}')).toThrow(
      'm.json:2: variable x: value 3000000000 is not a 32-bit integer',
    );
    expect(bad('[1, 2]')).toThrow('m.json:1: a JSON model is an object with "variables" and "constraints"');
    expect(bad('{"variables": [{"name": "x", "domain": 2}, {"name": "x", "domain": 2}]}')).toThrow('m.json:1: duplicate variable x');
  });
});
