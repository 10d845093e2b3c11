import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

/**
 * `Encoder.load` as a library call, in a fresh process (the test runner has chosen backends of its
 * own): it starts the backend the CLI uses, not tfjs's default cpu, which would print tfjs-node's
 * "install our node backend" banner on first use.
 */
function loadAndScore(backendArg: string): { backend: string; scores: number; out: string } {
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { Encoder } from './dist/encoder/guided-solve.js';
    import { parseSudokuLine } from './dist/solver/formats/sudoku.js';
    const enc = await Encoder.load('encoder/models/sudoku'${backendArg});
    const grid = parseSudokuLine('${'.'.repeat(81)}', 'empty', 1);
    const { probs } = enc.probabilities(grid.problem);
    console.log(JSON.stringify({ backend: tf.getBackend(), scores: probs.length }));
  `;
  const r = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.status).toBe(0);
  const last = r.stdout.trim().split('\n').at(-1) as string;
  return { ...(JSON.parse(last) as { backend: string; scores: number }), out: r.stdout + r.stderr };
}

it('Encoder.load starts the CLI default backend (wasm) and prints no tfjs banner', () => {
  const r = loadAndScore('');
  expect(r.backend).toBe('wasm');
  expect(r.scores).toBe(81 * 9);
  expect(r.out).not.toMatch(/TensorFlow\.js in Node\.js/);
});

it('an explicit backend is honoured (and cpu is the one that prints the banner)', () => {
  const r = loadAndScore(", 'cpu'");
  expect(r.backend).toBe('cpu');
  expect(r.out).toMatch(/TensorFlow\.js in Node\.js/);
});
