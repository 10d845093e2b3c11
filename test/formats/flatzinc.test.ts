import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FznAnnArg, FznExpr, FznModel, FznScalar } from '../../solver/formats/index.js';
import { findAnnotation, parseFlatZinc } from '../../solver/formats/index.js';

const dir = mkdtempSync(join(tmpdir(), 'softprop-fzn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Flattens a MiniZinc model with the Debian MiniZinc and Gecode (`make tools`), then reads the .fzn. */
function flatten(name: string, mzn: string): FznModel {
  const model = join(dir, `${name}.mzn`);
  const fzn = join(dir, `${name}.fzn`);
  writeFileSync(model, mzn);
  try {
    execFileSync('minizinc', ['--solver', 'gecode', '-c', '--fzn', fzn, model], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`minizinc could not flatten ${name}.mzn (install it with 'make tools'): ${(e as Error).message}`);
  }
  return parseFlatZinc(readFileSync(fzn, 'utf8'), fzn);
}

const named = (m: FznModel, name: string) => m.constraints.filter((c) => c.name === name);
const varName = (m: FznModel, s: FznScalar | FznAnnArg | undefined): string => {
  if (s?.kind !== 'var') throw new Error(`not a variable: ${JSON.stringify(s)}`);
  return (m.variables[s.id] as { name: string }).name;
};
const ints = (e: FznExpr | undefined): number[] => {
  if (e?.kind !== 'array') throw new Error(`not an array: ${JSON.stringify(e)}`);
  return e.items.map((s) => {
    if (s.kind !== 'int') throw new Error(`not an int: ${JSON.stringify(s)}`);
    return s.value;
  });
};
const vars = (m: FznModel, e: FznExpr | FznAnnArg | undefined): string[] => {
  if (e?.kind !== 'array') throw new Error(`not an array: ${JSON.stringify(e)}`);
  return e.items.map((s) => varName(m, s));
};
const array = (m: FznModel, name: string) => {
  const a = m.arrays.find((x) => x.name === name);
  if (!a) throw new Error(`no array ${name}`);
  return a;
};
const variable = (m: FznModel, name: string) => {
  const v = m.variables.find((x) => x.name === name);
  if (!v) throw new Error(`no variable ${name}`);
  return v;
};

describe('FlatZinc from MiniZinc 2.6', () => {
  it('n-queens: the board array with output_array, 3 disequalities per pair, and the search annotation', () => {
    const n = 8;
    const m = flatten(
      'queens',
      `int: n = ${n};\narray[1..n] of var 1..n: q;\n` +
        'constraint forall(i, j in 1..n where i < j)(q[i] != q[j] /\\ q[i] + i != q[j] + j /\\ q[i] - i != q[j] - j);\n' +
        'solve :: int_search(q, first_fail, indomain_min) satisfy;\n',
    );
    const q = array(m, 'q');
    expect(q.items).toHaveLength(n);
    expect(findAnnotation(q.annotations, 'output_array')?.args).toEqual([
      { kind: 'list', items: [{ kind: 'set', set: { kind: 'range', min: 1, max: n } }] },
    ]);
    for (const s of q.items) expect(s.kind === 'var' && m.variables[s.id]?.domain).toEqual({ kind: 'range', min: 1, max: n });
    const ne = named(m, 'int_lin_ne');
    expect(ne).toHaveLength((3 * n * (n - 1)) / 2);
    expect(m.constraints).toHaveLength(ne.length);
    // q[i] - q[j] != j - i for i = 1, j = 3: the diagonal through the first and third queens.
    const first = vars(m, { kind: 'array', items: q.items });
    expect(
      ne.some(
        (c) =>
          ints(c.args[0]).join() === '1,-1' &&
          vars(m, c.args[1]).join() === `${first[0]},${first[2]}` &&
          c.args[2]?.kind === 'int' &&
          c.args[2].value === 2,
      ),
    ).toBe(true);
    expect(m.solve.kind).toBe('satisfy');
    const search = findAnnotation(m.solve.annotations, 'int_search');
    expect(vars(m, search?.args[0])).toEqual(first);
    expect(search?.args.slice(1).map((a) => a.kind === 'ann' && a.name)).toEqual(['first_fail', 'indomain_min', 'complete']);
  });

  it('knapsack: int_lin_le over the weights, maximize the defined objective', () => {
    const m = flatten(
      'knapsack',
      'array[1..4] of int: w = [3, 4, 5, 9];\narray[1..4] of int: v = [4, 5, 7, 11];\narray[1..4] of var 0..3: x;\n' +
        'var int: value = sum(i in 1..4)(v[i] * x[i]);\nconstraint sum(i in 1..4)(w[i] * x[i]) <= 20;\nsolve maximize value;\n',
    );
    const x = array(m, 'x');
    expect(findAnnotation(x.annotations, 'output_array')).toBeDefined();
    const le = named(m, 'int_lin_le');
    expect(le).toHaveLength(1);
    expect(ints(le[0]?.args[0])).toEqual([3, 4, 5, 9]);
    expect(vars(m, le[0]?.args[1])).toEqual(vars(m, { kind: 'array', items: x.items }));
    expect(le[0]?.args[2]).toEqual({ kind: 'int', value: 20 });
    const eq = named(m, 'int_lin_eq');
    expect(eq).toHaveLength(1);
    expect(ints(eq[0]?.args[0])).toEqual([4, 5, 7, 11, -1]);
    expect(m.solve.kind).toBe('maximize');
    const objective = m.solve.kind === 'maximize' ? m.solve.objective : undefined;
    expect(varName(m, objective)).toBe('value');
    expect(findAnnotation(variable(m, 'value').annotations, 'is_defined_var')).toBeDefined();
    expect(varName(m, findAnnotation(eq[0]?.annotations ?? [], 'defines_var')?.args[0])).toBe('value');
  });

  it('scheduling: precedences as int_lin_le, a disjunction as half-reified int_lin_le, minimize the makespan', () => {
    const m = flatten(
      'schedule',
      'array[1..4] of int: d = [3, 2, 4, 1];\narray[1..4] of var 0..20: s;\nvar 0..30: makespan;\n' +
        'constraint s[1] + d[1] <= s[2];\nconstraint s[2] + d[2] <= s[4];\nconstraint forall(i in 1..4)(s[i] + d[i] <= makespan);\n' +
        'constraint s[1] + d[1] <= s[3] \\/ s[3] + d[3] <= s[1];\nsolve minimize makespan;\n',
    );
    expect(named(m, 'int_lin_le')).toHaveLength(6);
    expect(named(m, 'int_lin_le_imp')).toHaveLength(2);
    expect(named(m, 'array_bool_or')).toHaveLength(1);
    expect(m.predicates.map((p) => p.name)).toEqual(['int_lin_le_imp']);
    expect(m.predicates[0]?.params.map((p) => p.type)).toEqual([
      { array: true, var: false, base: 'int', domain: null },
      { array: true, var: true, base: 'int', domain: null },
      { array: false, var: false, base: 'int', domain: null },
      { array: false, var: true, base: 'bool', domain: null },
    ]);
    const makespan = variable(m, 'makespan');
    expect(makespan.domain).toEqual({ kind: 'range', min: 0, max: 30 });
    expect(findAnnotation(makespan.annotations, 'output_var')).toBeDefined();
    expect(m.solve.kind === 'minimize' && varName(m, m.solve.objective)).toBe('makespan');
    const introduced = m.variables.filter((v) => findAnnotation(v.annotations, 'var_is_introduced'));
    expect(introduced.map((v) => v.base)).toEqual(['bool', 'bool']);
  });

  it('Booleans: bool_clause with its positive and negative literals, and reification', () => {
    const m = flatten(
      'bools',
      'var bool: a;\nvar bool: b;\nvar bool: c;\nvar 0..9: x;\nvar 0..9: y;\nconstraint a \\/ not b \\/ c;\nconstraint not a \\/ b;\n' +
        'var bool: r = (x > 3);\nconstraint r <-> (y < x);\nsolve satisfy;\n',
    );
    const clauses = named(m, 'bool_clause').map((c) => [vars(m, c.args[0]), vars(m, c.args[1])]);
    expect(clauses).toEqual([
      [['a', 'c'], ['b']],
      [['b'], ['a']],
    ]);
    for (const name of ['a', 'b', 'c']) expect(variable(m, name)).toMatchObject({ base: 'bool', domain: null });
    const reif = m.constraints.filter((c) => c.name.endsWith('_reif'));
    expect(reif.length).toBeGreaterThanOrEqual(2);
    for (const c of reif) expect(varName(m, c.args[c.args.length - 1] as FznScalar)).toBe('r');
    expect(named(m, 'int_le_reif')[0]?.args.slice(0, 2)).toEqual([
      { kind: 'int', value: 4 },
      { kind: 'var', id: m.variables.indexOf(variable(m, 'x')) },
    ]);
  });

  it('a 2-d array keeps both index sets in output_array; seq_search nests int_search and bool_search', () => {
    const m = flatten(
      'grid',
      'array[1..3, 1..3] of var 1..9: g;\narray[1..3] of var bool: f;\nconstraint forall(i in 1..3)(sum(j in 1..3)(g[i, j]) = 15);\n' +
        'constraint forall(i in 1..3)(f[i] = (g[i, i] > 4));\n' +
        'solve :: seq_search([int_search(g, input_order, indomain_max), bool_search(f, input_order, indomain_min)]) satisfy;\n',
    );
    const g = array(m, 'g');
    expect(g.items).toHaveLength(9);
    const range = { kind: 'set', set: { kind: 'range', min: 1, max: 3 } };
    expect(findAnnotation(g.annotations, 'output_array')?.args).toEqual([{ kind: 'list', items: [range, range] }]);
    expect(array(m, 'f').base).toBe('bool');
    expect(named(m, 'int_lin_eq').map((c) => [ints(c.args[0]), c.args[2]])).toEqual(Array(3).fill([[1, 1, 1], { kind: 'int', value: 15 }]));
    const seq = findAnnotation(m.solve.annotations, 'seq_search');
    const list = seq?.args[0];
    expect(list?.kind === 'list' && list.items.map((a) => a.kind === 'ann' && a.name)).toEqual(['int_search', 'bool_search']);
    const boolSearch = list?.kind === 'list' ? list.items[1] : undefined;
    expect(boolSearch?.kind === 'ann' && vars(m, boolSearch.args[0])).toEqual(vars(m, { kind: 'array', items: array(m, 'f').items }));
  });
});

describe('FlatZinc declarations', () => {
  it('reads every domain form, set parameters, aliases and literal elements', () => {
    const m = parseFlatZinc(
      [
        '% a comment',
        'set of int: S = {7, 1, 3, 1};',
        'array [1..2] of set of int: T = [1..3, {}];',
        'bool: yes = true;',
        'int: big = -0x10;',
        'var int: u;',
        'var -5..5: v;',
        'var {9, 2}: w = 9;',
        'var bool: p;',
        'var int: alias = v;',
        'array [1..3] of var int: a = [u, 4, v];',
        'constraint set_in(u, S) :: domain;',
        'constraint int_le(big, u);',
        'constraint foo(T, yes, 0o17, 2..1, a, [p, false]);',
        'solve :: restart_geometric(1.5, 100) :: mzn_note("hi") minimize u;',
      ].join('\n'),
      'd.fzn',
    );
    expect(m.params.map((p) => [p.name, p.base, p.value])).toEqual([
      ['S', 'set of int', { kind: 'set', set: { kind: 'set', values: [1, 3, 7] } }],
      [
        'T',
        'set of int',
        [
          { kind: 'set', set: { kind: 'range', min: 1, max: 3 } },
          { kind: 'set', set: { kind: 'set', values: [] } },
        ],
      ],
      ['yes', 'bool', { kind: 'bool', value: true }],
      ['big', 'int', { kind: 'int', value: -16 }],
    ]);
    expect(m.variables.map((v) => [v.name, v.base, v.domain, v.value, v.line])).toEqual([
      ['u', 'int', null, null, 6],
      ['v', 'int', { kind: 'range', min: -5, max: 5 }, null, 7],
      ['w', 'int', { kind: 'set', values: [2, 9] }, { kind: 'int', value: 9 }, 8],
      ['p', 'bool', null, null, 9],
      ['alias', 'int', null, { kind: 'var', id: 1 }, 10],
    ]);
    expect(m.arrays[0]?.items).toEqual([
      { kind: 'var', id: 0 },
      { kind: 'int', value: 4 },
      { kind: 'var', id: 1 },
    ]);
    expect(m.constraints.map((c) => c.line)).toEqual([12, 13, 14]);
    expect(m.constraints[0]?.args[1]).toEqual({ kind: 'set', set: { kind: 'set', values: [1, 3, 7] } });
    expect(m.constraints[0]?.annotations).toEqual([{ kind: 'ann', name: 'domain', args: [] }]);
    expect(m.constraints[1]?.args[0]).toEqual({ kind: 'int', value: -16 });
    expect(m.constraints[2]?.args).toEqual([
      { kind: 'array', items: m.params[1]?.value },
      { kind: 'bool', value: true },
      { kind: 'int', value: 15 },
      { kind: 'set', set: { kind: 'range', min: 2, max: 1 } },
      { kind: 'array', items: m.arrays[0]?.items },
      {
        kind: 'array',
        items: [
          { kind: 'var', id: 3 },
          { kind: 'bool', value: false },
        ],
      },
    ]);
    expect(m.solve).toEqual({
      kind: 'minimize',
      objective: { kind: 'var', id: 0 },
      line: 15,
      annotations: [
        {
          kind: 'ann',
          name: 'restart_geometric',
          args: [
            { kind: 'float', value: 1.5 },
            { kind: 'int', value: 100 },
          ],
        },
        { kind: 'ann', name: 'mzn_note', args: [{ kind: 'string', value: 'hi' }] },
      ],
    });
  });

  it('refuses malformed FlatZinc with file:line', () => {
    const bad = (text: string) => () => parseFlatZinc(text, 'bad.fzn');
    const cases: [string, string][] = [
      ['var 1..3: x;\nconstraint int_le(x, 3)\nsolve satisfy;', "bad.fzn:3: expected ';', found 'solve'"],
      [
        'var 1..3: x;\nsolve satisfy;\nconstraint int_le(x, 3);',
        "bad.fzn:3: expected end of file after the solve item, found 'constraint'",
      ],
      ['var 1..3: x;\nconstraint int_le(x, 3);\n', 'bad.fzn:3: missing solve item'],
      ['var 1..3: x;\nconstraint int_le(y, 3);\nsolve satisfy;', "bad.fzn:2: undeclared identifier 'y'"],
      ['var 1..3: x;\nvar 1..3: x;\nsolve satisfy;', "bad.fzn:2: 'x' is already declared on line 1"],
      ['var float: f;\nsolve satisfy;', 'bad.fzn:1: float types and values are not supported (softprop solves over integers)'],
      [
        'var 1..3: x;\nconstraint float_le(1.5, x);\nsolve satisfy;',
        'bad.fzn:2: float types and values are not supported (softprop solves over integers)',
      ],
      ['var set of 1..3: s;\nsolve satisfy;', "bad.fzn:1: variable 's': set variables are not supported"],
      ['array [1..3] of var 1..3: a = [1, 2];\nsolve satisfy;', "bad.fzn:1: array 'a' is declared with 3 elements but is given 2"],
      ['array [0..3] of int: a = [1, 2, 3, 4];\nsolve satisfy;', "bad.fzn:1: expected an index set 1..n, found '0'"],
      ['array [1..2, 1..2] of int: a = [1, 2, 3, 4];\nsolve satisfy;', 'bad.fzn:1: arrays of more than one dimension are not FlatZinc'],
      ['int: n = true;\nsolve satisfy;', "bad.fzn:1: 'n' is of type int but is given a bool"],
      ['var bool: b;\nvar 1..3: x = b;\nsolve satisfy;', "bad.fzn:2: 'x' is of type int but is given a bool variable"],
      ['var 1..3: x;\nint: n = x;\nsolve satisfy;', "bad.fzn:2: parameter 'n' is given a variable"],
      ['int: n;\nsolve satisfy;', "bad.fzn:1: parameter 'n' has no value"],
      [
        'array [1..1] of var int: a = [1];\nvar 1..3: x;\nconstraint int_le(a[1], x);\nsolve satisfy;',
        "bad.fzn:3: array access 'a[…]' is not FlatZinc; pass the element itself",
      ],
      ['var 1..3: x;\nconstraint c([[x]]);\nsolve satisfy;', 'bad.fzn:2: arrays of arrays are not FlatZinc'],
      ['array [1..1] of int: a = [1];\nconstraint c([a]);\nsolve satisfy;', 'bad.fzn:2: arrays of arrays are not FlatZinc'],
      [
        'var 1..3: x;\nconstraint c(x);\nvar 1..3: y;\nsolve satisfy;',
        "bad.fzn:3: expected 'constraint' or 'solve', found 'var' (declarations come before the constraints)",
      ],
      ['var bool: b;\nsolve maximize b;', 'bad.fzn:2: the objective of maximize must be an int variable or an integer'],
      ['var 1..3: x;\nsolve find;', "bad.fzn:2: expected 'satisfy', 'minimize' or 'maximize', found 'find'"],
      ['var 1..3: x;\n\nconstraint c(x) :: mzn_note("open\n);\nsolve satisfy;', 'bad.fzn:3: unterminated string literal'],
      ['var 1..3: x # 2;\nsolve satisfy;', "bad.fzn:1: unexpected character '#'"],
      [
        'int: n = 99999999999999999999;\nsolve satisfy;',
        'bad.fzn:1: integer 99999999999999999999 is out of range (beyond ±9007199254740991)',
      ],
      ['var 1..3: x;\nconstraint c(x, "s");\nsolve satisfy;', 'bad.fzn:2: a string is allowed only in an annotation'],
      ['var 1..3: x;\nconstraint c(x,);\nsolve satisfy;', "bad.fzn:2: expected an expression, found ')'"],
      ['var 1..3: x;\nconstraint c(x y);\nsolve satisfy;', "bad.fzn:2: expected ',' or ')', found 'y'"],
      ['var 1..3: int;\nsolve satisfy;', "bad.fzn:1: expected a name, found 'int'"],
      ['var 1..3: x :: 5;\nsolve satisfy;', "bad.fzn:1: expected an annotation, found '5'"],
      ['set of 1..3: S = {1};\nsolve satisfy;', "bad.fzn:1: parameter 'S': a parameter's type is int, bool or set of int"],
      ['var 1..: x;\nsolve satisfy;', "bad.fzn:1: expected an integer for the upper bound of a range, found ':'"],
      ['var __: x;\nsolve satisfy;', "bad.fzn:1: identifier '__' has no letter"],
      ['int: n = 0o19;\nsolve satisfy;', "bad.fzn:1: malformed integer '0o19'"],
      [`solve :: a(${'['.repeat(70)}${']'.repeat(70)}) satisfy;`, 'bad.fzn:1: annotation nested deeper than 64 levels'],
    ];
    for (const [text, message] of cases) expect(bad(text), text).toThrow(message);
    const messages = cases.map(([text]) => {
      try {
        parseFlatZinc(text, 'bad.fzn');
        return '';
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(new Set(messages)).toEqual(new Set(['UserError']));
  });

  it('reads a long array and many constraints in one pass', () => {
    const n = 100_000;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(`var 0..9: x${i};`);
    lines.push(`array [1..${n}] of var int: xs :: output_array([1..${n}]) = [${Array.from({ length: n }, (_, i) => `x${i}`).join(',')}];`);
    for (let i = 1; i < n; i++) lines.push(`constraint int_lin_le([1,-1],[x${i - 1},x${i}],${i % 7}) :: domain;`);
    lines.push(`solve :: int_search(xs, first_fail, indomain_min) minimize x${n - 1};`);
    const m = parseFlatZinc(lines.join('\n'), 'big.fzn');
    expect(m.variables).toHaveLength(n);
    expect(m.arrays[0]?.items).toHaveLength(n);
    expect(m.constraints).toHaveLength(n - 1);
    const last = m.constraints[n - 2];
    expect(last?.line).toBe(2 * n);
    expect(last?.args[1]).toEqual({
      kind: 'array',
      items: [
        { kind: 'var', id: n - 2 },
        { kind: 'var', id: n - 1 },
      ],
    });
    expect(last?.args[2]).toEqual({ kind: 'int', value: (n - 1) % 7 });
    expect(m.solve.line).toBe(2 * n + 1);
  });
});
