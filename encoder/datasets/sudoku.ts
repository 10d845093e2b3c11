import { located, UserError } from '../../solver/api/user-error.js';
import { readInput } from '../../solver/formats/read.js';
import { parseSudoku, sudokuChar, sudokuProblem } from '../../solver/formats/sudoku.js';
import type { Problem } from '../../solver/model/problem.js';
import { popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { search } from '../../solver/search/search.js';
import type { Family, FamilyFlags } from './family.js';
import { intFlag, nodesFlag } from './flags.js';
import { randomSolution } from './random-solution.js';
import { solutionLabels } from './record.js';
import { reduceGivens } from './reduce.js';

/**
 * Sudoku puzzles with a unique solution. A random full grid (search with random value choice) loses
 * givens in random order while the solution stays unique, down to `givens` or, when that is lower
 * than removal reaches, to the fewest givens found within `attempts` steps (reduce.ts: a first pass,
 * then swaps of a given for an empty cell); `meta.givens` is the count reached. Measured on 9×9:
 * one pass gives 22-27 givens (mean 24) in ~25 ms; 5000 steps give 20-21 (mean 20.3) in ~7 s of one
 * core. 17 is out of reach this way: only ~1 grid in 10^5 has a 17-clue puzzle at all (Royle's
 * ~49 000 known ones among 5.5·10^9 essentially different grids). 17-clue puzzles come from `from`,
 * a file of known puzzles, each drawn at random and renamed by a random validity-preserving symmetry
 * (digits, bands, rows in a band, stacks, columns in a stack, transposition).
 */
export interface SudokuParams {
  /** Box order: 3 gives 9×9, 4 gives 16×16, 5 gives 25×25. */
  order: number;
  /** Target number of givens (0: as few as removal reaches). */
  givens: number;
  attempts: number;
  nodes: number;
  /** Puzzles (as grids of value indices, -1 empty) to draw from instead of generating. */
  from?: Int32Array[];
}

/** The givens of a parsed puzzle: the value index of each singleton cell, -1 elsewhere. */
export function givensOf(p: Problem): Int32Array {
  const w = wordsPerDomain(p);
  const out = new Int32Array(p.domSize.length).fill(-1);
  for (let i = 0; i < out.length; i++) {
    let size = 0;
    let value = -1;
    for (let k = 0; k < w; k++) {
      const x = p.init[i * w + k] as number;
      size += popcount32(x);
      if (x !== 0) value = k * 32 + 31 - Math.clz32(x & -x);
    }
    if (size === 1) out[i] = value;
  }
  return out;
}

/** A puzzle as a line in the sudoku alphabet ('.' for empty). */
export function sudokuLine(givens: Int32Array): string {
  let s = '';
  for (const g of givens) s += g < 0 ? '.' : sudokuChar(g);
  return s;
}

function randomPermutation(rng: Rng, n: number): number[] {
  return rng.shuffle(Array.from({ length: n }, (_, i) => i));
}

/** Rows (or columns) reordered by a random band permutation and a random permutation inside each band. */
function lineOrder(rng: Rng, order: number): number[] {
  const bands = randomPermutation(rng, order);
  const out: number[] = [];
  for (const b of bands) for (const r of randomPermutation(rng, order)) out.push(b * order + r);
  return out;
}

/** An equivalent puzzle: the same one under a random sudoku symmetry. */
export function shuffleSymmetry(rng: Rng, order: number, givens: Int32Array): Int32Array {
  const side = order * order;
  const digits = randomPermutation(rng, side);
  const rows = lineOrder(rng, order);
  const cols = lineOrder(rng, order);
  const transpose = rng.int(0, 1) === 1;
  const out = new Int32Array(side * side);
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) {
      const sr = rows[r] as number;
      const sc = cols[c] as number;
      const g = givens[transpose ? sc * side + sr : sr * side + sc] as number;
      out[r * side + c] = g < 0 ? -1 : (digits[g] as number);
    }
  return out;
}

function count(givens: Int32Array): number {
  let n = 0;
  for (const g of givens) if (g >= 0) n++;
  return n;
}

/** Reads `--from`: every puzzle of the file, optionally only those with at most `maxGivens` givens. */
function loadPuzzles(file: string, maxGivens: number | undefined, order: number | undefined): { order: number; puzzles: Int32Array[] } {
  const { text } = readInput(file);
  let size: number | undefined = order === undefined ? undefined : order ** 4;
  const puzzles: Int32Array[] = [];
  for (const inst of parseSudoku(text, file)) {
    const cells = inst.problem.domSize.length;
    size ??= cells;
    if (cells !== size) throw new UserError(`${inst.name}: puzzle has ${cells} cells; expected ${size} like the others (or --size)`);
    const g = givensOf(inst.problem);
    if (maxGivens === undefined || count(g) <= maxGivens) puzzles.push(g);
  }
  if (puzzles.length === 0) throw located(file, undefined, `no puzzle with at most ${maxGivens} givens`);
  return { order: Math.round(Math.sqrt(Math.sqrt(size as number))), puzzles };
}

function fromFile(rng: Rng, p: SudokuParams, puzzles: Int32Array[]) {
  const givens = shuffleSymmetry(rng, p.order, puzzles[rng.int(0, puzzles.length - 1)] as Int32Array);
  const problem = sudokuProblem(p.order, givens);
  const r = search(problem, { maxSolutions: 2, nodes: p.nodes });
  return {
    family: 'sudoku',
    format: 'sudoku' as const,
    instance: sudokuLine(givens),
    solution: r.solution ? solutionLabels('sudoku', problem, r.solution) : null,
    meta: { order: p.order, givens: count(givens), unique: r.solutions === 1 && r.exhausted, source: 'from' },
  };
}

export const sudokuFamily: Family<SudokuParams> = {
  name: 'sudoku',
  flags: ['size', 'givens', 'attempts', 'from', 'nodes'],
  async params(f: FamilyFlags): Promise<SudokuParams> {
    const nodes = nodesFlag(f.nodes);
    const attempts = intFlag('attempts', f.attempts, 1, 1);
    if (f.from !== undefined) {
      const { order, puzzles } = loadPuzzles(f.from, f.givens, f.size);
      return { order, givens: f.givens ?? 0, attempts, nodes, from: puzzles };
    }
    // --size is the box order: 3 (9×9), 4 (16×16) or 5 (25×25), the grids the sudoku reader takes.
    if (f.size !== undefined && [9, 16, 25].includes(f.size))
      throw new UserError(`--size is the box order of a sudoku: ${Math.sqrt(f.size)} for ${f.size}×${f.size}`);
    const order = intFlag('size', f.size, 3, 3, 5);
    const givens = intFlag('givens', f.givens, 0, 0, order ** 4);
    return { order, givens, attempts, nodes };
  },
  generate(rng: Rng, p: SudokuParams) {
    if (p.from) return fromFile(rng, p, p.from);
    const side = p.order * p.order;
    const base = sudokuProblem(p.order, new Int32Array(side * side).fill(-1));
    const solution = randomSolution(rng, base, p.nodes);
    if (!solution) throw new UserError(`no full ${side}x${side} grid within ${p.nodes} search nodes; raise --nodes`);
    const r = reduceGivens(rng, base, solution, { target: p.givens, steps: p.attempts, nodes: p.nodes });
    return {
      family: 'sudoku',
      format: 'sudoku',
      instance: sudokuLine(r.givens),
      solution: solutionLabels('sudoku', base, solution),
      meta: { order: p.order, givens: r.count, target: p.givens, steps: r.steps },
    };
  },
};
