import { located } from '../api/user-error.js';
import { gridConstraints } from '../model/grid.js';
import type { Problem } from '../model/problem.js';
import { fullDomains, wordsFor } from '../model/problem.js';
import type { Instance } from './instance.js';

/**
 * Sudoku lines: one puzzle per line, row by row, n²×n² cells for box size n = 3, 4 or 5 (81, 256 or
 * 625 characters). A cell is `.` or `0` when empty, else its value: `1`–`9`, then `A`, `B`, … for 10,
 * 11, … (case-insensitive; 16×16 uses 1–9 A–G, 25×25 uses 1–9 A–P). Blank lines and lines starting
 * with `#` are skipped. A solution is printed in the same alphabet, one line per puzzle.
 */

const BOX_FOR_LENGTH = new Map([
  [81, 3],
  [256, 4],
  [625, 5],
]);

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

/** Parses one puzzle line; `line` is its 1-based line number for messages. */
export function parseSudokuLine(text: string, file: string, line: number): Instance {
  const box = BOX_FOR_LENGTH.get(text.length);
  if (box === undefined) throw located(file, line, `sudoku line has ${text.length} cells; expected 81, 256 or 625`);
  const side = box * box;
  const givens = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const v = cellOf(text.charCodeAt(i), side);
    if (v === INVALID) throw located(file, line, `invalid cell '${text[i]}' at column ${i + 1} of a ${side}x${side} sudoku`);
    givens[i] = v;
  }
  return {
    format: 'sudoku',
    name: `${file}:${line}`,
    problem: sudokuProblem(box, givens),
    source: { format: 'sudoku', puzzle: text },
    render: renderSudoku,
    labelled: renderSudoku,
  };
}

/** Yields the puzzles of a sudoku file one at a time, so thousands stream through one process. */
export function* parseSudoku(text: string, file: string): Generator<Instance> {
  let start = 0;
  let line = 0;
  let any = false;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const s = text.slice(start, end).trim();
    start = end + 1;
    if (s === '' || s.startsWith('#')) continue;
    any = true;
    yield parseSudokuLine(s, file, line);
  }
  if (!any) throw located(file, undefined, 'no sudoku puzzles in file');
}
