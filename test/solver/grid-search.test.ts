import { describe, expect, it } from 'vitest';
import { solveInstance } from '../../solver/api/solve.js';
import { parseSudokuLine, renderSudoku, sudokuBox, sudokuProblem } from '../../solver/formats/sudoku.js';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { checkSolution } from '../../solver/search/checker.js';
import { gridSearch } from '../../solver/search/grid-search.js';
import type { SearchOptions } from '../../solver/search/search.js';
import { search } from '../../solver/search/search.js';

/** A random full grid of box size b: the pattern grid with its digits, bands, stacks, rows and columns shuffled. */
function fullGrid(rng: Rng, b: number): Int32Array {
  const n = b * b;
  const digits = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const order = () =>
    rng.shuffle(Array.from({ length: b }, (_, i) => i)).flatMap((band) => rng.shuffle(Array.from({ length: b }, (_, i) => band * b + i)));
  const rows = order();
  const cols = order();
  const g = new Int32Array(n * n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const R = rows[r] as number;
      const C = cols[c] as number;
      g[r * n + c] = digits[(b * (R % b) + Math.floor(R / b) + C) % n] as number;
    }
  return g;
}

/** Keeps each cell with probability `keep`; sometimes overwrites one cell with a random value (often unsatisfiable). */
function puzzle(rng: Rng, b: number, keep: number, corrupt = 0): Problem {
  const givens = fullGrid(rng, b).map((v) => (rng.float() < keep ? v : -1));
  if (rng.float() < corrupt) givens[rng.int(0, givens.length - 1)] = rng.int(0, b * b - 1);
  return sudokuProblem(b, givens);
}

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
      const p = puzzle(rng, 2, rng.float() * 0.5, 0.4);
      const grid = enumerate(p, (o) => gridSearch(2, p, o));
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
      const p = puzzle(rng, 3, 0.25 + rng.float() * 0.2, 0.2);
      const grid = enumerate(p, (o) => gridSearch(3, p, o), 30);
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
        const p = puzzle(rng, b, 0.5);
        const r = gridSearch(b, p);
        expect(r.status).toBe('sat');
        expect(checkSolution(p, r.solution as Int32Array)).toBeNull();
        if (b === 4) expect(enumerate(p, (o) => gridSearch(b, p, o), 5).count).toBe(enumerate(p, (o) => search(p, o), 5).count);
      }
  });

  it('refuses grids whose candidates would not fit one word, and solve sends those to the generic engine', () => {
    const big = sudokuProblem(6, new Int32Array(36 * 36).fill(-1));
    expect(() => gridSearch(6, big)).toThrow(/box size 6 outside 2..5/);
    expect(sudokuBox(big)).toBe(6);
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
    const r = gridSearch(3, sudokuProblem(3, givens));
    expect([r.status, r.exhausted, r.stats.nodes]).toEqual(['unsat', true, 0]);
  });

  it('node budget, solution target and onSolution stop it as they stop search', () => {
    const empty = sudokuProblem(3, new Int32Array(81).fill(-1));
    const limited = gridSearch(3, empty, { all: true, nodes: 10 });
    expect([limited.status, limited.exhausted, limited.stats.nodes]).toEqual(['unknown', false, 10]);
    expect(gridSearch(3, empty, { maxSolutions: 4 }).solutions).toBe(4);
    let calls = 0;
    const stopped = gridSearch(3, empty, { all: true, onSolution: () => ++calls < 3 });
    expect([stopped.solutions, calls, stopped.status]).toEqual([3, 3, 'sat']);
  });

  it('solve uses it for sudoku grids, and the generic engine when a variable order is asked for', () => {
    // A sparse grid (many solutions): the first one takes both searches some nodes.
    const cells = fullGrid(Rng.seeded(24), 3).map((v, i) => (i % 4 === 0 ? v : -1));
    const inst = parseSudokuLine(Array.from(cells, (v) => (v < 0 ? '.' : String(v + 1))).join(''), 't', 1);
    expect(sudokuBox(inst.problem)).toBe(3);
    expect(sudokuBox({ ...inst.problem, constraints: inst.problem.constraints.slice() })).toBe(0);
    const stats = (r: { stats: { nodes: number; failures: number } }) => [r.stats.nodes, r.stats.failures];
    expect(stats(solveInstance(inst, {}))).toEqual(stats(gridSearch(3, inst.problem)));
    expect(stats(solveInstance(inst, { varOrder: 'domwdeg' }))).toEqual(stats(search(inst.problem)));
    // (The two searches differ on this puzzle, so the comparisons above tell them apart.)
    expect(stats(gridSearch(3, inst.problem))).not.toEqual(stats(search(inst.problem)));
  });
});
