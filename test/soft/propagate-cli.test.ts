import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';

const run = (args: string[]) => softprop(['propagate', ...args]);

// x, y ∈ {0,1} with allowed pairs (0,1), (1,0), (1,1): the hand case of hand-cases.test.ts.
const TABLE = JSON.stringify({
  variables: [
    { name: 'x', domain: 2 },
    { name: 'y', domain: 2 },
  ],
  constraints: [
    {
      type: 'table',
      vars: ['x', 'y'],
      tuples: [
        [0, 1],
        [1, 0],
        [1, 1],
      ],
    },
  ],
});

// alldiff(x, y, w) with x, y ∈ {0,1}, w ∈ {0,1,2}: arc consistency prunes nothing, GAC fixes w = 2.
// The JSON model gives every variable the shared value space 0..2 (x and y with a hole at 2).
const PIGEON = JSON.stringify({
  variables: [
    { name: 'x', domain: 2 },
    { name: 'y', domain: 2 },
    { name: 'w', domain: 3 },
  ],
  constraints: [{ type: 'alldiff', vars: ['x', 'y', 'w'] }],
});

describe('softprop propagate', () => {
  it('soft and fixed modes print the hand-computed round', () => {
    const dir = fixtures({ 'm.json': TABLE, 'w.json': '[[0.5, 0.25],\n [0.5, 0.75]]\n' });
    const soft = run([join(dir, 'm.json'), '--weights', join(dir, 'w.json'), '--rounds', '1', '--json']);
    expect(soft.code).toBe(0);
    const [s] = JSON.parse(soft.out);
    expect(s).toMatchObject({ mode: 'soft', rounds: 1, fixpoint: false, wipeout: false, names: ['x', 'y'] });
    expect(s.weights).toEqual([
      [0.375, 0.21875],
      [0.125, 0.46875],
    ]);
    const fixed = run([join(dir, 'm.json'), '--weights', join(dir, 'w.json'), '--rounds', '1', '--mode', 'fixed', '--json']);
    expect(JSON.parse(fixed.out)[0].fixed).toEqual([
      [12288, 7168],
      [4096, 15360],
    ]);
    const text = run([join(dir, 'm.json'), '--weights', join(dir, 'w.json'), '--rounds', '1']);
    expect(text.out).toBe(`${join(dir, 'm.json')}: mode soft, 1 round, round limit\nx: 0=0.375000 1=0.218750\ny: 0=0.125000 1=0.468750\n`);
  });

  it('hard mode runs arc consistency, solver mode the all-different GAC', () => {
    const dir = fixtures({ 'p.json': PIGEON });
    const hard = JSON.parse(run([join(dir, 'p.json'), '--mode', 'hard', '--json']).out)[0];
    expect(hard).toMatchObject({ rounds: 1, fixpoint: true, wipeout: false });
    expect(hard.weights).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    const solver = JSON.parse(run([join(dir, 'p.json'), '--mode', 'solver', '--json']).out)[0];
    expect(solver.weights).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    // Zero weights remove values: with x = 0 forced, hard rounds reach y = 1, w = 2 in 3 rounds.
    writeFileSync(join(dir, 'w.json'), '[[1, 0, 1], [1, 1, 1], [1, 1, 1]]');
    const forced = JSON.parse(run([join(dir, 'p.json'), '--mode', 'hard', '--weights', join(dir, 'w.json'), '--json']).out)[0];
    expect(forced).toMatchObject({ rounds: 3, fixpoint: true, wipeout: false });
    expect(forced.weights).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('labels each weight with its source value: model values, colours, sudoku digits', () => {
    const dir = fixtures({
      'p.json': PIGEON,
      'v.json':
        '{"variables":[{"name":"t","values":[30,10]},{"name":"u","range":[-1,1]}],"constraints":[{"type":"relation","op":"lt","vars":["u","t"],"offset":-25}]}',
      'g.col': 'p edge 2 1\ne 1 2\n',
      's.txt': `${'.'.repeat(80)}5\n`,
    });
    // The model's shared value space gives x and y a value 2 outside their initial domain: weight 0.
    const pigeon = run([join(dir, 'p.json'), '--mode', 'hard']);
    expect(pigeon.out).toBe(`${join(dir, 'p.json')}: mode hard, 1 round, fixpoint\nx: 0=1 1=1 2=0\ny: 0=1 1=1 2=0\nw: 0=1 1=1 2=1\n`);
    expect(JSON.parse(run([join(dir, 'p.json'), '--mode', 'hard', '--json']).out)[0]).toMatchObject({
      names: ['x', 'y', 'w'],
      values: [
        [0, 1, 2],
        [0, 1, 2],
        [0, 1, 2],
      ],
    });
    // u < t - 25 keeps t = 30 only (u < -15 fails for t = 10).
    const labelled = run([join(dir, 'v.json'), '--mode', 'hard']).out.split('\n');
    expect(labelled.slice(1, 3)).toEqual(['t: 10=0 30=1', 'u: -1=1 0=1 1=1']);
    expect(
      run([join(dir, 'g.col'), '--colors', '2', '--mode', 'hard'])
        .out.split('\n')
        .slice(1, 3),
    ).toEqual(['1: 1=1 2=1', '2: 1=1 2=1']);
    const sudoku = run([join(dir, 's.txt'), '--mode', 'hard']).out.split('\n');
    expect(sudoku[9]).toBe('r1c9: 1=1 2=1 3=1 4=1 5=0 6=1 7=1 8=1 9=1');
    expect(sudoku[81]).toBe('r9c9: 1=0 2=0 3=0 4=0 5=1 6=0 7=0 8=0 9=0');
  });

  it('reports a wipe-out', () => {
    const dir = fixtures({ 'p.json': PIGEON, 'w.json': '[[1, 0, 0], [1, 0, 0], [0.5, 0.5, 0.5]]' });
    const r = JSON.parse(run([join(dir, 'p.json'), '--mode', 'soft', '--weights', join(dir, 'w.json'), '--json']).out)[0];
    expect(r).toMatchObject({ rounds: 1, wipeout: true });
  });

  it('bad weights files are one-line errors with file:line', () => {
    const dir = fixtures({
      'm.json': TABLE,
      'short.json': '[[0.5, 0.25]]',
      'bad.json': '[[0.5, 0.25],\n [0.5, 1.5]]',
      'row.json': '[\n [0.5],\n [0.5, 0.5]]',
    });
    const cases: [string, string][] = [
      ['short.json', 'short.json:1: weights: expected 2 arrays (one per variable), found 1'],
      ['bad.json', 'bad.json:2: weights[1][1]: 1.5 is not a number in [0, 1]'],
      ['row.json', "row.json:2: weights[0]: expected 2 weights (the variable's domain size), found 1"],
    ];
    for (const [file, message] of cases) {
      const r = run([join(dir, 'm.json'), '--weights', join(dir, file)]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`softprop: ${join(dir, message)}\n`);
    }
    const r = run([join(dir, 'm.json'), '--mode', 'magic']);
    expect(r.code).toBe(1);
  });

  it('propagates every puzzle of a sudoku file', () => {
    const puzzle = '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......';
    const dir = fixtures({ 's.txt': `${puzzle}\n${puzzle.replace('4', '.')}\n` });
    const out = JSON.parse(run([join(dir, 's.txt'), '--mode', 'fixed', '--json']).out);
    expect(out.length).toBe(2);
    for (const r of out) {
      expect(r.fixpoint).toBe(true);
      expect(r.weights.length).toBe(81);
    }
    // The first cell is given as 4 (value index 3) in the first puzzle only.
    expect(out[0].weights[0]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0]);
  });
});
