import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MAIN, softprop } from '../support/cli.js';

const run = softprop;

const PUZZLES = [
  '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......',
  '52...6.........7.13...........4..8..6......5...........418.........3..2...87.....',
];

it('softprop train writes a loadable model, and softprop solve --encoder gives the same (unique) solutions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-train-cli-'));
  const data = join(dir, 'd.jsonl');
  const gen = run(['generate', 'latin', '--size', '5', '--holes', '0.5', '--count', '24', '--seed', '3', '--workers', '1', '--out', data]);
  expect(gen.code).toBe(0);
  const out = join(dir, 'model');
  const t = run([
    'train',
    '--data',
    data,
    '--out',
    out,
    '--epochs',
    '1',
    '--batch',
    '8',
    '--hidden',
    '8',
    '--message',
    '4',
    '--rounds',
    '2',
    '--eval-every',
    '0',
    '--json',
  ]);
  expect(t.err).toBe(t.err.replace(/\n\s+at /g, ''));
  expect(t.code).toBe(0);
  const summary = JSON.parse(t.out) as { finished: boolean; steps: number; heldOut: number };
  expect(summary.finished).toBe(true);
  expect(summary.steps).toBe(3);
  expect(summary.heldOut).toBe(2);
  const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { command: string; config: { input: string }; scope: unknown };
  expect(meta.command).toMatch(/^softprop train --data /);
  expect(meta.config.input).toBe('root');
  // What the model is for, from its data: refused on anything else unless --encoder-any.
  expect(meta.scope).toEqual({
    families: ['latin'],
    structures: ['alldiff'],
    variables: { min: 25, max: 25 },
    largestDomain: { min: 5, max: 5 },
  });
  for (const f of ['model.json', 'weights.bin', 'metrics.jsonl', 'curves.svg']) expect(existsSync(join(out, f))).toBe(true);
  // A network trained on 5×5 latin squares runs on 9×9 sudoku unchanged (nothing in it depends on the problem's size),
  // once --encoder-any lets it outside the scope its meta.json records.
  writeFileSync(join(dir, 'p.txt'), `${PUZZLES.join('\n')}\n`);
  const plain = run(['solve', join(dir, 'p.txt')]);
  const refused = run(['solve', join(dir, 'p.txt'), '--encoder', out]);
  expect([refused.code, refused.out, refused.err]).toEqual([
    1,
    '',
    `softprop: ${out}: the model was trained on latin (alldiff, largest domain 5, 25 variables) and this problem is outside that: its constraints are alldiff+grid (--encoder-any applies it anyway)\n`,
  ]);
  const guided = run(['solve', join(dir, 'p.txt'), '--encoder', out, '--encoder-any']);
  expect(plain.code).toBe(0);
  expect(guided.code).toBe(0);
  expect(guided.out).toBe(plain.out);
  expect(guided.err).toMatch(/^encoder: \d of 2 solved with zero backtracks \(\d without the encoder\); nodes \d+ \(\d+ without\)\n$/);
  // Per problem, the JSON report sets the guided search beside the same search without the encoder:
  // the generic engine, which a sudoku file reaches with an explicit --var-order (else the grid search).
  const json = run(['solve', join(dir, 'p.txt'), '--encoder', out, '--encoder-any', '--json', '--seed', '3']);
  const plainJson = run(['solve', join(dir, 'p.txt'), '--json', '--seed', '3', '--var-order', 'domwdeg']);
  const reports = json.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const plains = plainJson.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  reports.forEach((r, i) => {
    expect(r.solution).toBe(plains[i].solution);
    expect(r.encoder.nodes).toBe(r.stats.nodes);
    expect(r.encoder.zeroBacktrack).toBe(r.stats.failures === 0);
    expect(r.encoder.withoutEncoder).toEqual({
      status: 'sat',
      nodes: plains[i].stats.nodes,
      backtracks: plains[i].stats.backtracks,
      externalCalls: 0,
      zeroBacktrack: plains[i].stats.failures === 0,
      timeMs: expect.any(Number),
    });
  });
  const both = run(['solve', join(dir, 'p.txt'), '--encoder', out, '--count']);
  expect([both.code, both.err]).toEqual([
    1,
    'softprop: --encoder guides the search for one solution: it does not combine with --all, --count or --chromatic\n',
  ]);
});

it("softprop solve --encoder-rounds N reaches the encoder: other rounds than the model's own are typed inference only", () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-solve-rounds-'));
  const file = join(dir, 'p.txt');
  writeFileSync(file, `${PUZZLES.join('\n')}\n`);
  const guided = ['solve', file, '--encoder', 'encoder/models/sudoku'];
  const tfjs = run([...guided, '--inference', 'tfjs', '--encoder-rounds', '3']);
  expect([tfjs.code, tfjs.out, tfjs.err]).toEqual([
    1,
    '',
    "softprop: encoder/models/sudoku: --inference tfjs runs the model's own 8 rounds; 3 rounds need --inference typed\n",
  ]);
  const plain = run(['solve', file]);
  const typed = run([...guided, '--inference', 'typed', '--encoder-rounds', '3']);
  expect([typed.code, typed.out]).toEqual([0, plain.out]);
  expect(run(['solve', file, '--encoder-rounds', '3']).err).toBe('softprop: --encoder-rounds applies to --encoder DIR\n');
  rmSync(dir, { recursive: true, force: true });
});

it('softprop train --resume without a checkpoint is a one-line usage error (exit 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-train-cli-'));
  const data = join(dir, 'd.jsonl');
  expect(run(['generate', 'latin', '--size', '5', '--count', '4', '--seed', '1', '--workers', '1', '--out', data]).code).toBe(0);
  const r = run(['train', '--data', data, '--out', join(dir, 'm'), '--resume']);
  expect(r.code).toBe(1);
  expect(r.err.trimEnd().split('\n').pop()).toMatch(/^softprop: --resume: no checkpoint in /);
});

it('softprop train: a text summary, an earlier run refused without --force, --hidden 0 refused (one line, exit 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-train-cli-'));
  const data = join(dir, 'd.jsonl');
  expect(run(['generate', 'latin', '--size', '4', '--count', '12', '--seed', '1', '--workers', '1', '--out', data]).code).toBe(0);
  const out = join(dir, 'm');
  const args = ['train', '--data', data, '--out', out, '--epochs', '1', '--batch', '4', '--hidden', '4', '--message', '2', '--rounds', '1'];
  const first = run(args);
  expect(first.code).toBe(0);
  expect(first.out).toMatch(
    /^model written to .*m \(3 steps, \d+ parameters\)\nfinal batch loss \d+\.\d{4}; [\d.]+ instances\/s\nheld out 1 instances: solved by the network's argmax [\d.]+% \(by the input view alone [\d.]+%\), free variables right ([\d.]+%|n\/a)\n$/,
  );
  const weights = readFileSync(join(out, 'weights.bin'));
  const again = run(args);
  expect([again.code, again.out]).toEqual([1, '']);
  expect(again.err.trimEnd().split('\n').pop()).toMatch(
    /^softprop: --out .*m: holds an earlier run \(model\.json, weights\.bin, meta\.json, metrics\.jsonl, curves\.svg, checkpoint\); use --resume to continue it or --force to replace it$/,
  );
  expect(readFileSync(join(out, 'weights.bin')).equals(weights)).toBe(true);
  expect(run([...args, '--force']).code).toBe(0);
  // The summary goes through the checked stdout: a closed stdout is one line and exit 4 (the model is written before it).
  rmSync(join(out, 'weights.bin'));
  const closed = spawnSync('bash', ['-c', `node ${MAIN} ${[...args, '--force'].join(' ')} >&-`], { encoding: 'utf8' });
  expect([closed.status, closed.stderr.trimEnd().split('\n').pop()]).toEqual([
    4,
    'softprop: cannot write output: standard output is closed',
  ]);
  expect(closed.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(out, 'weights.bin'))).toBe(true);
  const zero = run(['train', '--data', data, '--out', join(dir, 'z'), '--hidden', '0']);
  expect([zero.code, zero.err.trimEnd().split('\n').pop()]).toEqual([1, 'softprop: --hidden 0: must be a positive integer']);
  expect(existsSync(join(dir, 'z'))).toBe(false);
});
