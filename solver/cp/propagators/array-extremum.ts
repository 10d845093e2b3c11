import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * m = max(x) (sign +1: FlatZinc array_int_maximum, int_max) or m = min(x) (sign −1:
 * array_int_minimum, int_min; handled as −m = max(−x)), bounds reasoning. m lies between the
 * largest lower bound and the largest upper bound of the x; every x is at most m; when only one x
 * can reach m's lower bound, it is at least that. Watch every variable on EV_BOUNDS.
 */
export class ArrayExtremum implements CpPropagator {
  constructor(
    private readonly m: number,
    private readonly x: Int32Array,
    private readonly sign: 1 | -1,
  ) {}

  propagate(s: IntStore): boolean {
    const { m, x } = this;
    let lowMax = -Infinity;
    let highMax = -Infinity;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      lowMax = Math.max(lowMax, this.lo(s, v));
      highMax = Math.max(highMax, this.hi(s, v));
    }
    if (!this.setLo(s, m, lowMax) || !this.setHi(s, m, highMax)) return false;
    const mLo = this.lo(s, m);
    const mHi = this.hi(s, m);
    let reach = -1;
    let reaching = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (!this.setHi(s, v, mHi)) return false;
      if (this.hi(s, v) >= mLo) {
        reach = i;
        reaching++;
      }
    }
    if (reaching === 0) return false;
    return reaching > 1 || this.setLo(s, x[reach] as number, mLo);
  }

  /** Lower bound of sign·v. */
  private lo(s: IntStore, v: number): number {
    return this.sign > 0 ? s.min(v) : -s.max(v);
  }

  private hi(s: IntStore, v: number): number {
    return this.sign > 0 ? s.max(v) : -s.min(v);
  }

  /** sign·v ≥ b. */
  private setLo(s: IntStore, v: number, b: number): boolean {
    return this.sign > 0 ? s.setMin(v, b) : s.setMax(v, -b);
  }

  /** sign·v ≤ b. */
  private setHi(s: IntStore, v: number, b: number): boolean {
    return this.sign > 0 ? s.setMax(v, b) : s.setMin(v, -b);
  }
}
