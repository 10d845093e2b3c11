import type { Problem } from '../solver/model/problem.js';
import { largestDomain, wordsPerDomain } from '../solver/model/problem.js';
import { type ConstraintKind, randomProblem } from '../solver/model/random-problem.js';
import type { Rng } from '../solver/model/rng.js';
import { ONE } from '../solver/rounds/fixed-point.js';
import type { DeviceMode } from './device.js';
import { randomCnf, randomColouring, randomSudoku } from './puzzles.js';

/** One hardware-in-the-loop case: a problem, a mode, the input state and the round limit. */
export interface HilCase {
  /** Generator family: "random", "random-large", "random-wide" (multi-word domains), "sudoku", "colouring", "cnf". */
  family: string;
  problem: Problem;
  mode: DeviceMode;
  maxRounds: number;
  /** Hard mode: bitmask domains, nVars * words words. */
  domains?: Uint32Array;
  /** Fixed mode: Q1.15 weights, nVars * stride values (stride = largest domain size). */
  weights?: Uint16Array;
}

const KINDS: ConstraintKind[] = ['table', 'neq', 'alldiff', 'clause'];

/** Random CSP sizes: small (most cases), large (many variables, sparse) and wide (multi-word domains). */
type Size = 'small' | 'large' | 'wide';

function randomFamily(rng: Rng, size: Size): Problem {
  const kinds = KINDS.filter(() => rng.float() < 0.6);
  return randomProblem(rng, {
    vars: size === 'wide' ? rng.int(1, 8) : size === 'large' ? rng.int(30, 90) : rng.int(1, 24),
    domain: size === 'wide' ? rng.int(33, 80) : size === 'large' ? rng.int(2, 20) : rng.int(1, 12),
    density: rng.float() * (size === 'large' ? 0.08 : 0.6),
    tightness: rng.float() * 0.9,
    kinds: kinds.length > 0 ? kinds : ['table'],
    holes: rng.float() < 0.5,
  });
}

/** Picks a family and draws its problem; the mix favours random CSPs, with every family present. */
function drawProblem(rng: Rng): { family: string; problem: Problem } {
  const f = rng.float();
  if (f < 0.5) return { family: 'random', problem: randomFamily(rng, 'small') };
  if (f < 0.55) return { family: 'random-large', problem: randomFamily(rng, 'large') };
  if (f < 0.65) return { family: 'random-wide', problem: randomFamily(rng, 'wide') };
  if (f < 0.75) {
    const box = rng.float() < 0.85 ? 2 : 3;
    return { family: 'sudoku', problem: randomSudoku(rng, box, rng.int(0, box ** 4 / 2)) };
  }
  if (f < 0.87) return { family: 'colouring', problem: randomColouring(rng, rng.int(2, 24), 0.05 + rng.float() * 0.5, rng.int(2, 6)) };
  const vars = rng.int(2, 24);
  return { family: 'cnf', problem: randomCnf(rng, vars, rng.int(1, Math.round(vars * 4.5)), rng.int(1, 4)) };
}

/** Hard input: the initial domains with a few more values removed now and then. */
function drawDomains(rng: Rng, p: Problem): Uint32Array {
  const dom = p.init.slice();
  if (rng.float() < 0.5) return dom;
  const w = wordsPerDomain(p);
  for (let x = 0; x < p.domSize.length; x++)
    for (let a = 0; a < (p.domSize[x] as number); a++)
      if (rng.float() < 0.1) dom[x * w + (a >>> 5)] = ((dom[x * w + (a >>> 5)] as number) & ~(1 << (a & 31))) >>> 0;
  return dom;
}

/**
 * Fixed input: weights on the initial domains (0 outside), a mix of exact ONE, exact 0 and uniform
 * Q1.15 values; sometimes all 0/ONE, where fixed mode must behave exactly like hard mode.
 */
function drawWeights(rng: Rng, p: Problem): Uint16Array {
  const n = p.domSize.length;
  const w = wordsPerDomain(p);
  const D = largestDomain(p.domSize);
  const out = new Uint16Array(n * D);
  const binary = rng.float() < 0.15;
  for (let x = 0; x < n; x++)
    for (let a = 0; a < (p.domSize[x] as number); a++) {
      if (!(((p.init[x * w + (a >>> 5)] as number) >>> (a & 31)) & 1)) continue;
      const r = rng.float();
      out[x * D + a] = binary || r < 0.25 ? ONE : r < 0.35 ? 0 : rng.int(1, ONE);
    }
  return out;
}

/** Draws one case from `rng`: family, mode (hard or fixed, evenly), input state and round limit. */
export function drawHilCase(rng: Rng): HilCase {
  const { family, problem } = drawProblem(rng);
  const mode: DeviceMode = rng.int(0, 1) === 0 ? 'hard' : 'fixed';
  // Mostly "to the fixpoint", sometimes a short budget so that stopping on MAX_ROUNDS is covered.
  const maxRounds = rng.float() < 0.25 ? rng.int(1, 4) : 64;
  return mode === 'hard'
    ? { family, problem, mode, maxRounds, domains: drawDomains(rng, problem) }
    : { family, problem, mode, maxRounds, weights: drawWeights(rng, problem) };
}
