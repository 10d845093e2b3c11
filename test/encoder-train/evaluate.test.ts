import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { recordItem, recordLine } from '../../encoder/datasets/record.js';
import { type EvaluateRow, evaluate, summarize } from '../../encoder/evaluate.js';
import { Encoder, searchWithoutEncoder, solveGuided } from '../../encoder/guided-solve.js';
import { Rng } from '../../solver/model/rng.js';
import { softprop } from '../support/cli.js';

/**
 * `evaluate`: per instance the guided solve and the same search without the encoder, as separate
 * `solveGuided` / `searchWithoutEncoder` runs give them, and a summary computed from the rows; then
 * `softprop evaluate` end to end. Instances come from the project's generators, the models are the
 * shipped ones.
 */

const dir = mkdtempSync(join(tmpdir(), 'softprop-evaluate-'));

/** A JSONL dataset of `count` generated instances; returns its path. */
async function dataset(name: string, family: string, flags: FamilyFlags, count: number, seed: number): Promise<string> {
  const f = familyByName(family);
  const params = await f.params(flags);
  const rng = Rng.seeded(seed);
  const file = join(dir, name);
  writeFileSync(file, Array.from({ length: count }, () => recordLine(f.generate(rng.split(), params))).join(''));
  return file;
}

let sudoku: Encoder;
let latin: Encoder;
let sudokuFile: string;
let latinFile: string;
beforeAll(async () => {
  sudoku = await Encoder.load('encoder/models/sudoku', 'wasm', { refuseOutside: true });
  latin = await Encoder.load('encoder/models/latin', 'wasm', { refuseOutside: true });
  sudokuFile = await dataset('sudoku.jsonl', 'sudoku', { size: 3 }, 5, 11);
  latinFile = await dataset('latin.jsonl', 'latin', { size: 15 }, 4, 12);
});
afterAll(() => {
  sudoku.dispose();
  latin.dispose();
});

async function rowsOf(file: string, enc: Encoder, compare = true): Promise<EvaluateRow[]> {
  const rows: EvaluateRow[] = [];
  for await (const r of evaluate({ file, encoder: enc, compare, seed: 3 })) rows.push(r);
  return rows;
}

it('per instance, the figures of separate solveGuided and searchWithoutEncoder runs', async () => {
  for (const [file, enc] of [
    [sudokuFile, sudoku],
    [latinFile, latin],
  ] as const) {
    const rows = await rowsOf(file, enc);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows.map((r) => r.name)).toEqual(lines.map((_, i) => `${file}:${i + 1}`));
    rows.forEach((row, i) => {
      const p = recordItem(JSON.parse(lines[i] as string), file, i + 1).problem;
      const g = solveGuided(p, enc, { seed: 3 });
      const b = searchWithoutEncoder(p, { seed: 3 });
      expect(row.guided).toEqual({
        status: g.status,
        nodes: g.stats.nodes,
        backtracks: g.stats.backtracks,
        zeroBacktrack: g.zeroBacktrack,
        // The model's recorded guidance (meta.json) decides when it is consulted: as the separate run.
        encoderCalls: g.encoderCalls,
        wallMs: expect.any(Number),
        encoderMs: expect.any(Number),
        searchMs: expect.any(Number),
      });
      expect(row.guided.encoderMs + row.guided.searchMs).toBeCloseTo(row.guided.wallMs, 6);
      expect(row.guided.encoderMs > 0).toBe(row.guided.encoderCalls > 0);
      expect(row.plain).toEqual({
        status: b.status,
        nodes: b.nodes,
        backtracks: b.backtracks,
        zeroBacktrack: b.zeroBacktrack,
        wallMs: expect.any(Number),
      });
      expect(row.family).toBe(file === sudokuFile ? 'sudoku' : 'latin');
    });
    // Re-scoring at every 4th decision, at once (after 0 over the model's guidance): the calls the guided solve reports, the root's among them.
    if (file === latinFile) {
      const every: EvaluateRow[] = [];
      for await (const r of evaluate({ file, encoder: enc, seed: 3, staging: { every: 4, after: 0 }, compare: false })) every.push(r);
      every.forEach((row, i) => {
        const g = solveGuided(recordItem(JSON.parse(lines[i] as string), file, i + 1).problem, enc, { seed: 3 }, { every: 4, after: 0 });
        expect([row.guided.nodes, row.guided.encoderCalls]).toEqual([g.stats.nodes, 1 + g.rescoreCalls]);
      });
      expect(every.some((r) => r.guided.encoderCalls > 1)).toBe(true);
    }
    // Without the comparison: the same guided figures, no plain ones.
    const alone = await rowsOf(file, enc, false);
    expect(alone.map((r) => [r.guided.status, r.guided.nodes, r.plain])).toEqual(rows.map((r) => [r.guided.status, r.guided.nodes, null]));
  }
});

it('the summary is computed from the rows', () => {
  const row = (nodes: number, zero: boolean, status: 'sat' | 'unknown', pNodes: number, pZero: boolean): EvaluateRow => ({
    name: 'x',
    family: 'f',
    guided: { status, nodes, backtracks: 0, zeroBacktrack: zero, wallMs: 10, encoderMs: 4, searchMs: 6, encoderCalls: 2 },
    plain: { status: 'sat', nodes: pNodes, backtracks: 0, zeroBacktrack: pZero, wallMs: 5 },
  });
  const s = summarize([row(1, true, 'sat', 4, false), row(10, false, 'unknown', 8, true), row(4, true, 'sat', 6, false)]);
  expect(s).toEqual({
    instances: 3,
    guided: {
      solved: 2,
      zeroBacktrack: 2 / 3,
      meanNodes: 5,
      medianNodes: 4,
      totalMs: 30,
      meanMs: 10,
      encoderMs: 12,
      encoderCalls: 6,
      encoderMsPerCall: 2,
    },
    plain: { solved: 3, zeroBacktrack: 1 / 3, meanNodes: 6, medianNodes: 6, totalMs: 15, meanMs: 5 },
    nodesRatio: 5 / 6,
    timeRatio: 2,
  });
  // An even count takes the middle pair's mean; without the comparison there is no plain side.
  const even = summarize([row(1, true, 'sat', 1, true), row(4, true, 'sat', 1, true)].map((r) => ({ ...r, plain: null })));
  expect([even.guided.medianNodes, even.plain, even.nodesRatio, even.timeRatio]).toEqual([2.5, null, null, null]);
});

it('softprop evaluate: a table (exit 0), --json rows and summary under a node limit (exit 3), a refused model (exit 1)', () => {
  // --encoder-every root over the model's guidance: one call per instance.
  const text = softprop(['evaluate', sudokuFile, '--encoder', 'encoder/models/sudoku', '--seed', '3', '--encoder-every', 'root']);
  expect([text.code, text.err]).toEqual([0, '']);
  const lines = text.out.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^instance +family +status +nodes .*encoder ms +search ms \| +status +nodes/);
  expect(lines.slice(1, 6).every((l, i) => l.startsWith(`${sudokuFile}:${i + 1} `) && / sat .*\| +sat /.test(l))).toBe(true);
  expect(text.out).toMatch(/\nsummary +guided +plain +guided\/plain\ninstances +5\nsolved +5 +5\nzero-backtrack +[\d.]+ % +[\d.]+ %\n/);
  expect(text.out).toMatch(/\nencoder ms per call +[\d.]+\n\(guided wall time includes the encoder: [\d.]+ ms over 5 calls\)\n$/);

  // --json under a node limit: every row and the summary parse, and the limit gives exit 3.
  const json = softprop(['evaluate', latinFile, '--encoder', 'encoder/models/latin', '--seed', '3', '--json', '--nodes', '1']);
  expect(json.code).toBe(3);
  const objects = json.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(objects.length).toBe(5);
  const rows = objects.slice(0, 4) as EvaluateRow[];
  expect(rows.map((r) => r.name)).toEqual([1, 2, 3, 4].map((i) => `${latinFile}:${i}`));
  expect(rows.some((r) => r.guided.status === 'unknown' && r.plain?.status === 'unknown')).toBe(true);
  const summary = objects[4].summary;
  expect(summary.instances).toBe(4);
  expect(summary.guided.solved).toBe(rows.filter((r) => r.guided.status !== 'unknown').length);
  expect(summary.plain.meanNodes).toBe(rows.reduce((s, r) => s + (r.plain?.nodes ?? 0), 0) / 4);

  // --encoder-rounds reaches the encoder: rounds other than the model's own are typed inference only.
  const tfjsRounds = softprop([
    'evaluate',
    sudokuFile,
    '--encoder',
    'encoder/models/sudoku',
    '--inference',
    'tfjs',
    '--encoder-rounds',
    '3',
  ]);
  expect([tfjsRounds.code, tfjsRounds.out, tfjsRounds.err]).toEqual([
    1,
    '',
    `softprop: ${sudokuFile}:1: encoder/models/sudoku: --inference tfjs runs the model's own 8 rounds; 3 rounds need --inference typed\n`,
  ]);
  const zeroRounds = softprop(['evaluate', sudokuFile, '--encoder', 'encoder/models/sudoku', '--encoder-rounds', '0']);
  expect([zeroRounds.code, zeroRounds.err]).toEqual([
    1,
    "softprop: option '--encoder-rounds <n>' argument '0' is invalid. must be an integer ≥ 1\n",
  ]);

  const refused = softprop(['evaluate', latinFile, '--encoder', 'encoder/models/sudoku']);
  expect([refused.code, refused.out]).toEqual([1, '']);
  expect(refused.err).toMatch(
    new RegExp(
      `^softprop: ${latinFile}:1: encoder/models/sudoku: the model was trained on sudoku .* its constraints are alldiff \\(--encoder-any applies it anyway\\)\\n$`,
    ),
  );
});
