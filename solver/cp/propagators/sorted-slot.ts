/** Binary search over an ascending typed array: table columns, value sets, the ends of sorted ranges. */

/** The first index in lo..hi−1 of the ascending `vals` whose value is ≥ x (hi when none). */
export function lowerSlot(vals: Int32Array | Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((vals[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of x in the ascending `vals`, or −1 when x is not there. */
export function slotOf(vals: Int32Array | Float64Array, x: number): number {
  const k = lowerSlot(vals, 0, vals.length, x);
  return k < vals.length && vals[k] === x ? k : -1;
}
