import { largestDomain, wordsFor } from '../solver/model/problem.js';

/**
 * Which values of a soft domain survive as the domain goes hard. As τ → 0 the weights tend to
 * one-hot and both rules keep exactly the argmax; at higher τ they keep a small candidate set.
 */
export type HardenRule =
  /** Keep a iff p[a] > 0 and p[a] ≥ ratio · max_b p[b] (0 < ratio ≤ 1; ties at the max are all kept). */
  | { kind: 'threshold'; ratio: number }
  /** Keep the k largest positive weights (ties: lower value index first). */
  | { kind: 'topk'; k: number };

/**
 * Soft weights of `batch` instances, layout [batch, nVars, D] with D the largest domain size,
 * to one bitmask domain array per instance in the problem layout (nVars · words words; values
 * a ≥ d_i never set). A variable whose weights are all 0 gets an empty domain: a wipe-out the
 * caller sees. Allocates only the outputs.
 */
export function hardenDomains(weights: Float32Array, batch: number, domSize: Int32Array, rule: HardenRule): Uint32Array[] {
  const n = domSize.length;
  const valuesPerVar = largestDomain(domSize);
  const w = wordsFor(valuesPerVar);
  if (weights.length !== batch * n * valuesPerVar)
    throw new Error(`hardenDomains: ${weights.length} weights, expected ${batch} × ${n} × ${valuesPerVar}`);
  if (rule.kind === 'threshold' && !(rule.ratio > 0 && rule.ratio <= 1))
    throw new Error(`hardenDomains: ratio ${rule.ratio} not in (0, 1]`);
  if (rule.kind === 'topk' && !(Number.isInteger(rule.k) && rule.k >= 1))
    throw new Error(`hardenDomains: k ${rule.k} is not an integer ≥ 1`);
  const out: Uint32Array[] = [];
  for (let i = 0; i < batch; i++) {
    const dom = new Uint32Array(n * w);
    for (let x = 0; x < n; x++) {
      const at = (i * n + x) * valuesPerVar;
      const dx = domSize[x] as number;
      if (rule.kind === 'threshold') keepThreshold(weights, at, dx, rule.ratio, dom, x * w);
      else keepTopK(weights, at, dx, rule.k, dom, x * w);
    }
    out.push(dom);
  }
  return out;
}

function set(dom: Uint32Array, at: number, a: number): void {
  dom[at + (a >>> 5)] = ((dom[at + (a >>> 5)] as number) | (1 << (a & 31))) >>> 0;
}

function keepThreshold(p: Float32Array, at: number, d: number, ratio: number, dom: Uint32Array, w0: number): void {
  let max = 0;
  for (let a = 0; a < d; a++) max = Math.max(max, p[at + a] as number);
  if (max <= 0) return;
  const cut = ratio * max;
  for (let a = 0; a < d; a++) if ((p[at + a] as number) >= cut) set(dom, w0, a);
}

/** k passes of "largest not yet kept": k is small, so this beats sorting and allocates nothing. */
function keepTopK(p: Float32Array, at: number, d: number, k: number, dom: Uint32Array, w0: number): void {
  for (let j = 0; j < k; j++) {
    let best = -1;
    let bestP = 0;
    for (let a = 0; a < d; a++) {
      const v = p[at + a] as number;
      if (v > bestP && !((dom[w0 + (a >>> 5)] as number) & (1 << (a & 31)))) {
        best = a;
        bestP = v;
      }
    }
    if (best < 0) return;
    set(dom, w0, best);
  }
}
