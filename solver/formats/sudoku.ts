import { located } from '../api/user-error.js';
import { gridConstraints } from '../model/grid.js';
import type { Problem } from '../model/problem.js';
import { fullDomains, wordsFor } from '../model/problem.js';
import type { Instance } from './instance.js';

/**
 * Sudoku files: one puzzle per line, row by row, n²×n² cells for box size n = 3, 4 or 5 (81, 256 or
 * 625 characters), or in grid layout: n² lines of n² cells each, one after the other. A cell is `.`
 * or `0` when empty, else its value: `1`–`9`, then `A`, `B`, … for 10, 11, … (case-insensitive;
 * 16×16 uses 1–9 A–G, 25×25 uses 1–9 A–P). Spaces, tabs and the grid separators `|`, `+` and `-`
 * are ignored, so a line of only separators is a rule between boxes. Blank lines and lines starting
 * with `#` are skipped. A solution is printed in the same alphabet, one line per puzzle.
 */

const BOX_FOR_LENGTH = new Map([
  [81, 3],
  [256, 4],
  [625, 5],
]);

/** Grid rows: 9, 16 or 25 cells. */
const BOX_FOR_SIDE = new Map([
  [9, 3],
  [16, 4],
  [25, 5],
]);

/** What grid files put between cells and boxes. */
const SEPARATOR = /[\s|+-]/;
const SEPARATORS = /[\s|+-]/g;

const EMPTY = -1;
const INVALID = -2;

/** The value index of a cell character, EMPTY, or INVALID (also for values beyond the grid). */
function cellOf(ch: number, side: number): number {
  if (ch === 46 || ch === 48) return EMPTY; // '.' '0'
  let v = INVALID;
  if (ch >= 49 && ch <= 57) v = ch - 49;
  else if (ch >= 65 && ch <= 90) v = ch - 65 + 9;
  else if (ch >= 97 && ch <= 122) v = ch - 97 + 9;
  return v < side ? v : INVALID;
}

/** The character of value index `v`. */
export function sudokuChar(v: number): string {
  return String.fromCharCode(v < 9 ? 49 + v : 65 + v - 9);
}

/** The problem of a grid of box size `box`; `givens[i]` is a value index or -1 for an empty cell. */
export function sudokuProblem(box: number, givens: Int32Array): Problem {
  const side = box * box;
  const domSize = new Int32Array(side * side).fill(side);
  const init = fullDomains(domSize);
  const w = wordsFor(side);
  for (let i = 0; i < givens.length; i++) {
    const g = givens[i] as number;
    if (g < 0) continue;
    init.fill(0, i * w, (i + 1) * w);
    init[i * w + (g >>> 5)] = (1 << (g & 31)) >>> 0;
  }
  return { domSize, init, constraints: gridConstraints(box), grid: { box } };
}

/** A solution as one line in the input alphabet. */
export function renderSudoku(values: Int32Array): string {
  // Character codes first, one string at the end: half the time of appending 81 one-character strings.
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    codes[i] = v < 9 ? 49 + v : 56 + v;
  }
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}

/** The error for a line whose cell count is neither a puzzle's nor a grid row's. */
function wrongLength(file: string, line: number, cells: number) {
  return located(file, line, `sudoku line has ${cells} cells; expected 81, 256 or 625 (one puzzle per line) or 9, 16 or 25 (grid rows)`);
}

/** Reads `cells` of a side×side grid into `givens` from `at`; an invalid cell is `file:line: …` with its column. */
function readCells(cells: string, side: number, givens: Int32Array, at: number, file: string, line: number): void {
  for (let i = 0; i < cells.length; i++) {
    const v = cellOf(cells.charCodeAt(i), side);
    if (v === INVALID) throw located(file, line, `invalid cell '${cells[i]}' at column ${i + 1} of a ${side}x${side} sudoku`);
    givens[at + i] = v;
  }
}

/** Whether a line reads as a sudoku puzzle line or grid row (for telling the format by content). */
export function looksLikeSudoku(line: string): boolean {
  const cells = cellsOf(line.trim());
  return (BOX_FOR_LENGTH.has(cells.length) || BOX_FOR_SIDE.has(cells.length)) && /^[.0-9A-Za-z]+$/.test(cells);
}

/** Parses one puzzle line; `line` is its 1-based line number for messages. */
export function parseSudokuLine(text: string, file: string, line: number): Instance {
  const box = BOX_FOR_LENGTH.get(text.length);
  if (box === undefined) throw wrongLength(file, line, text.length);
  const givens = new Int32Array(text.length);
  readCells(text, box * box, givens, 0, file, line);
  return sudokuInstance(file, line, box, givens, text);
}

/** A puzzle read from `line` of `file` (its first line for a grid); `cells` as read, for the source check. */
function sudokuInstance(file: string, line: number, box: number, givens: Int32Array, cells: string): Instance {
  return {
    format: 'sudoku',
    name: `${file}:${line}`,
    problem: sudokuProblem(box, givens),
    source: { format: 'sudoku', puzzle: cells },
    render: renderSudoku,
    labelled: renderSudoku,
  };
}

/** The cells of a line: the line itself, or without its separators when it has any. */
function cellsOf(line: string): string {
  return SEPARATOR.test(line) ? line.replace(SEPARATORS, '') : line;
}

/** Yields the puzzles of a sudoku file one at a time, so thousands stream through one process. */
export function* parseSudoku(text: string, file: string): Generator<Instance> {
  let start = 0;
  let line = 0;
  let any = false;
  // A grid being read: its first line, box size, and rows so far.
  let gridLine = 0;
  let box = 0;
  let rows = 0;
  let givens = new Int32Array(0);
  let cellsRead = '';
  const side = () => box * box;
  const unfinished = () => located(file, gridLine, `sudoku grid has ${rows} rows of ${side()} cells; expected ${side()} rows`);
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const s = text.slice(start, end).trim();
    start = end + 1;
    if (s.startsWith('#')) continue;
    const cells = cellsOf(s);
    if (cells === '') {
      // A rule between boxes inside a grid, or a blank line (which may not split one).
      if (s === '' && rows > 0) throw unfinished();
      continue;
    }
    any = true;
    if (rows === 0) {
      if (BOX_FOR_LENGTH.has(cells.length)) {
        yield parseSudokuLine(cells, file, line);
        continue;
      }
      box = BOX_FOR_SIDE.get(cells.length) ?? 0;
      if (box === 0) throw wrongLength(file, line, cells.length);
      gridLine = line;
      givens = new Int32Array(side() * side());
      cellsRead = '';
    } else if (cells.length !== side())
      throw located(file, line, `sudoku grid row has ${cells.length} cells; the rows of this grid have ${side()}`);
    readCells(cells, side(), givens, rows * side(), file, line);
    cellsRead += cells;
    if (++rows === side()) {
      rows = 0;
      yield sudokuInstance(file, gridLine, box, givens, cellsRead);
    }
  }
  if (rows > 0) throw unfinished();
  if (!any) throw located(file, undefined, 'no sudoku puzzles in file');
}
