import { BITMASK_SPAN, type IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/** A (unary or binary) integer function z = f(x, y) with its bounds reasoning. */
export interface IntFunction {
  /** FlatZinc name, for messages. */
  readonly name: string;
  /** f(x, y); NaN where f is undefined (the constraint then fails), any number outside the value range where it overflows. */
  apply(x: number, y: number): number;
  /** Narrows the bounds of x, y (absent: −1) and z, soundly; false when z = f(x, y) cannot hold. */
  bounds(s: IntStore, x: number, y: number, z: number): boolean;
}

/** Largest |D(x)|·|D(y)| enumerated for domain consistency (about 10 µs of work per call). */
export const ENUMERATION_LIMIT = 1024;

// Scratch for one propagate call at a time (propagators never run nested): which values have a support.
const xSeen = new Uint8Array(ENUMERATION_LIMIT);
const ySeen = new Uint8Array(ENUMERATION_LIMIT);
const yValues = new Int32Array(ENUMERATION_LIMIT);
const zSeen = new Uint8Array(BITMASK_SPAN);

/**
 * z = f(x, y) (y = −1 for a unary f). Runs f's bounds reasoning, then, when |D(x)|·|D(y)| is at
 * most ENUMERATION_LIMIT, enumerates the pairs: domain consistent on bitmask variables (bounds on
 * intervals) in that case, and every full assignment is checked by f itself. x = y (a square) is
 * enumerated on the diagonal only. Watch every variable on EV_DOMAIN.
 */
export class Functional implements CpPropagator {
  constructor(
    private readonly f: IntFunction,
    private readonly x: number,
    private readonly y: number,
    private readonly z: number,
  ) {}

  propagate(s: IntStore): boolean {
    const { f, x, y, z } = this;
    if (!f.bounds(s, x, y, z)) return false;
    const unary = y < 0;
    const same = x === y;
    const nx = s.domSize(x);
    if (!unary && !same && nx * s.domSize(y) > ENUMERATION_LIMIT) return true;
    if (nx > ENUMERATION_LIMIT) return true;
    // y's values once, so the inner loop reads an array.
    let ny = 0;
    if (unary) yValues[ny++] = 0;
    else if (!same) for (let b = s.min(y); b !== Infinity; b = s.next(y, b)) yValues[ny++] = b;
    const zWindow = s.hasWindow(z);
    const zMin = s.min(z);
    const zMax = s.max(z);
    if (zWindow) zSeen.fill(0, 0, zMax - zMin + 1);
    ySeen.fill(0, 0, ny);
    let zLo = Infinity;
    let zHi = -Infinity;
    let i = 0;
    for (let a = s.min(x); a !== Infinity; a = s.next(x, a), i++) {
      xSeen[i] = 0;
      if (same) yValues[0] = a;
      for (let j = 0, m = same ? 1 : ny; j < m; j++) {
        const r = f.apply(a, yValues[j] as number);
        // NaN (undefined) fails both comparisons.
        if (!(r >= zMin && r <= zMax) || (zWindow && !s.contains(z, r))) continue;
        xSeen[i] = 1;
        ySeen[j] = 1;
        if (zWindow) zSeen[r - zMin] = 1;
        if (r < zLo) zLo = r;
        if (r > zHi) zHi = r;
      }
    }
    if (zLo === Infinity) return false;
    if (!keep(s, x, xSeen)) return false;
    if (!unary && !same && !keep(s, y, ySeen)) return false;
    if (!s.setMin(z, zLo) || !s.setMax(z, zHi)) return false;
    if (zWindow) for (let c = s.min(z); c !== Infinity; c = s.next(z, c)) if (!zSeen[c - zMin]) s.remove(z, c);
    return true;
  }
}

/** Keeps the values of v whose flag (by position in the domain) is set; at least one is. */
function keep(s: IntStore, v: number, seen: Uint8Array): boolean {
  let i = 0;
  let last = -Infinity;
  // Ascending removals: on an interval variable each unsupported value at the bottom is the lower bound by then.
  for (let a = s.min(v); a !== Infinity; a = s.next(v, a), i++) {
    if (seen[i]) last = a;
    else s.remove(v, a);
  }
  return s.setMax(v, last);
}
