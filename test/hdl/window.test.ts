import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Sim } from '../../bindings/sim.js';
import { type CoreParams, parseParams, Region } from '../../fpga/layout.js';
import { Rng } from '../../solver/model/rng.js';

// The register window of hdl/SPEC.md 6.2-6.3 on the simulator build: every writable region keeps
// what the host writes, at the width the core stores, and reads back through ADDR/DATA.
let sim: Sim;
let params: CoreParams;
beforeAll(() => {
  sim = Sim.open();
  params = parseParams(sim.params());
});
afterAll(() => sim?.close());

const bitsOf = (n: number) => Math.ceil(Math.log2(n));

describe('register window', () => {
  test('every writable region reads back what was written, cut to its word width', () => {
    const L = params.lanes;
    // Stored bits per region (6.3): weights 16, row and literal-set words L, indices their depth's width.
    const width: Record<number, number> = {
      [Region.weights]: 16,
      [Region.varBase]: bitsOf(params.wDepth),
      [Region.varDom]: bitsOf(params.maxDom + 1),
      [Region.arcEnd]: bitsOf(params.aDepth) + 1,
      [Region.arcSrc]: bitsOf(params.vDepth),
      [Region.arcRow]: bitsOf(params.rDepth),
      [Region.rows]: L,
      [Region.occEnd]: bitsOf(params.lDepth) + 1,
      [Region.occLit]: bitsOf(params.lDepth),
      [Region.litVar]: bitsOf(params.vDepth),
      [Region.litSet]: L,
      [Region.clauseEnd]: bitsOf(params.lDepth) + 1,
    };
    const rng = Rng.seeded(21);
    for (const [region, bits] of Object.entries(width).map(([r, b]) => [Number(r), b] as const)) {
      const offset = rng.int(0, 1000);
      const words = Uint32Array.from({ length: 300 }, () => rng.int(0, 0x7fffffff) * 2 + rng.int(0, 1));
      sim.memWrite(region, offset, words);
      const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
      const back = sim.memRead(region, offset, new Uint32Array(words.length));
      expect(Array.from(back), `region ${region}`).toEqual(Array.from(words, (w) => (w & mask) >>> 0));
    }
  });
});
