import type { Constraint, Problem } from '../solver/model/problem.js';
import { fullDomains, wordsFor } from '../solver/model/problem.js';
import type { Rng } from '../solver/model/rng.js';

/**
 * Small structured problem generators for hardware-in-the-loop runs: sudoku (all-different),
 * graph colouring (not-equal) and random k-CNF (clauses). The format readers parse files; these
 * make fresh instances of any size from an Rng.
 */

/** A (box²)×(box²) sudoku with `givens` cells fixed to a valid solution (a shuffled pattern grid). */
export function randomSudoku(rng: Rng, box: number, givens: number): Problem {
  const n = box * box;
  const digit = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const domSize = new Int32Array(n * n).fill(n);
  const init = fullDomains(domSize);
  const w = wordsFor(n);
  const cells = rng.shuffle(Array.from({ length: n * n }, (_, i) => i));
  for (const cell of cells.slice(0, Math.min(givens, n * n))) {
    const r = Math.floor(cell / n);
    const c = cell % n;
    const v = digit[(box * (r % box) + Math.floor(r / box) + c) % n] as number;
    init.fill(0, cell * w, cell * w + w);
    init[cell * w + (v >>> 5)] = (1 << (v & 31)) >>> 0;
  }
  const constraints: Constraint[] = [];
  const group = (at: (k: number) => number) => constraints.push({ kind: 'alldiff', vars: Int32Array.from({ length: n }, (_, k) => at(k)) });
  for (let i = 0; i < n; i++) {
    group((k) => i * n + k);
    group((k) => k * n + i);
    const r0 = Math.floor(i / box) * box;
    const c0 = (i % box) * box;
    group((k) => (r0 + Math.floor(k / box)) * n + c0 + (k % box));
  }
  return { domSize, init, constraints };
}

/** Colouring of a G(nodes, density) random graph with `colours` colours (one not-equal per edge). */
export function randomColouring(rng: Rng, nodes: number, density: number, colours: number): Problem {
  const domSize = new Int32Array(nodes).fill(colours);
  const constraints: Constraint[] = [];
  for (let x = 0; x < nodes; x++) for (let y = x + 1; y < nodes; y++) if (rng.float() < density) constraints.push({ kind: 'neq', x, y });
  return { domSize, init: fullDomains(domSize), constraints };
}

/** Random k-CNF over Boolean variables: literal x is `x ∈ {1}`, ¬x is `x ∈ {0}` (distinct variables per clause). */
export function randomCnf(rng: Rng, vars: number, clauses: number, k: number): Problem {
  const domSize = new Int32Array(vars).fill(2);
  const width = Math.min(k, vars);
  const constraints: Constraint[] = [];
  const pool = Array.from({ length: vars }, (_, i) => i);
  for (let c = 0; c < clauses; c++) {
    rng.shuffle(pool);
    const sets = new Uint32Array(width);
    for (let l = 0; l < width; l++) sets[l] = rng.int(0, 1) === 1 ? 2 : 1;
    constraints.push({ kind: 'clause', vars: Int32Array.from(pool.slice(0, width)), sets });
  }
  return { domSize, init: fullDomains(domSize), constraints };
}
