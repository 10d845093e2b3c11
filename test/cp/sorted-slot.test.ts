import { describe, expect, it } from 'vitest';
import { lowerSlot, slotOf } from '../../solver/cp/propagators/sorted-slot.js';
import { Rng } from '../../solver/model/rng.js';

/** The binary searches the tables, element, gcc, among and set-in share, against a linear scan. */
describe('sorted-slot', () => {
  it('lowerSlot and slotOf agree with a scan on random ascending arrays (repeats, sub-ranges, absent values)', () => {
    const rng = Rng.seeded(7);
    for (let t = 0; t < 500; t++) {
      const n = rng.int(0, 12);
      const vals = Int32Array.from({ length: n }, () => rng.int(-6, 6)).sort();
      const lo = rng.int(0, n);
      const hi = rng.int(lo, n);
      for (let x = -8; x <= 8; x++) {
        let first = lo;
        while (first < hi && (vals[first] as number) < x) first++;
        expect(lowerSlot(vals, lo, hi, x)).toBe(first);
        const at = vals.indexOf(x);
        expect(slotOf(Float64Array.from(vals), x)).toBe(at);
      }
    }
  });
});
