import { describe, expect, it } from 'vitest';
import { CP_EXPENSIVE, EV_DOMAIN } from '../../solver/cp/index.js';
import { BinaryTable } from '../../solver/cp/propagators/binary-table.js';
import { TABLE_STAR } from '../../solver/cp/propagators/compact-table.js';
import type { Rng } from '../../solver/model/rng.js';
import { type GlobalCase, randomDom, runOracle } from './globals/cases.js';

/** BinaryTable (AC with residues, for large binary tables) against brute force through the oracle. */
function binaryCase(rng: Rng, stars: boolean): GlobalCase {
  const doms = [randomDom(rng, -4, 4, 0.3), randomDom(rng, -4, 4, 0.3)];
  const rows: number[] = [];
  const count = rng.float() < 0.3 ? rng.int(0, 4) : rng.int(5, 40);
  for (let r = 0; r < count; r++) for (let i = 0; i < 2; i++) rows.push(stars && rng.float() < 0.15 ? TABLE_STAR : rng.int(-5, 5));
  return {
    doms,
    post(space, vars) {
      const id = space.post(new BinaryTable(space.store, vars[0] as number, vars[1] as number, Int32Array.from(rows)), CP_EXPENSIVE);
      for (const v of vars) space.watch(id, v, EV_DOMAIN);
    },
    holds: ([x, y]) => {
      for (let r = 0; r < rows.length; r += 2)
        if ((rows[r] === TABLE_STAR || rows[r] === x) && (rows[r + 1] === TABLE_STAR || rows[r + 1] === y)) return true;
      return false;
    },
    claims: 'domain',
  };
}

describe('BinaryTable', () => {
  it('is domain consistent on random binary tables (bitmask and interval variables), without and with *', () => {
    for (const stars of [false, true]) {
      const { sat, unsat } = runOracle(300, (rng) => binaryCase(rng, stars));
      expect(sat).toBeGreaterThan(100);
      expect(unsat).toBeGreaterThan(10);
    }
  });
});
