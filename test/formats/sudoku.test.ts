import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { parseSudoku, parseSudokuLine, renderSudoku } from '../../solver/formats/sudoku.js';
import { checkSolution } from '../../solver/search/checker.js';

const PUZZLE = '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......';

/** Rows, columns and boxes of a solution line hold every value once (the sudoku rules, written out). */
function validGrid(line: string, box: number): boolean {
  const side = box * box;
  const at = (r: number, c: number) => line[r * side + c];
  for (let k = 0; k < side; k++) {
    const row = new Set<string | undefined>();
    const col = new Set<string | undefined>();
    const blk = new Set<string | undefined>();
    for (let j = 0; j < side; j++) {
      row.add(at(k, j));
      col.add(at(j, k));
      blk.add(at(Math.floor(k / box) * box + Math.floor(j / box), (k % box) * box + (j % box)));
    }
    if (row.size !== side || col.size !== side || blk.size !== side) return false;
  }
  return !line.includes('.') && !line.includes('0');
}

function keepsGivens(puzzle: string, solution: string): boolean {
  return [...puzzle].every((ch, i) => ch === '.' || ch === '0' || ch.toUpperCase() === solution[i]);
}

describe('sudoku lines', () => {
  it('reads givens as singleton domains and empty cells as full ones', () => {
    const inst = parseSudokuLine(PUZZLE, 'p.txt', 1);
    expect(inst.problem.domSize.length).toBe(81);
    expect(inst.problem.init[0]).toBe(1 << 3); // '4'
    expect(inst.problem.init[1]).toBe(0x1ff);
    expect(inst.problem.constraints.length).toBe(27);
  });

  it('accepts 0 for empty and letters for 16x16 values, case-insensitively', () => {
    const line = `${'g'}${'0'.repeat(255)}`;
    const inst = parseSudokuLine(line, 'p.txt', 3);
    expect(inst.problem.init[0]).toBe(1 << 15);
    expect(inst.problem.init[1]).toBe(0xffff);
  });

  it('reports bad lengths and cells with file and line', () => {
    expect(() => parseSudokuLine('1'.repeat(80), 'p.txt', 7)).toThrow('p.txt:7: sudoku line has 80 cells; expected 81, 256 or 625');
    expect(() => parseSudokuLine(`${'.'.repeat(10)}A${'.'.repeat(70)}`, 'p.txt', 2)).toThrow(
      "p.txt:2: invalid cell 'A' at column 11 of a 9x9 sudoku",
    );
    expect(() => parseSudokuLine(`H${'.'.repeat(255)}`, 'p.txt', 2)).toThrow("p.txt:2: invalid cell 'H' at column 1 of a 16x16 sudoku");
    expect(() => [...parseSudoku('# only a comment\n\n', 'e.txt')]).toThrow('e.txt: no sudoku puzzles in file');
    expect(() => [...parseSudoku(`${PUZZLE}\n\n${PUZZLE.slice(3)}\n`, 'f.txt')]).toThrow('f.txt:3: sudoku line has 78 cells');
  });

  it('round trip: parse, solve, render, re-parse the solution as a full grid', () => {
    const text = readFileSync('cli/demo/sudoku-9x9.txt', 'utf8');
    const results = [...solveText(`${text}${PUZZLE}\n`, 'demo.txt', {})];
    const puzzles = text
      .split('\n')
      .filter((l) => l.length === 81)
      .concat(PUZZLE);
    expect(results.length).toBe(4);
    results.forEach((r, i) => {
      const line = r.instance.render(r.solutions[0] as Int32Array);
      expect(validGrid(line, 3)).toBe(true);
      expect(keepsGivens(puzzles[i] as string, line)).toBe(true);
      const again = parseSudokuLine(line, 'again.txt', 1);
      const back = [...solveText(line, 'again.txt', {})][0];
      expect(back?.status).toBe('sat');
      expect(renderSudoku(back?.solutions[0] as Int32Array)).toBe(line);
      expect(checkSolution(again.problem, back?.solutions[0] as Int32Array)).toBeNull();
    });
  });

  it('solves the 16x16 demo and a 25x25 grid', () => {
    const text = readFileSync('cli/demo/sudoku-16x16.txt', 'utf8');
    const puzzle = text.split('\n').find((l) => l.length === 256) as string;
    const [r16] = [...solveText(text, 'demo16.txt', {})];
    const line = r16?.instance.render(r16.solutions[0] as Int32Array) as string;
    expect(validGrid(line, 4)).toBe(true);
    expect(keepsGivens(puzzle, line)).toBe(true);
    // 25x25: only the first row given (a shifted pattern), the rest found by search.
    const alphabet = '123456789ABCDEFGHIJKLMNOP';
    const row = alphabet;
    const [r25] = [...solveText(`${row}${'.'.repeat(600)}`, 'big.txt', { format: 'sudoku', timeoutMs: 20_000 })];
    const big = r25?.instance.render(r25.solutions[0] as Int32Array) as string;
    expect(big.slice(0, 25)).toBe(row);
    expect(validGrid(big, 5)).toBe(true);
  });

  it('reports an unsatisfiable puzzle (two equal givens in a row)', () => {
    const [r] = [...solveText(`11${'.'.repeat(79)}`, 'u.txt', {})];
    expect(r?.status).toBe('unsat');
    expect(r?.decided).toBe(true);
  });
});

/** A puzzle line in grid layout: side rows, with `|`, `+` and `-` rules between boxes as grid files draw them. */
function asGrid(line: string, box: number): string {
  const side = box * box;
  const rule = Array.from({ length: box }, () => '-'.repeat(2 * box)).join('+');
  const rows: string[] = [];
  for (let r = 0; r < side; r++) {
    if (r > 0 && r % box === 0) rows.push(rule);
    const cells = [...line.slice(r * side, (r + 1) * side)];
    rows.push(Array.from({ length: box }, (_, b) => cells.slice(b * box, (b + 1) * box).join(' ')).join(' | '));
  }
  return rows.join('\n');
}

describe('sudoku grids', () => {
  it('reads grids (9x9, 16x16, 25x25, with or without separators) as the same puzzles as their lines, named by their first line', () => {
    const lines = readFileSync('cli/demo/sudoku-9x9.txt', 'utf8')
      .split('\n')
      .filter((l) => l.length === 81);
    const big = readFileSync('cli/demo/sudoku-16x16.txt', 'utf8')
      .split('\n')
      .filter((l) => l.length === 256);
    const huge = `A${'.'.repeat(624)}`;
    const text = [
      '# grids',
      asGrid(lines[0] as string, 3),
      '',
      (lines[1] as string).match(/.{9}/g)?.join('\n'),
      lines[2],
      asGrid(big[0] as string, 4),
      asGrid(huge, 5),
    ].join('\n');
    const got = [...parseSudoku(text, 'g.txt')];
    const want = [lines[0], lines[1], lines[2], big[0], huge].map((l, i) => parseSudokuLine(l as string, 'x', i));
    expect(got.map((g) => g.name)).toEqual(['g.txt:2', 'g.txt:14', 'g.txt:23', 'g.txt:24', 'g.txt:43']);
    got.forEach((g, i) => {
      expect(g.problem.init).toEqual(want[i]?.problem.init);
      expect(g.source).toEqual(want[i]?.source);
    });
    expect(lines.length).toBeGreaterThan(2);
  });

  it('says what is wrong with a grid or a line of the wrong length, with file and line', () => {
    const grid = asGrid(PUZZLE, 3).split('\n');
    expect(() => [...parseSudoku(grid.slice(0, 6).join('\n'), 'g.txt')]).toThrow(
      'g.txt:1: sudoku grid has 5 rows of 9 cells; expected 9 rows',
    );
    expect(() => [...parseSudoku([...grid.slice(0, 2), '', ...grid.slice(2)].join('\n'), 'g.txt')]).toThrow(
      'g.txt:1: sudoku grid has 2 rows of 9 cells; expected 9 rows',
    );
    expect(() => [...parseSudoku([...grid.slice(0, 2), '1234567890123456', ...grid.slice(2)].join('\n'), 'g.txt')]).toThrow(
      'g.txt:3: sudoku grid row has 16 cells; the rows of this grid have 9',
    );
    expect(() => [...parseSudoku([...grid.slice(0, 2), '12345678x', ...grid.slice(2)].join('\n'), 'g.txt')]).toThrow(
      "g.txt:3: invalid cell 'x' at column 9 of a 9x9 sudoku",
    );
    expect(() => [...solveText(`${PUZZLE}\n${PUZZLE.slice(1)}\n`, 'p.txt', {})]).toThrow(
      'p.txt:2: sudoku line has 80 cells; expected 81, 256 or 625 (one puzzle per line) or 9, 16 or 25 (grid rows)',
    );
    expect(() => [...solveText('hello\n', 'p.txt', {})]).toThrow('p.txt:1: sudoku line has 5 cells');
    expect([...solveText(asGrid(PUZZLE, 3), 'no-extension', {})].map((r) => r.status)).toEqual(['sat']);
  });
});
