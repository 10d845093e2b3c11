import type { IntStore } from '../int-store.js';
import type { Advised } from '../propagator.js';
import type { Space } from '../space.js';
import { floorDiv } from './int-division.js';
import { DISENTAILED, ENTAILED, type Reifiable, UNDECIDED } from './reified.js';

/**
 * Linear constraints Σ a[i]·x[i] (rel) c over integer coefficients (FlatZinc int_lin_le, int_lin_eq,
 * int_lin_ne). Sums are doubles: the poster must ensure Σ |a[i]|·max|x[i]| + |c| < 2^53
 * (`linearMagnitude`) so that every sum and product here is exact.
 *
 * Posted with `postAdvised`, a constraint keeps the sums of its terms' least and greatest values in
 * store cells, updated by each bound move its advisors are told of (the bounds last seen per term are
 * cells too), so a wake-up costs O(1) instead of a pass over the terms, and the trail restores them
 * with the domains. A run reaches its fixpoint (idempotent), so Space skips the wake-up its own
 * narrowing causes, and any other until a move that matters. Inside a reification (not posted
 * itself) it sums from scratch.
 */
abstract class LinearTerms implements Reifiable, Advised {
  readonly idempotent = true;
  protected readonly n: number;
  /** First cell: Σ least term values, Σ greatest, then per term its seen lo and hi; −1 when not advised. */
  protected cells = -1;

  constructor(
    protected readonly a: Float64Array,
    protected readonly x: Int32Array,
    protected readonly c: number,
  ) {
    this.n = a.length;
  }

  abstract propagate(s: IntStore): boolean;
  abstract entailment(s: IntStore): number;

  /** Whether a move of the sum of greatest values can enable pruning (the sum of least values always can). */
  protected readonly maxMatters: boolean = true;

  /** Posts it with an advisor per term woken by `event`; returns its id. */
  postAdvised(space: Space, event: number): number {
    const s = space.store;
    const k = s.newCells(2 + 2 * this.n);
    // Fresh cells of the root state, like a new variable's bounds: written without the trail.
    for (let i = 0; i < this.n; i++) {
      const v = this.x[i] as number;
      s.cell[k + 2 + 2 * i] = s.min(v);
      s.cell[k + 3 + 2 * i] = s.max(v);
    }
    s.cell[k] = this.minSum(s);
    s.cell[k + 1] = this.maxSum(s);
    this.cells = k;
    const id = space.postAdvised(this);
    for (let i = 0; i < this.n; i++) space.advise(id, this.x[i] as number, event, i);
    return id;
  }

  advise(s: IntStore, i: number): boolean {
    const k = this.cells;
    const seen = k + 2 + 2 * i;
    const v = this.x[i] as number;
    const lo = s.min(v);
    const hi = s.max(v);
    const a = this.a[i] as number;
    const dLo = a * (lo - (s.cell[seen] as number));
    const dHi = a * (hi - (s.cell[seen + 1] as number));
    if (dLo !== 0) s.setCell(seen, lo);
    if (dHi !== 0) s.setCell(seen + 1, hi);
    // A lower bound raises the least sum when a > 0, lowers the greatest when a < 0; an upper one the reverse.
    const dMin = a > 0 ? dLo : dHi;
    const dMax = a > 0 ? dHi : dLo;
    if (dMin !== 0) s.setCell(k, (s.cell[k] as number) + dMin);
    if (dMax !== 0) s.setCell(k + 1, (s.cell[k + 1] as number) + dMax);
    return dMin !== 0 || (dMax !== 0 && this.maxMatters);
  }

  /** Smallest value of the sum over the current bounds. */
  protected minSum(s: IntStore): number {
    if (this.cells >= 0) return s.cell[this.cells] as number;
    let sum = 0;
    for (let i = 0; i < this.n; i++) {
      const a = this.a[i] as number;
      const v = this.x[i] as number;
      sum += a > 0 ? a * s.min(v) : a * s.max(v);
    }
    return sum;
  }

  /** Largest value of the sum over the current bounds. */
  protected maxSum(s: IntStore): number {
    if (this.cells >= 0) return s.cell[this.cells + 1] as number;
    let sum = 0;
    for (let i = 0; i < this.n; i++) {
      const a = this.a[i] as number;
      const v = this.x[i] as number;
      sum += a > 0 ? a * s.max(v) : a * s.min(v);
    }
    return sum;
  }

  /**
   * Entailment of Σ = c: ENTAILED when all are fixed and it holds, DISENTAILED when c is outside
   * the sum's range or the one unfixed variable cannot take the value it needs.
   */
  protected equalityEntailment(s: IntStore): number {
    const lo = this.minSum(s);
    const hi = this.maxSum(s);
    if (this.c < lo || this.c > hi) return DISENTAILED;
    if (lo === hi) return ENTAILED;
    let free = -1;
    let fixedSum = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.x[i] as number;
      if (!s.isFixed(v)) {
        if (free >= 0) return UNDECIDED;
        free = i;
      } else fixedSum += (this.a[i] as number) * s.value(v);
    }
    const a = this.a[free] as number;
    const rest = this.c - fixedSum;
    return rest % a === 0 && s.contains(this.x[free] as number, rest / a) ? UNDECIDED : DISENTAILED;
  }
}

/** Σ a[i]·x[i] ≤ c, domain consistent (one pass reaches the fixpoint). Watch EV_BOUNDS. */
export class LinearLe extends LinearTerms {
  protected override readonly maxMatters = false;

  propagate(s: IntStore): boolean {
    const slack = this.c - this.minSum(s);
    if (slack < 0) return false;
    // No term spans more than the whole sum does: none can exceed the slack (checked where it is O(1)).
    if (this.cells >= 0 && this.maxSum(s) <= this.c) return true;
    // Each term may grow by at most `slack` above its minimum; tightening x[i] never changes the minimum sum.
    for (let i = 0; i < this.n; i++) {
      const a = this.a[i] as number;
      const v = this.x[i] as number;
      const lo = s.min(v);
      const hi = s.max(v);
      if (a > 0) {
        if (a * (hi - lo) > slack && !s.setMax(v, lo + floorDiv(slack, a))) return false;
      } else if (-a * (hi - lo) > slack && !s.setMin(v, hi - floorDiv(slack, -a))) return false;
    }
    return true;
  }

  entailment(s: IntStore): number {
    if (this.maxSum(s) <= this.c) return ENTAILED;
    return this.minSum(s) > this.c ? DISENTAILED : UNDECIDED;
  }

  /** Σ −a[i]·x[i] ≤ −c − 1: the negation. */
  negated(): LinearLe {
    return new LinearLe(
      this.a.map((a) => -a),
      this.x,
      -this.c - 1,
    );
  }
}

/**
 * Σ a[i]·x[i] = c, bounds(R) consistent: every bound of every x[i] has a support where the other
 * variables take real values within their bounds. Watch EV_BOUNDS.
 */
export class LinearEq extends LinearTerms {
  propagate(s: IntStore): boolean {
    const c = this.c;
    for (;;) {
      const lo = this.minSum(s);
      const hi = this.maxSum(s);
      if (c < lo || c > hi) return false;
      // A term may rise c − lo above its minimum and fall hi − c below its maximum.
      const up = c - lo;
      const down = hi - c;
      const least = Math.min(up, down);
      let changed = false;
      for (let i = 0; i < this.n; i++) {
        const a = this.a[i] as number;
        const v = this.x[i] as number;
        const xl = s.min(v);
        const xh = s.max(v);
        const m = a > 0 ? a : -a;
        // A bound moves only when the term spans more than up (its top) or down (its bottom).
        if (m * (xh - xl) <= least) continue;
        // For a > 0 the term is smallest at xl, for a < 0 at xh.
        const nl = a > 0 ? xh - floorDiv(down, m) : xh - floorDiv(up, m);
        const nh = a > 0 ? xl + floorDiv(up, m) : xl + floorDiv(down, m);
        if (nl > xl) {
          if (!s.setMin(v, nl)) return false;
          changed = true;
        }
        if (nh < xh) {
          if (!s.setMax(v, nh)) return false;
          changed = true;
        }
      }
      if (!changed) return true;
    }
  }

  entailment(s: IntStore): number {
    return this.equalityEntailment(s);
  }
}

/** Σ a[i]·x[i] ≠ c: removes the one value left out once all but one variable are fixed. Watch EV_FIX. */
export class LinearNe extends LinearTerms {
  propagate(s: IntStore): boolean {
    let free = -1;
    let fixedSum = 0;
    for (let i = 0; i < this.n; i++) {
      const v = this.x[i] as number;
      if (!s.isFixed(v)) {
        if (free >= 0) return true;
        free = i;
      } else fixedSum += (this.a[i] as number) * s.value(v);
    }
    const rest = this.c - fixedSum;
    if (free < 0) return rest !== 0;
    const a = this.a[free] as number;
    return rest % a !== 0 || s.remove(this.x[free] as number, rest / a);
  }

  entailment(s: IntStore): number {
    return -this.equalityEntailment(s);
  }
}

/** Σ |a[i]|·max(|min x[i]|, |max x[i]|) + |c|: below 2^53 the linear propagators compute exactly. */
export function linearMagnitude(s: IntStore, a: ArrayLike<number>, x: ArrayLike<number>, c: number): number {
  let m = Math.abs(c);
  for (let i = 0; i < a.length; i++) {
    const v = x[i] as number;
    m += Math.abs(a[i] as number) * Math.max(Math.abs(s.min(v)), Math.abs(s.max(v)));
  }
  return m;
}
