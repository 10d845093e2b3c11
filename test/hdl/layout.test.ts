import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Sim } from '../../bindings/sim.js';
import {
  buildImage,
  CORE_ID,
  type CoreParams,
  nativeWorkload,
  type PARAM_ORDER,
  packDomains,
  packWeights,
  parseParams,
  Region,
  unpackDomains,
  unpackWeights,
} from '../../fpga/layout.js';
import { UserError } from '../../solver/api/user-error.js';
import { Rng } from '../../solver/model/rng.js';
import { type ArcProgram, compileArcs } from '../../solver/rounds/arcs.js';
import { ONE } from '../../solver/rounds/fixed-point.js';
import { drawProblem, randomCnf, randomSudoku } from '../support/random-problem.js';

const root = join(import.meta.dirname, '..', '..');
const big: CoreParams = {
  lanes: 8,
  maxDom: 1024,
  wDepth: 1 << 17,
  vDepth: 1 << 16,
  aDepth: 1 << 18,
  rDepth: 1 << 20,
  lDepth: 1 << 18,
  cDepth: 1 << 17,
  sDepth: 1 << 19,
  one: ONE,
  id: CORE_ID,
};
const regionOf = (img: ReturnType<typeof buildImage>, r: number) => img.regions.find((x) => x.region === r)?.words ?? new Uint32Array(0);
const bit = (w: ArrayLike<number>, i: number) => ((w[i >>> 5] as number) >>> (i & 31)) & 1;

/** Rows and literal sets read back out of an image (the inverse of the 6.3 layout). */
function decode(prog: ArcProgram, img: ReturnType<typeof buildImage>) {
  const L = img.params.lanes;
  const rowsWords = regionOf(img, Region.rows);
  const arcRow = regionOf(img, Region.arcRow);
  const rows: number[][][] = [];
  for (let x = 0; x < prog.nVars; x++) {
    const dx = prog.domSize[x] as number;
    const gx = Math.ceil(dx / L);
    for (let k = prog.arcStart[x] as number; k < (prog.arcStart[x + 1] as number); k++) {
      const dy = prog.domSize[prog.arcSrc[k] as number] as number;
      rows[k] = Array.from({ length: dx }, (_, a) =>
        Array.from({ length: dy }, (_, b) => ((rowsWords[(arcRow[k] as number) + b * gx + Math.floor(a / L)] as number) >>> (a % L)) & 1),
      );
    }
  }
  const litSet = regionOf(img, Region.litSet);
  const sets = Array.from(prog.litVar, (x, l) =>
    Array.from(
      { length: prog.domSize[x] as number },
      (_, a) => ((litSet[(l << img.lShift) + Math.floor(a / L)] as number) >>> (a % L)) & 1,
    ),
  );
  return { rows, sets };
}

describe('fpga/layout: the memory image of hdl/SPEC.md 6.3', () => {
  test('rows and literal sets decode back to the arc program, for 2..32 lanes', () => {
    const rng = Rng.seeded(11);
    for (const lanes of [2, 4, 8, 32]) {
      for (let t = 0; t < 30; t++) {
        const p = drawProblem(rng, { vars: [1, 7], domain: [1, 40], density: 0.6, tightness: 0.4, holes: true });
        const prog = compileArcs(p);
        const img = buildImage(prog, { ...big, lanes });
        const { rows, sets } = decode(prog, img);
        for (let k = 0; k < prog.arcSrc.length; k++) {
          const dx = prog.domSize[prog.arcStart.findIndex((s, x) => k < (prog.arcStart[x + 1] as number) && k >= s)] as number;
          const dy = prog.domSize[prog.arcSrc[k] as number] as number;
          const want = Array.from({ length: dx }, (_, a) =>
            Array.from({ length: dy }, (_, b) => bit(prog.rows.subarray((prog.arcRow[k] as number) + a * prog.words), b)),
          );
          expect(rows[k]).toEqual(want);
        }
        for (let l = 0; l < prog.litVar.length; l++)
          expect(sets[l]).toEqual(
            Array.from({ length: prog.domSize[prog.litVar[l] as number] as number }, (_, a) =>
              bit(prog.litSet.subarray(l * prog.words), a),
            ),
          );
        expect(img.weightWords).toBe(Array.from(prog.domSize).reduce((s, d) => s + Math.ceil(d / lanes) * lanes, 0));
      }
    }
  });

  test('identical arc blocks are stored once: a 9x9 sudoku needs one 18-word block', () => {
    const prog = compileArcs(randomSudoku(Rng.seeded(3), 3, 0.3));
    const img = buildImage(prog, big);
    expect(prog.arcSrc.length).toBe(81 * 24);
    expect(regionOf(img, Region.rows).length).toBe(2 * 9);
    expect(new Set(regionOf(img, Region.arcRow))).toEqual(new Set([0]));
    expect(Array.from(regionOf(img, Region.varBase).subarray(0, 3))).toEqual([0, 2, 4]);
  });

  test('weights and domains survive pack and unpack; values past a domain stay 0', () => {
    const rng = Rng.seeded(5);
    const p = drawProblem(rng, { vars: 6, domain: 21, density: 0.5, tightness: 0.3, holes: true });
    const prog = compileArcs(p);
    const img = buildImage(prog, big);
    const stride = 21;
    const q = new Uint16Array(6 * stride);
    for (let x = 0; x < 6; x++) for (let a = 0; a < (prog.domSize[x] as number); a++) q[x * stride + a] = rng.int(0, ONE);
    const words = packWeights(img, q, stride);
    expect(unpackWeights(img, words, stride)).toEqual(q);
    const dom = packDomains(img, p.init, prog.words);
    expect(unpackDomains(img, dom, prog.words)).toEqual(p.init);
    for (let x = 0; x < 6; x++) {
      const at = (img.varBase[x] as number) * 8;
      for (let a = prog.domSize[x] as number; a < Math.ceil((prog.domSize[x] as number) / 8) * 8; a++) expect(dom[at + a]).toBe(0);
    }
  });

  test('a problem too large for the core is a UserError naming the memory', () => {
    const prog = compileArcs(randomSudoku(Rng.seeded(3), 3, 0.3));
    expect(() => buildImage(prog, { ...big, aDepth: 1000 })).toThrow(UserError);
    expect(() => buildImage(prog, { ...big, aDepth: 1000 })).toThrow('problem too large for the core: 1944 arcs > ADEPTH 1000');
    expect(() => buildImage(prog, { ...big, maxDom: 8 })).toThrow('9 values in a domain > MAX_DOM 8');
    expect(() => buildImage(prog, { ...big, wDepth: 100 })).toThrow('162 weight groups > WDEPTH 100');
    expect(() => buildImage(prog, { ...big, rDepth: 10 })).toThrow('18 row words > RDEPTH 10');
    const cnf = compileArcs(randomCnf(Rng.seeded(4), 20, 30, 3));
    expect(() => buildImage(cnf, { ...big, lDepth: 50 })).toThrow('90 literals > LDEPTH 50');
    expect(() => buildImage(cnf, { ...big, cDepth: 29 })).toThrow('30 clauses > CDEPTH 29');
    expect(() => buildImage(cnf, { ...big, sDepth: 89 })).toThrow('90 literal-set words > SDEPTH 89');
  });

  test('parameters from another layout are refused', () => {
    const words = [8, 1024, 1, 1, 1, 1, 1, 1, 1, ONE, CORE_ID];
    expect(parseParams(words).lanes).toBe(8);
    expect(() => parseParams(words.slice(0, 10))).toThrow(UserError);
    expect(() => parseParams([...words.slice(0, 10), 0x53500000])).toThrow('is not layout 0x53500001');
  });
});

describe('bench_native', () => {
  test('runs the FFI workload natively and counts the same cycles and rounds', () => {
    execFileSync('make', ['--no-print-directory', 'bench-native'], { cwd: root, stdio: 'ignore', timeout: 120_000 });
    const sim = Sim.open();
    try {
      const params = parseParams(sim.params());
      const rng = Rng.seeded(8);
      const p = randomSudoku(rng, 3, 0.35);
      const prog = compileArcs(p);
      const img = buildImage(prog, params);
      const q = new Uint16Array(81 * 9);
      for (let x = 0; x < 81; x++) for (let a = 0; a < 9; a++) q[x * 9 + a] = bit(p.init.subarray(x * prog.words), a) ? rng.int(1, ONE) : 0;
      const weights = packWeights(img, q, 9);
      const dir = mkdtempSync(join(tmpdir(), 'softprop-native-'));
      writeFileSync(join(dir, 'w.txt'), nativeWorkload(img, weights, 1, 6));
      const native = JSON.parse(execFileSync(join(root, 'build', 'bench_native'), [join(dir, 'w.txt'), '2'], { encoding: 'utf8' }));
      for (const [a, v] of img.registers) sim.regWrite(a, v);
      for (const r of img.regions) sim.memWrite(r.region, 0, r.words);
      sim.memWrite(Region.weights, 0, weights);
      const ffi = sim.run(1, 6, 1e9);
      expect(native.runs).toBe(2);
      expect(native.rounds).toBe(2 * ffi.rounds);
      expect(native.cycles).toBe(2 * ffi.cycles);
      expect(native.cyclesPerSecond).toBeGreaterThan(0);
    } finally {
      sim.close();
    }
  });
});

describe('iCE40 build parameters (hdl/spec-constants.json, the source of hdl/params.mk)', () => {
  const spec = JSON.parse(readFileSync(join(root, 'hdl', 'spec-constants.json'), 'utf8')) as {
    params: { key: (typeof PARAM_ORDER)[number]; ice40?: number }[];
  };
  const built = spec.params.filter((p) => p.ice40 !== undefined);
  const ice40 = { ...Object.fromEntries(built.map((p) => [p.key, p.ice40])), one: ONE, id: CORE_ID } as CoreParams;

  test('a 9x9 sudoku fits the UP5K build; a 16x16 one is refused with the memory named', () => {
    expect(built.length).toBe(9);
    expect(buildImage(compileArcs(randomSudoku(Rng.seeded(1), 3, 0.35)), ice40).nVars).toBe(81);
    expect(() => buildImage(compileArcs(randomSudoku(Rng.seeded(1), 4, 0.4)), ice40)).toThrow(
      'problem too large for the core: 256 variables > VDEPTH 128',
    );
  });
});
