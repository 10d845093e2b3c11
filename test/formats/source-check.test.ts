import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SolutionCheckError, solveInstance } from '../../solver/api/solve.js';
import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import { colouringInstance, parseCol } from '../../solver/formats/dimacs-col.js';
import type { Instance } from '../../solver/formats/instance.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import { readInstances } from '../../solver/formats/read.js';
import { checkSourceSolution } from '../../solver/formats/source-check/check.js';
import { evaluateExpression } from '../../solver/formats/source-check/xcsp3-evaluate.js';
import { parseSudokuLine } from '../../solver/formats/sudoku.js';
import { parseXcsp3 } from '../../solver/formats/xcsp3.js';
import type { Constraint, TableConstraint } from '../../solver/model/problem.js';
import { hasBit, wordsPerDomain } from '../../solver/model/problem.js';
import { checkSolution } from '../../solver/search/checker.js';
import { search } from '../../solver/search/search.js';

const xcsp = (vars: string, cons: string) =>
  `<instance format="XCSP3" type="CSP"><variables>${vars}</variables><constraints>${cons}</constraints></instance>`;

/** A table constraint over equal domains read backwards, as a parser swapping x and y would (lt becomes gt). */
function transposed(c: TableConstraint, d: number, words: number): TableConstraint {
  const rows = new Uint32Array(c.rows.length);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      const w = a * words + (b >>> 5);
      if (hasBit(c.rows, b * words, a)) rows[w] = (rows[w] as number) | (1 << (b & 31));
    }
  return { ...c, rows };
}

/**
 * The first solution the search finds on a compiled problem that a translation bug corrupted: the
 * compiled checker accepts it (it judges the corrupted problem), the source check must not.
 */
function corruptedSolution(inst: Instance): Int32Array {
  const r = search(inst.problem, {});
  expect(r.status).toBe('sat');
  const values = r.solution as Int32Array;
  expect(checkSolution(inst.problem, values)).toBeNull();
  return values;
}

describe('the source check accepts real solutions', () => {
  it('of every bundled demo input, and of the whole sudoku files', () => {
    const demos: [string, number | undefined][] = [
      ['cli/demo/petersen.col', 3],
      ['cli/demo/planted-3sat.cnf', undefined],
      ['cli/demo/queens-6.xml', undefined],
      ['cli/demo/workshop.json', undefined],
      ['cli/demo/sudoku-9x9.txt', undefined],
      ['cli/demo/sudoku-16x16.txt', undefined],
    ];
    let checked = 0;
    for (const [file, colors] of demos)
      for (const inst of readInstances(readFileSync(file, 'utf8'), file, { colors })) {
        const r = search(inst.problem, {});
        expect(r.status, inst.name).toBe('sat');
        expect(checkSourceSolution(inst, r.solution as Int32Array), inst.name).toBeNull();
        checked++;
      }
    expect(checked).toBeGreaterThan(6);
  });
});

describe('the source check rejects what a broken parser would let through', () => {
  it('JSON model: a variable named __proto__ is shown in the solution, not lost as a prototype', () => {
    const inst = parseJsonModel(
      '{"variables": [{"name": "__proto__", "domain": 2}, {"name": "b", "domain": 2}], "constraints": [{"type": "neq", "vars": ["__proto__", "b"]}]}',
      't.json',
    );
    const r = solveInstance(inst, { all: true });
    expect(r.solutions.map((s) => JSON.stringify(inst.labelled(s)))).toEqual(['{"__proto__":0,"b":1}', '{"__proto__":1,"b":0}']);
  });

  it('sudoku: a given translated one value off', () => {
    const inst = parseSudokuLine(`3${'.'.repeat(80)}`, 't.txt', 1);
    // The given 3 (index 2) compiled as index 3.
    inst.problem.init[0] = 1 << 3;
    expect(checkSourceSolution(inst, corruptedSolution(inst))).toMatch(/row 1 column 1: the given 3 became 4/);
  });

  it('sudoku: dropped box constraints turn an unsatisfiable grid into a wrong answer', () => {
    // Row 1 is 1..9 and row 2 starts with 2: box 1 holds 2 twice, unsatisfiable; a latin square without boxes is not.
    const grid = `123456789${'2'.padEnd(72, '.')}`;
    expect(search(parseSudokuLine(grid, 't.txt', 1).problem, {}).status).toBe('unsat');
    const inst = parseSudokuLine(grid, 't.txt', 1);
    const line = (vars: Int32Array, of: (v: number) => number) => vars.every((v) => of(v) === of(vars[0] as number));
    const rowsAndColumns = inst.problem.constraints.filter(
      (c) => c.kind === 'alldiff' && (line(c.vars, (v) => Math.floor(v / 9)) || line(c.vars, (v) => v % 9)),
    );
    expect(rowsAndColumns.length).toBe(18);
    inst.problem = { ...inst.problem, constraints: rowsAndColumns };
    expect(checkSourceSolution(inst, corruptedSolution(inst))).toMatch(/box 1 holds 2 twice/);
  });

  it('colouring: a dropped edge, and colours shown 0-based', () => {
    const g = parseCol('p edge 3 3\ne 1 2\ne 2 3\ne 1 3\n', 't.col');
    expect(search(colouringInstance(g, 2).problem, {}).status).toBe('unsat');
    const dropped = colouringInstance(g, 2);
    dropped.problem = {
      ...dropped.problem,
      constraints: dropped.problem.constraints.filter((c) => !(c.kind === 'neq' && c.x === 0 && c.y === 2)),
    };
    expect(checkSourceSolution(dropped, corruptedSolution(dropped))).toMatch(/edge 1-3: both ends have colour/);
    const zeroBased = colouringInstance(g, 3);
    zeroBased.labelled = (values) => Array.from(values);
    expect(checkSourceSolution(zeroBased, corruptedSolution(zeroBased))).toMatch(/vertex \d has colour 0, not one of 1..3/);
  });

  it('CNF: a flipped literal and a dropped clause', () => {
    const flipped = parseCnf('p cnf 2 2\n1 0\n-1 2 0\n', 't.cnf');
    const unit = flipped.problem.constraints[0] as Constraint & { kind: 'clause' };
    unit.sets[0] = (unit.sets[0] as number) ^ 3; // x1 read as -x1
    expect(checkSourceSolution(flipped, corruptedSolution(flipped))).toMatch(/clause 1 \(1 0\) is false/);
    const dropped = parseCnf('p cnf 1 2\n1 0\n-1 0\n', 't.cnf');
    expect(search(dropped.problem, {}).status).toBe('unsat');
    dropped.problem = { ...dropped.problem, constraints: dropped.problem.constraints.slice(1) };
    expect(checkSourceSolution(dropped, corruptedSolution(dropped))).toMatch(/clause 1 \(1 0\) is false/);
  });

  it('JSON model: a flipped relation, a dropped constraint, and labels one value off', () => {
    const model = (cons: string, values = '[1, 2, 3]') =>
      `{"variables": [{"name": "x", "values": ${values}}, {"name": "y", "values": ${values}}, {"name": "z", "values": ${values}}], "constraints": [${cons}]}`;
    const flipped = parseJsonModel(model('{"type": "relation", "op": "lt", "vars": ["x", "y"], "offset": 0}'), 't.json');
    const p = flipped.problem;
    const w = wordsPerDomain(p);
    p.constraints[0] = transposed(p.constraints[0] as TableConstraint, p.domSize[0] as number, w);
    expect(checkSourceSolution(flipped, corruptedSolution(flipped))).toMatch(/constraint 0 \(relation\) violated by x=\d, y=\d/);

    const dropped = parseJsonModel(model('{"type": "neq", "vars": ["x", "y"]}', '[1]'), 't.json');
    expect(search(dropped.problem, {}).status).toBe('unsat');
    dropped.problem = { ...dropped.problem, constraints: [] };
    expect(checkSourceSolution(dropped, corruptedSolution(dropped))).toMatch(/constraint 0 \(neq\) violated by x=1, y=1/);

    const shifted = parseJsonModel(model('{"type": "alldiff", "vars": ["x", "y", "z"]}'), 't.json');
    const labels = shifted.problem.labels?.[0] as Int32Array;
    for (let k = 0; k < labels.length; k++) labels[k] = (labels[k] as number) + 1;
    expect(checkSourceSolution(shifted, corruptedSolution(shifted))).toMatch(/outside its domain|alldiff/);
  });

  it('XCSP3: a flipped intension, conflicts read as supports, a dropped allDifferent, labels one value off', () => {
    const flipped = parseXcsp3(xcsp('<var id="x">0..3</var><var id="y">0..3</var>', '<intension>lt(x,y)</intension>'), 't.xml');
    const p = flipped.problem;
    p.constraints[0] = transposed(p.constraints[0] as TableConstraint, p.domSize[0] as number, wordsPerDomain(p));
    expect(checkSourceSolution(flipped, corruptedSolution(flipped))).toMatch(/<intension> at line 1: lt\(x,y\) is false with x=\d, y=\d/);

    const conflicts = parseXcsp3(
      xcsp('<var id="x">0 1</var><var id="y">0 1</var>', '<extension><list>x y</list><conflicts>(0,0)(1,1)</conflicts></extension>'),
      't.xml',
    );
    const t = conflicts.problem.constraints[0] as TableConstraint;
    t.rows[0] = (t.rows[0] as number) ^ 3;
    t.rows[1] = (t.rows[1] as number) ^ 3;
    expect(checkSourceSolution(conflicts, corruptedSolution(conflicts))).toMatch(/\((\d),\1\) of x y is a conflict/);

    const dropped = parseXcsp3(xcsp('<array id="q" size="[2]">5</array>', '<allDifferent>q[]</allDifferent>'), 't.xml');
    expect(search(dropped.problem, {}).status).toBe('unsat');
    dropped.problem = { ...dropped.problem, constraints: [] };
    expect(checkSourceSolution(dropped, corruptedSolution(dropped))).toMatch(/q\[0\] and q\[1\] are both 5/);

    const shifted = parseXcsp3(xcsp('<var id="x">1 2</var><var id="y">1 2</var>', '<intension>ne(x,y)</intension>'), 't.xml');
    const labels = shifted.problem.labels?.[0] as Int32Array;
    for (let k = 0; k < labels.length; k++) labels[k] = (labels[k] as number) + 1;
    expect(checkSourceSolution(shifted, corruptedSolution(shifted))).toMatch(/outside its domain|is false/);
  });

  it('the solve API refuses to return such a solution (the CLI exits 2 on this error)', () => {
    const inst = parseSudokuLine(`3${'.'.repeat(80)}`, 't.txt', 1);
    inst.problem.init[0] = 1 << 3;
    expect(() => solveInstance(inst, {})).toThrow(SolutionCheckError);
    expect(() => solveInstance(inst, { count: true })).toThrow(/the given 3 became 4/);
  });
});

describe('the XCSP3 expression evaluator', () => {
  const vals: Record<string, number> = { x: 7, y: 0, 'a[1][2]': -3 };
  const ev = (e: string) => evaluateExpression(e, (n) => (n in vals ? (vals[n] as number) : `no ${n}`));
  it('computes integer operators with truncating division, booleans as 0/1', () => {
    expect(ev('add(x,a[1][2],2)')).toBe(6);
    expect(ev('div(a[1][2],2)')).toBe(-1);
    expect(ev('mod(a[1][2],2)')).toBe(-1);
    expect(ev('if(gt(x,3),sub(x,1),99)')).toBe(6);
    expect(ev('iff(lt(x,9),ne(y,1),ge(x,x))')).toBe(1);
    expect(ev('xor(x,y,1)')).toBe(0);
    expect(ev('and(not(y),imp(y,0),eq(x,7,x))')).toBe(1);
    expect(ev('pow(sqr(2),dist(1,-1))')).toBe(16);
  });
  it('division or modulo by zero leaves the expression without a value', () => {
    expect(ev('eq(div(x,y),0)')).toBeUndefined();
    expect(ev('ne(mod(x,y),1)')).toBeUndefined();
  });
  it('reads nesting of any depth without recursion', () => {
    const deep = `${'neg('.repeat(20_000)}x${')'.repeat(20_000)}`;
    expect(ev(deep)).toBe(7);
  });
  it('says what it cannot read', () => {
    expect(ev('foo(x)')).toMatch(/unknown operator foo/);
    expect(ev('constructor(x)')).toMatch(/unknown operator constructor/);
    expect(ev('add(x)')).toMatch(/add with 1 arguments/);
    expect(ev('add(x,q)')).toBe('no q');
    expect(ev('x)')).toMatch(/unbalanced/);
  });
});
