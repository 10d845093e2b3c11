import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Poster } from '../../solver/cp/builtins/poster.js';
import { builtins } from '../../solver/cp/builtins/registry.js';
import {
  buildFznSpace,
  checkFznSolution,
  endLines,
  FznCheckError,
  type FznSolution,
  meaningOf,
  searchPlan,
  solveFlatZinc,
} from '../../solver/cp/fzn/index.js';
import { SOLVER_ID, solverConfig } from '../../solver/cp/fzn/solver-config.js';
import { INT_MAX, INT_MIN } from '../../solver/cp/int-store.js';
import { parseFlatZinc } from '../../solver/formats/flatzinc/index.js';
import { fixtures, softprop } from '../support/cli.js';

/** x + y = 4 over 0..3 with x < y: (1, 3) is the one solution; output x, y and the array. */
const SMALL = `var 0..3: x :: output_var;
var 0..3: y :: output_var;
var bool: b :: output_var;
array [1..2] of var int: xy :: output_array([1..2]) = [x, y];
constraint int_lin_eq([1, 1], [x, y], 4);
constraint int_lt(x, y);
constraint int_le_reif(y, 2, b);
solve satisfy;
`;

function solutions(
  text: string,
  options: Parameters<typeof solveFlatZinc>[2] = {},
): { texts: string[]; result: ReturnType<typeof solveFlatZinc> } {
  const texts: string[] = [];
  const result = solveFlatZinc(text, 'm.fzn', { ...options, onSolution: (s: FznSolution) => texts.push(s.text) });
  return { texts, result };
}

describe('FlatZinc to Space', () => {
  it('declared domains, bools, unbounded ints, aliases and literals', () => {
    const model = parseFlatZinc(
      `var {1, 4, 6}: s;\nvar bool: b;\nvar int: u;\nvar 2..5: a = s;\nvar 0..9: k = 7;\nvar int: w :: output_var = u;\nsolve satisfy;\n`,
      'm.fzn',
    );
    const { space, varOf, failed } = buildFznSpace(model, 'm.fzn');
    const st = space.store;
    expect(failed).toBe(false);
    const [s, b, u, a, k, w] = Array.from(varOf);
    // The alias a = s is s itself, narrowed to a's declared 2..5: only 4 is left.
    expect(a).toBe(s);
    expect([st.min(s as number), st.max(s as number)]).toEqual([4, 4]);
    expect([st.min(b as number), st.max(b as number)]).toEqual([0, 1]);
    expect([st.min(u as number), st.max(u as number), st.hasWindow(u as number)]).toEqual([INT_MIN, INT_MAX, false]);
    expect(w).toBe(u);
    expect(st.isFixed(k as number) && st.value(k as number)).toBe(7);
  });

  it('holes of a declared set are exact on a bitmask variable', () => {
    const model = parseFlatZinc('var {1, 3, 9}: s;\nsolve satisfy;\n', 'm.fzn');
    const { space, varOf } = buildFznSpace(model, 'm.fzn');
    const s = varOf[0] as number;
    expect([1, 2, 3, 4, 9].map((x) => space.store.contains(s, x))).toEqual([true, false, true, false, true]);
  });

  it('a literal outside its declared domain makes the model unsatisfiable', () => {
    const r = solveFlatZinc('var 1..3: x = 5;\nsolve satisfy;\n', 'm.fzn');
    expect(r.status).toBe('unsatisfiable');
    expect(endLines(r, false)).toEqual(['=====UNSATISFIABLE=====']);
  });

  it('an unknown builtin is refused at its line', () => {
    expect(() => solveFlatZinc('var 1..3: x;\n\nconstraint no_such_thing(x);\nsolve satisfy;\n', 'm.fzn')).toThrow(
      'm.fzn:3: unsupported builtin no_such_thing',
    );
  });

  it('search annotations become BranchSpecs in order; unknown selectors are reported', () => {
    const model = parseFlatZinc(
      `var 1..3: x;\nvar 1..3: y;\nvar bool: b;\narray [1..2] of var int: xs = [x, y];\n` +
        `solve :: seq_search([int_search(xs, first_fail, indomain_split, complete), bool_search([b], input_order, indomain_max, complete), int_search([y], impact, indomain_min, complete)]) satisfy;\n`,
      'm.fzn',
    );
    const { varOf } = buildFznSpace(model, 'm.fzn');
    const plan = searchPlan(model.solve.annotations, varOf);
    expect(plan.branches.map((b) => [Array.from(b.vars), b.varSelect, b.valSelect])).toEqual([
      [[varOf[0], varOf[1]], 'first_fail', 'indomain_split'],
      [[varOf[2]], 'input_order', 'indomain_max'],
      [[varOf[1]], 'dom_w_deg', 'indomain_min'],
    ]);
    expect(plan.ignored).toEqual(['int_search: variable choice impact (dom_w_deg used)']);
  });
});

describe('solveFlatZinc', () => {
  it('prints output_var and output_array items, bools as true/false', () => {
    const { texts, result } = solutions(SMALL, { all: true });
    expect(texts).toEqual(['x = 1;\ny = 3;\nb = false;\nxy = array1d(1..2, [1, 3]);']);
    expect(result.status).toBe('all');
    expect(endLines(result, false)).toEqual(['==========']);
  });

  it('a 2-d output array keeps its index sets', () => {
    const text = `var 1..2: a;\nvar 1..2: b;\narray [1..4] of var int: m :: output_array([0..1, 1..2]) = [a, b, 2, 1];\nconstraint int_ne(a, b);\nconstraint int_le(a, 1);\nsolve satisfy;\n`;
    expect(solutions(text).texts).toEqual(['m = array2d(0..1, 1..2, [1, 2, 2, 1]);']);
  });

  it('-n and -a: first solution, then all of them', () => {
    const text = `var 1..3: x :: output_var;\nvar 1..3: y :: output_var;\nconstraint int_ne(x, y);\nsolve satisfy;\n`;
    const one = solutions(text);
    expect([one.texts.length, one.result.status]).toEqual([1, 'satisfied']);
    const two = solutions(text, { solutions: 2 });
    expect(two.texts.length).toBe(2);
    const all = solutions(text, { all: true });
    expect(new Set(all.texts).size).toBe(6);
    expect(all.result.status).toBe('all');
  });

  it('-a and -n list each output once: non-output variables get one completion', () => {
    // b1 -> x != y and b2 -> x < 3 leave b1, b2 free on most (x, y): 9 outputs, 20 full assignments.
    // The annotation branches on the non-output b1 first, which must not split an output in two.
    const text = `var 1..3: x :: output_var;\nvar 1..3: y :: output_var;\nvar bool: b1;\nvar bool: b2;\nconstraint int_ne_imp(x, y, b1);\nconstraint int_le_imp(x, 2, b2);\nsolve :: seq_search([bool_search([b1, b2], input_order, indomain_max, complete), int_search([y, x], input_order, indomain_max, complete)]) satisfy;\n`;
    const every = Array.from({ length: 9 }, (_, k) => `x = ${1 + Math.floor(k / 3)};\ny = ${1 + (k % 3)};`).sort();
    for (const free of [false, true]) {
      const all = solutions(text, { all: true, free });
      expect([...all.texts].sort()).toEqual(every);
      expect(all.result.status).toBe('all');
      const some = solutions(text, { solutions: 5, free });
      expect(new Set(some.texts).size).toBe(5);
    }
  });

  it('minimize: each solution improves, the last is proved optimal', () => {
    // min 3x + 2y subject to x + y >= 5, x, y in 0..5: optimum 10 at (0, 5).
    const text = `var 0..5: x :: output_var;\nvar 0..5: y :: output_var;\nvar 0..100: z :: output_var;\nconstraint int_lin_le([-1, -1], [x, y], -5);\nconstraint int_lin_eq([3, 2, -1], [x, y, z], 0);\nsolve :: int_search([x, y], input_order, indomain_max, complete) minimize z;\n`;
    const objectives: number[] = [];
    const r = solveFlatZinc(text, 'm.fzn', { onSolution: (s) => objectives.push(s.objective as number) });
    expect(r.status).toBe('optimal');
    expect(objectives.at(-1)).toBe(10);
    expect(objectives.length).toBeGreaterThan(1);
    for (let i = 1; i < objectives.length; i++) expect(objectives[i]).toBeLessThan(objectives[i - 1] as number);
    const stats = endLines(r, true);
    expect(stats[0]).toBe('==========');
    expect(stats.slice(1).map((l) => l.replace(/=.*/, ''))).toEqual([
      '%%%mzn-stat: nodes',
      '%%%mzn-stat: failures',
      '%%%mzn-stat: propagations',
      '%%%mzn-stat: peakDepth',
      '%%%mzn-stat: solutions',
      '%%%mzn-stat: objective',
      '%%%mzn-stat: solveTime',
      '%%%mzn-stat-end',
    ]);
    expect(stats).toContain('%%%mzn-stat: objective=10');
  });

  it('an interrupt while the model is posted reports UNKNOWN', () => {
    const r = solveFlatZinc(SMALL, 'm.fzn', { stop: { stopped: true } });
    expect([r.status, r.solutions]).toEqual(['unknown', 0]);
    expect(endLines(r, false)).toEqual(['=====UNKNOWN=====']);
  });

  it('is reproducible for a seed under free search', () => {
    const vars = [1, 2, 3, 4, 5, 6].map((i) => `var 1..6: q${i};`).join('\n');
    const model = `${vars}\narray [1..6] of var int: q :: output_array([1..6]) = [q1, q2, q3, q4, q5, q6];\nconstraint fzn_all_different_int(q);\nconstraint int_lin_le([1, 1], [q1, q2], 6);\nsolve satisfy;\n`;
    const a = solutions(model, { free: true, seed: 7, all: true }).texts;
    expect(a.length).toBeGreaterThan(0);
    expect(solutions(model, { free: true, seed: 7, all: true }).texts).toEqual(a);
  });
});

describe('the independent solution check', () => {
  const model = parseFlatZinc(SMALL, 'm.fzn');
  it('accepts a solution and names the first violated constraint of a wrong one', () => {
    expect(checkFznSolution(model, Int32Array.from([1, 3, 0]))).toBeNull();
    expect(checkFznSolution(model, Int32Array.from([2, 2, 1]))).toBe('line 6: int_lt(2, 2) is violated');
    expect(checkFznSolution(model, Int32Array.from([1, 3, 1]))).toBe('line 7: int_le_reif(3, 2, 1) is violated');
    expect(checkFznSolution(model, Int32Array.from([0, 4, 0]))).toBe('line 2: y = 4 is outside its declared domain');
  });

  it('stops a solution a broken propagator lets through (FznCheckError, exit 2 in the CLI)', () => {
    const table = builtins as Record<string, Poster>;
    const saved = table.int_lt as Poster;
    table.int_lt = () => {}; // posts nothing: every pair is a "solution"
    try {
      expect(() => solveFlatZinc('var 1..2: x;\nvar 1..2: y;\nconstraint int_lt(y, x);\nsolve satisfy;\n', 'm.fzn')).toThrow(
        new FznCheckError('m.fzn: a solution fails its check: line 3: int_lt(1, 1) is violated'),
      );
    } finally {
      table.int_lt = saved;
    }
  });

  it('knows every builtin of the registry', () => {
    expect(Object.keys(builtins).filter((n) => meaningOf(n) === undefined)).toEqual([]);
  });

  it('derives reified and half-reified meanings', () => {
    const ints = (xs: number[]) => ({ kind: 'array' as const, items: xs.map((value) => ({ kind: 'int' as const, value })) });
    const int = (value: number) => ({ kind: 'int' as const, value });
    const holds = (name: string, args: ReturnType<typeof int | typeof ints>[]) =>
      checkFznSolution({ ...model, variables: [], constraints: [{ name, args, annotations: [], line: 1 }] }, new Int32Array(0)) === null;
    expect(holds('int_lin_le_reif', [ints([1, 1]), ints([2, 3]), int(5), int(1)])).toBe(true);
    expect(holds('int_lin_le_reif', [ints([1, 1]), ints([2, 3]), int(4), int(1)])).toBe(false);
    expect(holds('int_lin_le_imp', [ints([1, 1]), ints([2, 3]), int(4), int(0)])).toBe(true);
    expect(holds('array_bool_and_imp', [ints([1, 0]), int(1)])).toBe(false);
    expect(holds('array_bool_or', [ints([1, 0]), int(1)])).toBe(true);
    expect(holds('bool_clause', [ints([0]), ints([1])])).toBe(false);
    expect(holds('int_div', [int(-7), int(2), int(-3)])).toBe(true);
    expect(holds('int_mod', [int(-7), int(2), int(-1)])).toBe(true);
    expect(holds('fzn_cumulative', [ints([0, 1]), ints([2, 2]), ints([2, 2]), int(3)])).toBe(false);
    expect(holds('fzn_circuit', [ints([2, 3, 1])])).toBe(true);
    expect(holds('fzn_circuit', [ints([2, 1, 3])])).toBe(false);
    // f over 0..2 and its inverse over 5..7: f(0) = 6 ⇔ g(6) = 0, …
    expect(holds('softprop_inverse', [ints([6, 5, 7]), int(0), ints([1, 0, 2]), int(5)])).toBe(true);
    expect(holds('softprop_inverse', [ints([6, 5, 7]), int(0), ints([0, 1, 2]), int(5)])).toBe(false);
  });
});

describe('softprop fzn, solve and minizinc-register', () => {
  it('prints solutions, the completion line and statistics', () => {
    const dir = fixtures({ 'm.fzn': SMALL });
    const r = softprop(['fzn', '-a', '-s', join(dir, 'm.fzn')]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 6)).toEqual([
      'x = 1;',
      'y = 3;',
      'b = false;',
      'xy = array1d(1..2, [1, 3]);',
      '----------',
      '==========',
    ]);
    expect(r.out).toMatch(/%%%mzn-stat: nodes=\d+\n/);
    expect(r.out.trimEnd().endsWith('%%%mzn-stat-end')).toBe(true);
    expect(softprop(['solve', join(dir, 'm.fzn'), '--all']).out).toBe(r.out.replace(/%%%mzn-stat[^\n]*\n/g, ''));
  });

  it('says UNSATISFIABLE, and refuses an unknown builtin on one line with exit 1', () => {
    const dir = fixtures({
      'u.fzn': 'var 1..2: x;\nconstraint int_lt(x, 1);\nsolve satisfy;\n',
      'b.fzn': 'var 1..2: x;\nconstraint frobnicate(x);\nsolve satisfy;\n',
    });
    expect(softprop(['fzn', join(dir, 'u.fzn')]).out).toBe('=====UNSATISFIABLE=====\n');
    const bad = softprop(['fzn', join(dir, 'b.fzn')]);
    expect([bad.code, bad.err]).toEqual([1, `softprop: ${join(dir, 'b.fzn')}:2: unsupported builtin frobnicate\n`]);
  });

  it('accepts -p with a note that one thread is used, and the other standard flags', () => {
    const dir = fixtures({ 'm.fzn': SMALL });
    const r = softprop(['fzn', '-p', '2', '-f', '-r', '5', '-t', '10000', '-n', '1', '-i', join(dir, 'm.fzn')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('softprop: -p 2: softprop searches on one thread\n');
    expect(r.out).toContain('----------');
  });

  it('the kept .msc is the registered one with relative paths', () => {
    const kept = JSON.parse(readFileSync('share/minizinc/solvers/softprop.msc', 'utf8'));
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(kept).toEqual(solverConfig({ mznlib: '../softprop', executable: './fzn-softprop' }, version));
    const dir = fixtures({});
    const r = softprop(['minizinc-register', '--dir', dir]);
    expect(r.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'softprop.msc'), 'utf8'));
    expect(written.id).toBe(SOLVER_ID);
    expect(written.executable).toBe(join(process.cwd(), 'share/minizinc/solvers/fzn-softprop'));
    expect(written.mznlib).toBe(join(process.cwd(), 'share/minizinc/softprop'));
    expect({ ...written, executable: './fzn-softprop', mznlib: '../softprop' }).toEqual(kept);
  });
});
