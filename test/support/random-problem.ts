import { sudokuProblem } from '../../solver/formats/sudoku.js';
import type { Problem } from '../../solver/model/problem.js';
import { type RandomProblemOptions, randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * The tests' random problems, in one place: random CSPs over every constraint kind (the product's
 * randomProblem, with its sizes drawn per problem), sudoku grids, and the graph colourings and k-CNF
 * of the hardware-in-the-loop runs (fpga/puzzles.ts).
 */
export { randomCnf, randomColouring } from '../../fpga/puzzles.js';

/** A fixed value, or [lo, hi]: an integer in lo..hi for `vars` and `domain`, a real in [lo, hi) for the others. */
export type Draw = number | readonly [number, number];

/** randomProblem's options, each size either fixed or drawn for every problem. */
export interface ProblemDraw extends Omit<RandomProblemOptions, 'vars' | 'domain' | 'density' | 'tightness'> {
  vars: Draw;
  domain: Draw;
  density: Draw;
  tightness: Draw;
}

const drawInt = (rng: Rng, d: Draw) => (typeof d === 'number' ? d : rng.int(d[0], d[1]));
const drawReal = (rng: Rng, d: Draw) => (typeof d === 'number' ? d : d[0] + (d[1] - d[0]) * rng.float());

/** A random problem with its sizes drawn first (vars, domain, density, tightness, in that order). */
export function drawProblem(rng: Rng, d: ProblemDraw): Problem {
  return randomProblem(rng, {
    ...d,
    vars: drawInt(rng, d.vars),
    domain: drawInt(rng, d.domain),
    density: drawReal(rng, d.density),
    tightness: drawReal(rng, d.tightness),
  });
}

/**
 * The mix the oracle tests compare against brute force, `count` problems from `seed`: up to 7
 * variables with domains up to 5, and every tenth problem 1 to 3 variables with domains of 33 to
 * `wide` values (several words); any density, tightness up to 0.7, holes in every other one.
 */
export function* oracleProblems(seed: number, count: number, wide: number): Generator<{ p: Problem; i: number }> {
  const rng = Rng.seeded(seed);
  for (let i = 0; i < count; i++) {
    const multiWord = i % 10 === 9;
    const p = drawProblem(rng, {
      vars: multiWord ? [1, 3] : [1, 7],
      domain: multiWord ? [33, wide] : [1, 5],
      density: [0, 1],
      tightness: [0, 0.7],
      holes: i % 2 === 0,
    });
    yield { p, i };
  }
}

/** A random full grid of box size b: the pattern grid with its digits, bands, stacks, rows and columns shuffled. */
export function fullGrid(rng: Rng, b: number): Int32Array {
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

/**
 * A sudoku of box size b (sudokuProblem) from a random full grid, each cell kept as a given with
 * probability `keep`; with probability `corrupt` one cell is then overwritten with a random value
 * (often unsatisfiable).
 */
export function randomSudoku(rng: Rng, b: number, keep: number, corrupt = 0): Problem {
  const givens = fullGrid(rng, b).map((v) => (rng.float() < keep ? v : -1));
  if (rng.float() < corrupt) givens[rng.int(0, givens.length - 1)] = rng.int(0, b * b - 1);
  return sudokuProblem(b, givens);
}
