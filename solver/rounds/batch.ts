import type { Constraint, Problem } from '../model/problem.js';
import { wordsPerDomain } from '../model/problem.js';

/**
 * Propagating many problems at once. Two ways, both feeding one propagator:
 * - the same problem with B weight vectors: build the propagator with `batch = B` and lay the
 *   instances one after another;
 * - different problems: propagate their disjoint union (`unionProblems`) with batch 1, as the
 *   encoder's trainer does with a batch of instances of different structures.
 * Rounds are synchronous and per variable, so a union's parts never interact and each part goes
 * through exactly the rounds it would alone; only the stopping rule is the union's.
 */

/** The disjoint union of problems and where each one's variables start. */
export interface ProblemUnion {
  problem: Problem;
  /** Variables of part j are varStart[j] .. varStart[j+1]-1. */
  varStart: Int32Array;
}

export function unionProblems(parts: readonly Problem[]): ProblemUnion {
  const varStart = new Int32Array(parts.length + 1);
  parts.forEach((p, j) => {
    varStart[j + 1] = (varStart[j] as number) + p.domSize.length;
  });
  const n = varStart[parts.length] as number;
  const domSize = new Int32Array(n);
  parts.forEach((p, j) => {
    domSize.set(p.domSize, varStart[j] as number);
  });
  const w = wordsPerDomain({ domSize });
  const init = new Uint32Array(n * w);
  const constraints: Constraint[] = [];
  parts.forEach((p, j) => {
    const off = varStart[j] as number;
    const pw = wordsPerDomain(p);
    const rebase = (bits: Uint32Array, count: number): Uint32Array => {
      if (pw === w) return bits;
      const out = new Uint32Array(count * w);
      for (let r = 0; r < count; r++) out.set(bits.subarray(r * pw, (r + 1) * pw), r * w);
      return out;
    };
    init.set(rebase(p.init, p.domSize.length), off * w);
    for (const c of p.constraints) {
      switch (c.kind) {
        case 'table':
          constraints.push({ kind: 'table', x: c.x + off, y: c.y + off, rows: rebase(c.rows, p.domSize[c.x] as number) });
          break;
        case 'neq':
          constraints.push({ kind: 'neq', x: c.x + off, y: c.y + off });
          break;
        case 'alldiff':
          constraints.push({ kind: 'alldiff', vars: c.vars.map((v) => v + off) });
          break;
        case 'clause':
          constraints.push({ kind: 'clause', vars: c.vars.map((v) => v + off), sets: rebase(c.sets, c.vars.length) });
          break;
      }
    }
  });
  return { problem: { domSize, init, constraints }, varStart };
}
