import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BACKEND, Encoder, encoderGuide, generateDataset, readDataset, selectBackend, train } from 'softprop/encoder';
import { assignment, solveText } from 'softprop/solver';

// 1. Solve a JSON model: any text `softprop solve` reads (sudoku, DIMACS, XCSP3) goes the same way.
const model = {
  variables: [{ name: 'x', range: [1, 3], size: 3 }],
  constraints: [
    { type: 'alldiff', vars: ['x'] },
    { type: 'relation', op: 'gt', vars: ['x[0]', 'x[2]'], offset: 1 },
  ],
};
for (const r of solveText(JSON.stringify(model), 'model.json', {})) {
  console.log(JSON.stringify({ model: r.status, assignment: assignment(r.instance, r.solutions[0]) }));
}

// 2. Train a tiny encoder on generated 4×4 latin squares (seconds; the shipped models train for hours).
await selectBackend(DEFAULT_BACKEND);
const dir = mkdtempSync(join(tmpdir(), 'softprop-example-'));
await generateDataset({ family: 'latin', flags: { size: 4 }, count: 12, seed: 1, workers: 1, out: join(dir, 'latin.jsonl') });
const trained = await train({
  instances: await readDataset(join(dir, 'latin.jsonl')),
  out: join(dir, 'model'),
  epochs: 1,
  batch: 4,
  lr: 3e-3,
  tauStart: 2,
  tauEnd: 0.2,
  schedule: 'exp',
  loss: 'supervised',
  seed: 1,
  evalEvery: 0,
  hidden: 8,
  message: 4,
  rounds: 2,
});
console.log(JSON.stringify({ trained: trained.finished, steps: trained.steps }));

// 3. Let it order the values of a sudoku search; the answer is checked and the search stays complete.
const encoder = await Encoder.load(join(dir, 'model'));
const puzzle = '8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..';
for (const r of solveText(puzzle, 'puzzle.txt', { seed: 1, guide: encoderGuide(encoder) })) {
  const { nodes, withoutEncoder } = r.guide;
  console.log(JSON.stringify({ sudoku: r.status, solution: r.instance.render(r.solutions[0]), nodes, without: withoutEncoder.nodes }));
}
encoder.dispose();
rmSync(dir, { recursive: true });
