import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';

/**
 * `cumulative(s, d, r, b)`: at every time t, the tasks running (s[i] ≤ t < s[i] + d[i]) use at
 * most b in total (r[i] each). Time-tabling with the minimum durations and resources: a task's
 * compulsory part [max s, min s + min d) is occupied by it whatever happens; their sum is the
 * profile. The profile may not exceed max b (and raises min b); a task is pushed out of every
 * profile segment where it would overflow (its own part left out), and its resource use is capped by
 * the capacity left over its compulsory part by the others' profile. Before that, an overload check
 * (energy): the tasks that must run inside a window [est of one, lct of another] may not need more
 * than capacity × its length, O(n²) per call. On a full assignment every part
 * is the task itself, so an overload always fails. A task whose duration is at most 0 uses nothing
 * (as in MiniZinc's decompositions); resources are at least 0 (the poster checks). Allocation-free: profile events are sorted in place (insertion sort, so small task
 * counts are what it is for).
 */
export class Cumulative implements CpPropagator {
  private readonly n: number;
  /** Profile events: time, and height change (+r at a part's start, −r at its end). */
  private readonly evTime: Float64Array;
  private readonly evDelta: Float64Array;
  /** Profile segments [segStart, segEnd) of height segHeight > 0. */
  private readonly segStart: Float64Array;
  private readonly segEnd: Float64Array;
  private readonly segHeight: Float64Array;
  private segments = 0;
  /** Overload check: tasks by latest completion time, and each task's est, lct and energy (min d × min r). */
  private readonly byLct: Int32Array;
  private readonly est: Float64Array;
  private readonly lct: Float64Array;
  private readonly energy: Float64Array;

  constructor(
    readonly start: Int32Array,
    readonly duration: Int32Array,
    readonly resource: Int32Array,
    readonly capacity: number,
  ) {
    const n = start.length;
    this.n = n;
    this.evTime = new Float64Array(2 * n);
    this.evDelta = new Float64Array(2 * n);
    this.segStart = new Float64Array(2 * n);
    this.segEnd = new Float64Array(2 * n);
    this.segHeight = new Float64Array(2 * n);
    this.byLct = new Int32Array(n);
    this.est = new Float64Array(n);
    this.lct = new Float64Array(n);
    this.energy = new Float64Array(n);
  }

  propagate(s: IntStore): boolean {
    if (!this.buildProfile(s)) return false;
    const cap = s.max(this.capacity);
    if (this.overloaded(s, cap)) return false;
    for (let i = 0; i < this.n; i++) {
      const st = this.start[i] as number;
      const d = s.min(this.duration[i] as number);
      const r = s.min(this.resource[i] as number);
      if (d <= 0) continue;
      // This task's own compulsory part, left out of the profile when testing it.
      const partFrom = s.max(st);
      const partTo = s.min(st) + d;
      if (partFrom < partTo && !s.setMax(this.resource[i] as number, cap - this.othersPeak(partFrom, partTo, r))) return false;
      if (r === 0) continue;
      let est = s.min(st);
      for (let k = 0; k < this.segments && (this.segStart[k] as number) < est + d; k++)
        if ((this.segEnd[k] as number) > est && this.overflows(k, partFrom, partTo, r, cap)) est = this.segEnd[k] as number;
      if (!s.setMin(st, est)) return false;
      let end = s.max(st) + d;
      for (let k = this.segments - 1; k >= 0 && (this.segEnd[k] as number) > end - d; k--)
        if ((this.segStart[k] as number) < end && this.overflows(k, partFrom, partTo, r, cap)) end = this.segStart[k] as number;
      if (!s.setMax(st, end - d)) return false;
    }
    return true;
  }

  /** Whether some window [est_a, lct_j] must hold more energy than cap × its length. */
  private overloaded(s: IntStore, cap: number): boolean {
    const { byLct, est, lct, energy } = this;
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      const st = this.start[i] as number;
      const d = s.min(this.duration[i] as number);
      const r = s.min(this.resource[i] as number);
      if (d <= 0 || r === 0) continue;
      est[i] = s.min(st);
      lct[i] = s.max(st) + d;
      energy[i] = d * r;
      // Insertion by lct.
      let k = m++;
      while (k > 0 && (lct[byLct[k - 1] as number] as number) > (lct[i] as number)) {
        byLct[k] = byLct[k - 1] as number;
        k--;
      }
      byLct[k] = i;
    }
    for (let a = 0; a < m; a++) {
      const from = est[byLct[a] as number] as number;
      let used = 0;
      for (let k = 0; k < m; k++) {
        const j = byLct[k] as number;
        if ((est[j] as number) < from) continue;
        used += energy[j] as number;
        if (used > cap * ((lct[j] as number) - from)) return true;
      }
    }
    return false;
  }

  /**
   * The highest profile over [from, to), a task's compulsory part, without the task's own r (its
   * part's boundaries are profile events, so a segment meeting the part lies inside it): the task
   * surely runs then, so it may use at most the capacity minus that.
   */
  private othersPeak(from: number, to: number, r: number): number {
    let peak = 0;
    for (let k = 0; k < this.segments && (this.segStart[k] as number) < to; k++)
      if ((this.segEnd[k] as number) > from) peak = Math.max(peak, (this.segHeight[k] as number) - r);
    return peak;
  }

  /** Whether a task using r overflows segment k, its own part partFrom..partTo left out of the height. */
  private overflows(k: number, partFrom: number, partTo: number, r: number, cap: number): boolean {
    const own = (this.segStart[k] as number) >= partFrom && (this.segEnd[k] as number) <= partTo ? r : 0;
    return (this.segHeight[k] as number) - own + r > cap;
  }

  /** The profile of the compulsory parts, as segments; false when it exceeds the capacity. */
  private buildProfile(s: IntStore): boolean {
    const { evTime, evDelta } = this;
    let m = 0;
    for (let i = 0; i < this.n; i++) {
      const st = this.start[i] as number;
      const r = s.min(this.resource[i] as number);
      const from = s.max(st);
      const to = s.min(st) + s.min(this.duration[i] as number);
      if (r === 0 || from >= to) continue;
      m = this.insertEvent(m, from, r);
      m = this.insertEvent(m, to, -r);
    }
    this.segments = 0;
    let height = 0;
    let peak = 0;
    for (let e = 0; e < m; e++) {
      height += evDelta[e] as number;
      const t = evTime[e] as number;
      const next = e + 1 < m ? (evTime[e + 1] as number) : t;
      if (next > t && height > 0) {
        this.segStart[this.segments] = t;
        this.segEnd[this.segments] = next;
        this.segHeight[this.segments++] = height;
        peak = Math.max(peak, height);
      }
    }
    return s.setMin(this.capacity, peak);
  }

  /** Inserts an event keeping them sorted by time; returns the new count. */
  private insertEvent(m: number, t: number, delta: number): number {
    let k = m;
    while (k > 0 && (this.evTime[k - 1] as number) > t) {
      this.evTime[k] = this.evTime[k - 1] as number;
      this.evDelta[k] = this.evDelta[k - 1] as number;
      k--;
    }
    this.evTime[k] = t;
    this.evDelta[k] = delta;
    return m + 1;
  }
}
