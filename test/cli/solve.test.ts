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
      'bad.xml': '<instance>\n<variables>\n<var id="x"> 0..2 </var>\n</variables>\n<constraints>\n<stretch/>\n</constraints>\n</instance>',
    });
    const col = run([join(dir, 'bad.col'), '--colors', '3']);
    expect(col.code).toBe(1);
    expectOneLineError(col.err, `${join(dir, 'bad.col')}:2: vertex 9 out of range 1..3`);
    const xml = run([join(dir, 'bad.xml')]);
    expect(xml.code).toBe(1);
    expectOneLineError(xml.err, `${join(dir, 'bad.xml')}:6: unsupported XCSP3 element <stretch>`);
    const missing = run([join(dir, 'nope.cnf')]);
    expect(missing.code).toBe(1);
    expectOneLineError(missing.err, `${join(dir, 'nope.cnf')}: cannot read`);
    expect(run([join(dir, 'bad.col'), '--colors', 'x']).code).toBe(1);
    expect(run([join(dir, 'bad.col'), '--no-such-flag']).code).toBe(1);
  });
});

describe('solve --all streams solutions, separated as MiniZinc does', () => {
  const cnf = fixtures({ 'f.cnf': 'p cnf 2 1\n1 2 0\n', 'c5.col': 'p edge 5 5\ne 1 2\ne 2 3\ne 3 4\ne 4 5\ne 5 1\n' });

  it('each solution ends with ----------, a complete search with ==========; --count adds the count', () => {
    for (const extra of [[], ['--count']]) {
      const r = run([join(cnf, 'f.cnf'), '--all', ...extra]);
      expect(r.code).toBe(0);
      const lines = r.out.trimEnd().split('\n');
      expect(lines.slice(0, 2)).toEqual([`c ${join(cnf, 'f.cnf')}`, 's SATISFIABLE']);
      const models = lines.slice(2, 8);
      expect(models.filter((_, i) => i % 2 === 1)).toEqual(['----------', '----------', '----------']);
      expect(new Set(models.filter((_, i) => i % 2 === 0))).toEqual(new Set(['v -1 2 0', 'v 1 -2 0', 'v 1 2 0']));
      expect(lines.slice(8, 10)).toEqual(['==========', 'c solutions 3']);
    }
  });

  it('a limit leaves out ==========, and sudoku solutions stream one per line', () => {
    const dir = fixtures({ 'empty.txt': `${'.'.repeat(81)}\n` });
    const r = run([join(dir, 'empty.txt'), '--all', '--nodes', '200', '--count']);
    expect(r.code).toBe(3);
    const lines = r.out.trimEnd().split('\n');
    const count = Number.parseInt(lines.at(-1) as string, 10);
    expect(lines.at(-1)).toBe(`${count}+`);
    expect(count).toBeGreaterThan(0);
    expect(lines.length).toBe(2 * count + 1);
    expect(lines).not.toContain('==========');
    for (let i = 0; i < count; i++) {
      expect(lines[2 * i]).toMatch(/^[1-9]{81}$/);
      expect(lines[2 * i + 1]).toBe('----------');
    }
  });

  it('--json: one line per solution, then the problem with its count', () => {
    const r = run([join(cnf, 'f.cnf'), '--all', '--json']);
    const objs = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objs.length).toBe(4);
    for (const o of objs.slice(0, 3)) {
      expect(Object.keys(o)).toEqual(['name', 'solution', 'assignment']);
      const [a, b] = o.solution as number[];
      expect(o.assignment).toEqual({ 1: (a as number) > 0 ? 1 : 0, 2: (b as number) > 0 ? 1 : 0 });
    }
    expect(objs[3]).toMatchObject({ status: 'sat', decided: true, count: 3, solution: null });
  });

  it('--chromatic counts and lists the colourings with the fewest colours (C5: (k-1)^5 - (k-1) = 30 at k = 3)', () => {
    const count = run([join(cnf, 'c5.col'), '--chromatic', '--count', '--json']);
    const o = JSON.parse(count.out.trim());
    expect([o.chromatic.colours, o.count, o.stats.solutions, o.decided]).toEqual([3, 30, 30, true]);
    const all = run([join(cnf, 'c5.col'), '--chromatic', '--all']);
    const colourings = all.out.split('\n').filter((l) => l.startsWith('v '));
    expect(new Set(colourings).size).toBe(30);
    for (const v of colourings) {
      const c = v.split(' ').slice(1).map(Number);
      for (let i = 0; i < 5; i++) expect(c[i]).not.toBe(c[(i + 1) % 5]);
    }
  });
});

describe('solve --json: one solution shape per format, a name -> value map, times in microseconds', () => {
  it('sudoku, colouring, CNF, JSON model and XCSP3', () => {
    const dir = fixtures({
      's.txt': `${PUZZLES[0]}\n`,
      'g.col': 'p edge 3 2\ne 1 2\ne 2 3\n',
      'f.cnf': 'p cnf 3 2\n-1 0\n2 3 0\n',
      'm.json': '{"variables":[{"name":"x","values":[10,20]},{"name":"y","range":[5,6]}],"constraints":[{"type":"neq","vars":["x","y"]}]}',
      'i.xml':
        '<instance format="XCSP3" type="CSP"><variables><var id="v"> 3 7 </var></variables><constraints><intension> gt(v,4) </intension></constraints></instance>',
    });
    const one = (file: string, ...extra: string[]) => {
      const r = run([join(dir, file), '--json', ...extra]);
      expect([r.code, r.err]).toEqual([0, '']);
      const o = JSON.parse(r.out.trim());
      expect(String(o.stats.timeMs)).toMatch(/^\d+(\.\d{1,3})?$/);
      return o;
    };
    const s = one('s.txt');
    expect(s.solution).toMatch(/^[1-9]{81}$/);
    expect(Object.keys(s.assignment).length).toBe(81);
    expect(s.assignment.r1c1).toBe(Number(s.solution[0]));
    expect(s.assignment.r1c2).toBe(Number(s.solution[1]));
    expect(s.assignment.r9c8).toBe(Number(s.solution[79]));
    const g = one('g.col', '--colors', '2');
    expect(g.solution).toEqual([g.assignment[1], g.assignment[2], g.assignment[3]]);
    expect(g.solution[0]).not.toBe(g.solution[1]);
    const f = one('f.cnf');
    expect(f.solution[0]).toBe(-1);
    expect(f.assignment[1]).toBe(0);
    expect(f.solution.map((l: number) => (l > 0 ? 1 : 0))).toEqual([f.assignment[1], f.assignment[2], f.assignment[3]]);
    const m = one('m.json');
    expect(m.solution).toEqual(m.assignment);
    expect(m.solution).toEqual({ x: 10, y: 5 });
    expect(one('i.xml').assignment).toEqual({ v: 7 });
  });
});
