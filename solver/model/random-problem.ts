import type { Constraint, Problem } from './problem.js';
import { fullDomains, tableFrom, wordsFor } from './problem.js';
import type { Rng } from './rng.js';

export type ConstraintKind = Constraint['kind'];

export interface RandomProblemOptions {
  /** Number of variables. */
  vars: number;
  /** Largest domain size; each variable's size is drawn from ceil(domain/2)..domain. */
  domain: number;
  /** Number of constraints as a fraction of the vars*(vars-1)/2 pairs (at least one constraint). */
  density: number;
  /** Fraction of value pairs a table forbids; also how sparse clause literal sets are. */
  tightness: number;
  /** Constraint kinds to draw from, uniformly (default: all four). */
  kinds?: ConstraintKind[];
  /** Remove random values from some initial domains (never emptying one). */
  holes?: boolean;
}

const ALL_KINDS: ConstraintKind[] = ['table', 'neq', 'alldiff', 'clause'];

/** Distinct variables, `count` of them, in random order. */
function pickVars(rng: Rng, n: number, count: number): Int32Array {
  const all = Array.from({ length: n }, (_, i) => i);
  return Int32Array.from(rng.shuffle(all).slice(0, count));
}

/** A small seeded random CSP mixing the requested constraint kinds (for oracle tests and benchmarks). */
export function randomProblem(rng: Rng, opts: RandomProblemOptions): Problem {
  const n = opts.vars;
  const kinds = opts.kinds ?? ALL_KINDS;
  const domSize = new Int32Array(n);
  for (let i = 0; i < n; i++) domSize[i] = rng.int(Math.max(1, Math.ceil(opts.domain / 2)), opts.domain);
  const init = fullDomains(domSize);
  const words = wordsFor(Math.max(1, ...domSize));
  if (opts.holes) {
    for (let i = 0; i < n; i++) {
      if (rng.float() >= 0.4) continue;
      const keep = rng.int(0, (domSize[i] as number) - 1);
      for (let a = 0; a < (domSize[i] as number); a++)
        if (a !== keep && rng.float() < 0.35)
          init[i * words + (a >>> 5)] = ((init[i * words + (a >>> 5)] as number) & ~(1 << (a & 31))) >>> 0;
    }
  }
  const p: Problem = { domSize, init, constraints: [] };
  const m = Math.max(1, Math.round((opts.density * n * (n - 1)) / 2));
  for (let k = 0; k < m; k++) {
    let kind = kinds[rng.int(0, kinds.length - 1)] as ConstraintKind;
    if (n < 2) kind = 'clause';
    if (kind === 'table') {
      const [x, y] = pickVars(rng, n, 2) as unknown as [number, number];
      p.constraints.push(tableFrom(p, words, x, y, () => rng.float() >= opts.tightness));
    } else if (kind === 'neq') {
      const [x, y] = pickVars(rng, n, 2) as unknown as [number, number];
      p.constraints.push({ kind: 'neq', x, y });
    } else if (kind === 'alldiff') {
      p.constraints.push({ kind: 'alldiff', vars: pickVars(rng, n, rng.int(2, Math.min(n, 4))) });
    } else {
      const vars = pickVars(rng, n, rng.int(1, Math.min(n, 3)));
      const sets = new Uint32Array(vars.length * words);
      vars.forEach((v, l) => {
        const d = domSize[v] as number;
        const must = rng.int(0, d - 1);
        for (let a = 0; a < d; a++)
          if (a === must || rng.float() >= opts.tightness)
            sets[l * words + (a >>> 5)] = ((sets[l * words + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
      });
      p.constraints.push({ kind: 'clause', vars, sets });
    }
  }
  return p;
}
