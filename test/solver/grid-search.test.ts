import { describe, expect, it } from 'vitest';
import { solveInstance } from '../../solver/api/solve.js';
import type { Instance } from '../../solver/formats/instance.js';
import { parseSudokuLine, renderSudoku, sudokuProblem } from '../../solver/formats/sudoku.js';
import { gridConstraints } from '../../solver/model/grid.js';
import type { Problem } from '../../solver/model/problem.js';
import { tableFrom } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';
import { SearchContext } from '../../solver/search/context.js';
import { gridBox, gridSearch } from '../../solver/search/grid-search.js';
import type { SearchOptions } from '../../solver/search/search.js';
import { search } from '../../solver/search/search.js';
import { fullGrid, randomSudoku } from '../support/random-problem.js';

/** Every solution found (each checked), as text, sorted; the status and whether the search finished. */
function enumerate(p: Problem, run: (o: SearchOptions) => ReturnType<typeof search>, maxSolutions?: number) {
  const solutions: string[] = [];
  const r = run({
    all: true,
    maxSolutions,
    onSolution: (v) => {
      expect(checkSolution(p, v)).toBeNull();
      solutions.push(renderSudoku(v));
    },
  });
  return { status: r.status, exhausted: r.exhausted, count: r.solutions, solutions: solutions.sort() };
}

describe('grid search', () => {
  it('4×4: finds exactly the solutions the generic engine finds, on 400 random and often unsatisfiable grids', () => {
    const rng = Rng.seeded(21);
    const seen = { sat: 0, unsat: 0, several: 0 };
    for (let t = 0; t < 400; t++) {
      const p = randomSudoku(rng, 2, rng.float() * 0.5, 0.4);
      const grid = enumerate(p, (o) => gridSearch(p, o));
      expect(grid, `grid ${t}`).toEqual(enumerate(p, (o) => search(p, o)));
      if (grid.count === 0) seen.unsat++;
      else seen.sat++;
      if (grid.count > 1) seen.several++;
    }
    // Enough of each kind for the comparison to mean something.
    expect(seen.unsat).toBeGreaterThan(40);
    expect(seen.sat).toBeGreaterThan(100);
    expect(seen.several).toBeGreaterThan(40);
  });

  it('9×9: the same solutions as the generic engine, up to 30 per grid, on 40 sparse grids', () => {
    const rng = Rng.seeded(22);
    let several = 0;
    for (let t = 0; t < 40; t++) {
      const p = randomSudoku(rng, 3, 0.25 + rng.float() * 0.2, 0.2);
      const grid = enumerate(p, (o) => gridSearch(p, o), 30);
      const generic = enumerate(p, (o) => search(p, o), 30);
      // Stopped at 30, each may have found a different 30; with fewer, both found them all.
      if (grid.exhausted) expect(grid, `grid ${t}`).toEqual(generic);
      else expect([grid.status, grid.count, generic.exhausted, generic.count], `grid ${t}`).toEqual(['sat', 30, false, 30]);
      if (grid.count > 1) several++;
    }
    expect(several).toBeGreaterThan(5);
  });

  it('16×16 and 25×25: solutions check, and agree with the generic engine on how many there are (up to 5)', () => {
    const rng = Rng.seeded(23);
    for (const b of [4, 5])
      for (let t = 0; t < 3; t++) {
        const p = randomSudoku(rng, b, 0.5);
        const r = gridSearch(p);
        expect(r.status).toBe('sat');
        expect(checkSolution(p, r.solution as Int32Array)).toBeNull();
        if (b === 4) expect(enumerate(p, (o) => gridSearch(p, o), 5).count).toBe(enumerate(p, (o) => search(p, o), 5).count);
      }
  });

  it('refuses grids whose candidates would not fit one word, and solve sends those to the generic engine', () => {
    const big = sudokuProblem(6, new Int32Array(36 * 36).fill(-1));
    expect(() => gridSearch(big)).toThrow(/box size 6 outside 2..5/);
    expect(gridBox(big)).toBe(0);
    const r = solveInstance(
      {
        format: 'sudoku',
        name: 'big',
        problem: big,
        source: { format: 'sudoku', puzzle: '.'.repeat(36 * 36) },
        render: renderSudoku,
        labelled: renderSudoku,
      },
      { nodes: 5 },
    );
    expect(r.stats.nodes).toBeGreaterThan(0);
  });

  it('contradicting givens are unsatisfiable without a node', () => {
    const givens = new Int32Array(81).fill(-1);
    givens[0] = 4;
    givens[8] = 4;
    const r = gridSearch(sudokuProblem(3, givens));
    expect([r.status, r.exhausted, r.stats.nodes]).toEqual(['unsat', true, 0]);
  });

  it('node budget, solution target and onSolution stop it as they stop search', () => {
    const empty = sudokuProblem(3, new Int32Array(81).fill(-1));
    const limited = gridSearch(empty, { all: true, nodes: 10 });
    expect([limited.status, limited.exhausted, limited.stats.nodes]).toEqual(['unknown', false, 10]);
    expect(gridSearch(empty, { maxSolutions: 4 }).solutions).toBe(4);
    let calls = 0;
    const stopped = gridSearch(empty, { all: true, onSolution: () => ++calls < 3 });
    expect([stopped.solutions, calls, stopped.status]).toEqual([3, 3, 'sat']);
  });

  it('solve uses it for sudoku grids, and the generic engine when a variable order is asked for', () => {
    // A sparse grid (many solutions): the first one takes both searches some nodes.
    const cells = fullGrid(Rng.seeded(24), 3).map((v, i) => (i % 4 === 0 ? v : -1));
    const inst = parseSudokuLine(Array.from(cells, (v) => (v < 0 ? '.' : String(v + 1))).join(''), 't', 1);
    const stats = (r: { stats: { nodes: number; failures: number } }) => [r.stats.nodes, r.stats.failures];
    expect(stats(solveInstance(inst, {}))).toEqual(stats(gridSearch(inst.problem)));
    expect(stats(solveInstance(inst, { varOrder: 'domwdeg' }))).toEqual(stats(search(inst.problem)));
    // (The two searches differ on this puzzle, so the comparisons above tell them apart.)
    expect(stats(gridSearch(inst.problem))).not.toEqual(stats(search(inst.problem)));
  });

  it('takes a problem only when Problem.grid is set and the problem is still exactly that grid', () => {
    const p = sudokuProblem(
      3,
      fullGrid(Rng.seeded(25), 3).map((v, i) => (i % 3 === 0 ? v : -1)),
    );
    expect(gridBox(p)).toBe(3);
    // A copy of the constraints, even of every unit, is still the grid.
    expect(gridBox({ ...p, constraints: p.constraints.slice() })).toBe(3);
    expect(gridBox({ ...p, constraints: gridConstraints(3).map((c) => ({ kind: 'alldiff', vars: c.vars.slice() })) })).toBe(3);
    const units = p.constraints;
    const swapped = units.slice();
    [swapped[0], swapped[9]] = [units[9] as Problem['constraints'][number], units[0] as Problem['constraints'][number]];
    const notGrids: [string, Problem][] = [
      ['no grid field', { domSize: p.domSize, init: p.init, constraints: p.constraints }],
      ['a constraint added', { ...p, constraints: [...units, { kind: 'neq', x: 1, y: 80 }] }],
      ['a unit removed', { ...p, constraints: units.slice(1) }],
      ['a unit replaced', { ...p, constraints: units.map((c, i) => (i === 5 ? { kind: 'neq', x: 0, y: 1 } : c)) }],
      [
        'a unit over other cells',
        {
          ...p,
          constraints: units.map((c, i) => (i === 20 ? { kind: 'alldiff', vars: Int32Array.from({ length: 9 }, (_, k) => k * 2) } : c)),
        },
      ],
      ['units in another order', { ...p, constraints: swapped }],
      ['a domain of another size', { ...p, domSize: p.domSize.map((d, i) => (i === 40 ? 8 : d)) }],
      ['another box size', { ...p, grid: { box: 2 } }],
      ['a box size that is not an integer', { ...p, grid: { box: 2.5 } }],
    ];
    for (const [why, q] of notGrids) {
      expect(gridBox(q), why).toBe(0);
      expect(() => gridSearch(q), why).toThrow(/^grid search: /);
    }
  });

  it('solve gives a grid with a constraint added to the generic engine, and the added constraint holds', () => {
    const inst = parseSudokuLine(Array.from(fullGrid(Rng.seeded(26), 3), (v, i) => (i % 4 === 0 ? String(v + 1) : '.')).join(''), 't', 1);
    const first = gridSearch(inst.problem).solution as Int32Array;
    // Forbids the grid search's own first solution on two empty cells.
    const [a, b] = [1, 2];
    const extra = tableFrom(inst.problem, 1, a, b, (x, y) => !(x === first[a] && y === first[b]));
    const q: Problem = { ...inst.problem, constraints: [...inst.problem.constraints, extra] };
    const r = solveInstance({ ...inst, problem: q } as Instance, {});
    expect(r.status).toBe('sat');
    expect(checkSolution(q, r.solutions[0] as Int32Array)).toBeNull();
    expect(r.stats.nodes).toBe(search(q).stats.nodes);
  });

  it('the shared grid constraints cannot be changed in place', () => {
    const p = sudokuProblem(2, new Int32Array(16).fill(-1));
    expect(() => p.constraints.push({ kind: 'neq', x: 0, y: 5 })).toThrow(TypeError);
    expect(() => {
      p.constraints[0] = { kind: 'neq', x: 0, y: 5 };
    }).toThrow(TypeError);
    expect(p.constraints.length).toBe(12);
  });

  it('keeps its run in the search context it is given, and a search nested in a callback builds its own', () => {
    const rng = Rng.seeded(27);
    const [p, q] = [randomSudoku(rng, 3, 0.3), randomSudoku(rng, 3, 0.3)] as [Problem, Problem];
    const ctx = new SearchContext();
    const outcome = (r: ReturnType<typeof search>) => [r.status, r.stats.nodes, r.stats.failures, Array.from(r.solution ?? [])];
    gridSearch(p, { context: ctx });
    const run = ctx.grids.get(3)?.idle;
    expect(run).toBeDefined();
    gridSearch(q, { context: ctx });
    expect(ctx.grids.get(3)?.idle).toBe(run);
    const fresh = (x: Problem, o: SearchOptions = {}) => gridSearch(x, { ...o, context: new SearchContext() });
    const inner: ReturnType<typeof search>[] = [];
    const outer = gridSearch(p, { context: ctx, maxSolutions: 3, onSolution: () => void inner.push(gridSearch(q, { context: ctx })) });
    expect(outcome(outer)).toEqual(outcome(fresh(p, { maxSolutions: 3 })));
    expect(inner.length).toBe(outer.solutions);
    for (const r of inner) expect(outcome(r)).toEqual(outcome(fresh(q)));
  });
});
