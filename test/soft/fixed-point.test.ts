import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_DOMAIN } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { FRAC_BITS, fromFixed, mul, not, ONE, or, ROUND, toFixed, WEIGHT_BITS } from '../../solver/rounds/fixed-point.js';

const spec = JSON.parse(readFileSync(new URL('../../hdl/spec-constants.json', import.meta.url), 'utf8')).fixedPoint as Record<
  string,
  number
>;

describe('spec constants', () => {
  it('TypeScript constants equal hdl/spec-constants.json', () => {
    expect({ FRAC_BITS, WEIGHT_BITS, ONE, ROUND, WORD_BITS: 32, MAX_DOMAIN }).toEqual(spec);
    expect(ONE).toBe(2 ** FRAC_BITS);
    expect(ROUND).toBe(ONE / 2);
  });
});

describe('Q1.15 arithmetic', () => {
  it('mul(ONE, b) = b and mul(a, 0) = 0 for every weight', () => {
    let bad = 0;
    for (let b = 0; b <= ONE; b++) if (mul(ONE, b) !== b || mul(b, ONE) !== b || mul(b, 0) !== 0) bad++;
    expect(bad).toBe(0);
  });

  it('mul is the exact product rounded half up, never above ONE (BigInt reference)', () => {
    const rng = Rng.seeded(1);
    let bad = 0;
    for (let t = 0; t < 200_000; t++) {
      const a = rng.int(0, ONE);
      const b = rng.int(0, ONE);
      // floor(a·b / 2^15 + 1/2) in integers.
      const want = Number((2n * BigInt(a) * BigInt(b) + 32768n) / 65536n);
      if (mul(a, b) !== want || want > ONE) bad++;
    }
    expect(bad).toBe(0);
    expect(mul(1, 16384)).toBe(1); // 0.5 ulp rounds up
    expect(mul(1, 16383)).toBe(0);
  });

  it('not and or follow their definitions', () => {
    expect(not(0)).toBe(ONE);
    expect(not(ONE)).toBe(0);
    expect(or(0, 0)).toBe(0);
    expect(or(ONE, 123)).toBe(ONE);
    expect(or(16384, 16384)).toBe(24576); // 0.5 ⊕ 0.5 = 0.75
    const rng = Rng.seeded(2);
    let bad = 0;
    for (let t = 0; t < 10_000; t++) {
      const a = rng.int(0, ONE);
      const b = rng.int(0, ONE);
      // Exact a ⊕ b = a + b − ab, within the product's half-ulp rounding.
      if (Math.abs(or(a, b) / ONE - (a / ONE + b / ONE - (a / ONE) * (b / ONE))) > 2 ** -16) bad++;
    }
    expect(bad).toBe(0);
  });

  it('toFixed rounds half up and clamps; fromFixed inverts it on the grid', () => {
    expect(toFixed(0)).toBe(0);
    expect(toFixed(1)).toBe(ONE);
    expect(toFixed(1.5)).toBe(ONE);
    expect(toFixed(-0.25)).toBe(0);
    expect(toFixed(0.5 / 32768)).toBe(1);
    expect(toFixed(0.49 / 32768)).toBe(0);
    expect(toFixed(1 / 3)).toBe(10923);
    let bad = 0;
    for (let q = 0; q <= ONE; q++) if (toFixed(fromFixed(q)) !== q) bad++;
    const rng = Rng.seeded(3);
    for (let t = 0; t < 10_000; t++) {
      const x = rng.float();
      if (Math.abs(fromFixed(toFixed(x)) - x) > 2 ** -16) bad++;
    }
    expect(bad).toBe(0);
  });
});
