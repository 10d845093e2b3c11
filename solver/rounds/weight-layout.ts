import type { Problem } from '../model/problem.js';
import { toFixed } from './fixed-point.js';

/**
 * Conversions between the three layouts of hdl/SPEC.md section 1: bitmask domains (nVars * words
 * words), float weights and Q1.15 weights (nVars * stride values, value a of variable x at
 * x*stride + a, stride = largest domain size). Batches repeat the layout per instance.
 */

/** Weights of `batch` copies of the domains: `one` for a value in the domain, 0 otherwise. */
export function weightsFromDomains<T extends Float32Array | Uint16Array>(
  domains: Uint32Array,
  domSize: Int32Array,
  words: number,
  stride: number,
  out: T,
  one: number,
): T {
  const n = domSize.length;
  const batch = out.length / (n * stride);
  if (domains.length !== batch * n * words) throw new Error(`weightsFromDomains: ${domains.length} words for ${batch} × ${n} × ${words}`);
  out.fill(0);
  for (let i = 0; i < batch; i++)
    for (let x = 0; x < n; x++)
      for (let a = 0; a < (domSize[x] as number); a++)
        if (((domains[(i * n + x) * words + (a >>> 5)] as number) >>> (a & 31)) & 1) out[(i * n + x) * stride + a] = one;
  return out;
}

/** Domains of weights: value a is in the domain iff its weight is non-zero. */
export function domainsFromWeights(weights: Float32Array | Uint16Array, domSize: Int32Array, words: number, stride: number): Uint32Array {
  const n = domSize.length;
  const batch = weights.length / (n * stride);
  const out = new Uint32Array(batch * n * words);
  for (let i = 0; i < batch; i++)
    for (let x = 0; x < n; x++)
      for (let a = 0; a < (domSize[x] as number); a++)
        if ((weights[(i * n + x) * stride + a] as number) !== 0) {
          const at = (i * n + x) * words + (a >>> 5);
          out[at] = ((out[at] as number) | (1 << (a & 31))) >>> 0;
        }
  return out;
}

/** Float weights 1.0 on the problem's initial domains (one instance). */
export function initialWeights(p: Problem, words: number, stride: number): Float32Array {
  return weightsFromDomains(p.init, p.domSize, words, stride, new Float32Array(p.domSize.length * stride), 1);
}

/** Q1.15 weights of float weights (hdl/SPEC.md section 4 conversion). */
export function toFixedWeights(w: Float32Array): Uint16Array {
  return Uint16Array.from(w, toFixed);
}
