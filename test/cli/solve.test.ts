import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';

const run = (args: string[], input?: string) => softprop(['solve', ...args], input);

const PUZZLES = [
  '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......',
  '52...6.........7.13...........4..8..6......5...........418.........3..2...87.....',
];

function expectOneLineError(err: string, start: string): void {
  const lines = err.trimEnd().split('\n');
  expect(lines.length).toBe(1);
  expect(lines[0]?.startsWith(`softprop: ${start}`)).toBe(true);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('softprop solve', () => {
  it('prints one solution line per sudoku, from a file or stdin', () => {
    const dir = fixtures({ 'p.txt': `# two puzzles\n${PUZZLES.join('\n')}\n` });
    const r = run([join(dir, 'p.txt')]);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length).toBe(2);
    lines.forEach((l, i) => {
      expect(l).toMatch(/^[1-9]{81}$/);
      [...(PUZZLES[i] as string)].forEach((ch, k) => {
        if (ch !== '.') expect(l[k]).toBe(ch);
      });
    });
    const piped = run(['-', '--format', 'sudoku'], `${PUZZLES[0]}\n`);
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(`${lines[0]}\n`);
  });

  it('--json gives one object per problem with the solution in source labels', () => {
    const dir = fixtures({
      'm.json':
        '{"variables":[{"name":"a","values":[10,20]},{"name":"b","values":[20,30]}],"constraints":[{"type":"relation","op":"gt","vars":["a","b"],"offset":-15}]}',
    });
    const r = run([join(dir, 'm.json'), '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out.trim());
    expect(o.status).toBe('sat');
    expect(o.solution.a).toBeGreaterThan(o.solution.b - 15);
    expect(Object.keys(o.stats)).toEqual(expect.arrayContaining(['nodes', 'backtracks', 'failures', 'timeMs']));
  });

  it('colours graphs: --colors, unsat with too few, --chromatic proves the minimum', () => {
    const dir = fixtures({ 'c5.col': 'c five-cycle\np edge 5 5\ne 1 2\ne 2 3\ne 3 4\ne 4 5\ne 5 1\n' });
    const two = run([join(dir, 'c5.col'), '--colors', '2']);
    expect(two.code).toBe(0);
    expect(two.out).toContain('s UNSATISFIABLE');
    const chi = run([join(dir, 'c5.col'), '--chromatic', '--json']);
    expect(chi.code).toBe(0);
    const o = JSON.parse(chi.out.trim());
    expect(o.chromatic).toMatchObject({ colours: 3, optimal: true });
    const c = o.solution as number[];
    for (let i = 0; i < 5; i++) expect(c[i]).not.toBe(c[(i + 1) % 5]);
  });

  it('CNF: s/v lines, --all lists every model', () => {
    const dir = fixtures({ 'f.cnf': 'p cnf 2 1\n1 2 0\n' });
    const r = run([join(dir, 'f.cnf'), '--all']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('s SATISFIABLE');
    expect(r.out).toContain('c solutions 3');
    const models = r.out.split('\n').filter((l) => l.startsWith('v '));
    expect(new Set(models)).toEqual(new Set(['v -1 2 0', 'v 1 -2 0', 'v 1 2 0']));
  });

  it('exits 3 when a limit stops the search', () => {
    const dir = fixtures({ 'empty.txt': `${'.'.repeat(81)}\n` });
    const r = run([join(dir, 'empty.txt'), '--count', '--nodes', '50']);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^\d+\+\n$/);
  });

  it('bad input and usage: exit 1, one line, no stack trace', () => {
    const dir = fixtures({
      'bad.col': 'p edge 3 1\ne 1 9\n',
      'bad.xml': '<instance>\n<variables>\n<var id="x"> 0..2 </var>\n</variables>\n<constraints>\n<sum/>\n</constraints>\n</instance>',
    });
    const col = run([join(dir, 'bad.col'), '--colors', '3']);
    expect(col.code).toBe(1);
    expectOneLineError(col.err, `${join(dir, 'bad.col')}:2: vertex 9 out of range 1..3`);
    const xml = run([join(dir, 'bad.xml')]);
    expect(xml.code).toBe(1);
    expectOneLineError(xml.err, `${join(dir, 'bad.xml')}:6: unsupported XCSP3 element <sum>`);
    const missing = run([join(dir, 'nope.cnf')]);
    expect(missing.code).toBe(1);
    expectOneLineError(missing.err, `${join(dir, 'nope.cnf')}: cannot read`);
    expect(run([join(dir, 'bad.col'), '--colors', 'x']).code).toBe(1);
    expect(run([join(dir, 'bad.col'), '--no-such-flag']).code).toBe(1);
  });
});
