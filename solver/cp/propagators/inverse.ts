import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * `inverse(f, invf)` with MiniZinc's index sets: f[i] = j ⇔ invf[j] = i, where f is indexed from
 * `fBase` and invf from `invBase` (position p of f is index fBase + p). Every f[i] lies in invf's
 * index set and back. Domain consistent on the channelling pairs (j stays in f[i] iff i is in
 * invf[j], and back; bounds only on interval variables); that the values are all different is
 * implied, and the poster adds an all_different on each side for that filtering.
 */
export class Inverse implements CpPropagator {
  constructor(
    readonly f: Int32Array,
    readonly fBase: number,
    readonly invf: Int32Array,
    readonly invBase: number,
  ) {}

  propagate(s: IntStore): boolean {
    return channel(s, this.f, this.fBase, this.invf, this.invBase) && channel(s, this.invf, this.invBase, this.f, this.fBase);
  }
}

/** Keeps in a[p] (index aBase + p) only the indices j of b with aBase + p ∈ b[j]. */
function channel(s: IntStore, a: Int32Array, aBase: number, b: Int32Array, bBase: number): boolean {
  for (let p = 0; p < a.length; p++) {
    const v = a[p] as number;
    if (!s.setMin(v, bBase) || !s.setMax(v, bBase + b.length - 1)) return false;
    for (let j = s.min(v); j !== Infinity; j = s.next(v, j))
      if (!s.contains(b[j - bBase] as number, aBase + p) && !s.remove(v, j)) return false;
  }
  return true;
}
