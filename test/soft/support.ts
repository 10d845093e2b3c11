import type { Problem } from '../../solver/model/problem.js';
import { hasBit, wordsPerDomain } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';

/**
 * Independent references for the soft-propagation tests, written straight from hdl/SPEC.md section 3
 * on the Problem (not the arc program), one value at a time, in plain Number arithmetic.
 */

/** Probabilistic OR of a list: 1 − Π (1 − v). */
function orAll(vals: number[]): number {
  let f = 1;
  for (const v of vals) f *= 1 - v;
  return 1 - f;
}

/** The binary relations of a problem as directed pairs (x, y, allowed(a, b)), both directions. */
function directedArcs(p: Problem): { x: number; y: number; ok: (a: number, b: number) => boolean }[] {
  const words = wordsPerDomain(p);
  const out: { x: number; y: number; ok: (a: number, b: number) => boolean }[] = [];
  const neq = (x: number, y: number) => out.push({ x, y, ok: (a, b) => a !== b }, { x: y, y: x, ok: (a, b) => a !== b });
  for (const c of p.constraints) {
    if (c.kind === 'table') {
      out.push(
        { x: c.x, y: c.y, ok: (a, b) => hasBit(c.rows, a * words, b) },
        { x: c.y, y: c.x, ok: (b, a) => hasBit(c.rows, a * words, b) },
      );
    } else if (c.kind === 'neq') neq(c.x, c.y);
    else if (c.kind === 'alldiff')
      for (let i = 0; i < c.vars.length; i++) for (let j = i + 1; j < c.vars.length; j++) neq(c.vars[i] as number, c.vars[j] as number);
  }
  return out;
}

/** One synchronous soft round (section 3) on weights w[x][a]; also F[x][a] of section 4.1. */
export function directRound(p: Problem, w: number[][]): { next: number[][]; fanIn: number[][] } {
  const words = wordsPerDomain(p);
  const next = w.map((r) => r.slice());
  const fanIn = w.map((r) => r.map(() => 0));
  const d = (x: number) => p.domSize[x] as number;
  for (const { x, y, ok } of directedArcs(p)) {
    for (let a = 0; a < d(x); a++) {
      const support: number[] = [];
      for (let b = 0; b < d(y); b++) if (ok(a, b)) support.push((w[y] as number[])[b] as number);
      (next[x] as number[])[a] = ((next[x] as number[])[a] as number) * orAll(support);
      (fanIn[x] as number[])[a] = ((fanIn[x] as number[])[a] as number) + support.length;
    }
  }
  for (const c of p.constraints) {
    if (c.kind !== 'clause') continue;
    const inSet = (l: number, a: number) => hasBit(c.sets, l * words, a);
    const lits = Array.from(c.vars, (x, l) => {
      const vals: number[] = [];
      for (let b = 0; b < d(x); b++) if (inSet(l, b)) vals.push((w[x] as number[])[b] as number);
      return { weight: orAll(vals), size: vals.length };
    });
    c.vars.forEach((x, k) => {
      const others = lits.filter((_, l) => l !== k);
      for (let a = 0; a < d(x); a++) {
        if (inSet(k, a)) continue;
        (next[x] as number[])[a] = ((next[x] as number[])[a] as number) * orAll(others.map((o) => o.weight));
        (fanIn[x] as number[])[a] = ((fanIn[x] as number[])[a] as number) + others.reduce((s, o) => s + o.size, 0);
      }
    });
  }
  return { next, fanIn };
}

/**
 * Random Q1.15 weights on the problem's initial domains (0 outside), with exact 0s and 1s mixed in,
 * as w[x][a] reals (every one a multiple of 2^−15, so float32 and Q1.15 hold them exactly).
 */
export function randomGridWeights(rng: Rng, p: Problem): number[][] {
  const words = wordsPerDomain(p);
  return Array.from(p.domSize, (dx, x) =>
    Array.from({ length: dx }, (_, a) => {
      if (!hasBit(p.init, x * words, a)) return 0;
      const r = rng.float();
      if (r < 0.1) return 0;
      if (r < 0.25) return 1;
      return rng.int(0, 32768) / 32768;
    }),
  );
}

/** Nested weights to the flat layout of section 1 (stride D). */
export function flatten(w: number[][], stride: number, out: Float32Array | Uint16Array, scale: number): void {
  out.fill(0);
  w.forEach((r, x) => {
    r.forEach((v, a) => {
      out[x * stride + a] = v * scale;
    });
  });
}

/** Flat weights of one instance back to nested reals. */
export function nest(flat: Float32Array | Uint16Array, domSize: Int32Array, stride: number, scale: number, at = 0): number[][] {
  return Array.from(domSize, (dx, x) => Array.from({ length: dx }, (_, a) => (flat[at + x * stride + a] as number) / scale));
}

/** One float round and one Q1.15 round of the problem's arc program from the same weights w[x][a] (on the Q1.15 grid). */
export function roundBoth(p: Problem, w: number[][]) {
  const prog = compileArcs(p);
  const soft = new SoftPropagator(prog, 1);
  const fixed = new FixedPropagator(prog, 1);
  const fw = new Float32Array(soft.size);
  const qw = new Uint16Array(fixed.size);
  flatten(w, soft.stride, fw, 1);
  flatten(w, fixed.stride, qw, 32768);
  const float = new Float32Array(soft.size);
  const q = new Uint16Array(fixed.size);
  const info = { ...soft.round(fw, float) };
  fixed.round(qw, q);
  return { stride: soft.stride, float, fixed: q, changed: info.changed[0], wiped: info.wiped[0] };
}
