/**
 * A sudoku solution against its puzzle line, from the rules: every cell a value 1..side, the givens
 * kept, each row, column and box all different. Values are read from the characters here (not with
 * the parser's decoding); one small array per check, as a sudoku file checks thousands a second.
 */
export function checkSudokuSolution(puzzle: string, grid: string): string | null {
  const cells = puzzle.length;
  const side = Math.round(Math.sqrt(cells));
  const box = Math.round(Math.sqrt(side));
  if (box * box !== side || side * side !== cells) return `a puzzle of ${cells} cells is not a square grid of square boxes`;
  if (grid.length !== cells) return `solution has ${grid.length} cells, the puzzle ${cells}`;
  const at = (i: number) => `row ${Math.floor(i / side) + 1} column ${(i % side) + 1}`;
  const value = new Uint8Array(cells);
  for (let i = 0; i < cells; i++) {
    const v = cellValue(grid.charCodeAt(i));
    if (v < 1 || v > side) return `${at(i)}: '${grid[i]}' is not a value 1..${side}`;
    const given = cellValue(puzzle.charCodeAt(i));
    if (given !== 0 && given !== v) return `${at(i)}: the given ${puzzle[i]} became ${grid[i]}`;
    value[i] = v;
  }
  // lastUnit[v]: the last unit (rows 0.., columns side.., boxes 2·side..) value v was seen in.
  const lastUnit = new Int32Array(side + 1).fill(-1);
  const seen = (u: number, i: number): boolean => {
    const v = value[i] as number;
    if (lastUnit[v] === u) return true;
    lastUnit[v] = u;
    return false;
  };
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++) if (seen(r, r * side + c)) return `row ${r + 1} holds ${grid[r * side + c]} twice`;
  for (let c = 0; c < side; c++)
    for (let r = 0; r < side; r++) if (seen(side + c, r * side + c)) return `column ${c + 1} holds ${grid[r * side + c]} twice`;
  for (let b = 0; b < side; b++) {
    const top = (b - (b % box)) * side + (b % box) * box;
    for (let dr = 0; dr < box; dr++)
      for (let dc = 0; dc < box; dc++) {
        const i = top + dr * side + dc;
        if (seen(2 * side + b, i)) return `box ${b + 1} holds ${grid[i]} twice`;
      }
  }
  return null;
}

/** A cell character's value: 1–9, then A/a = 10, B/b = 11, …; 0 for `.`, `0` and anything else. */
function cellValue(ch: number): number {
  if (ch >= 49 && ch <= 57) return ch - 48;
  if (ch >= 65 && ch <= 90) return ch - 55;
  if (ch >= 97 && ch <= 122) return ch - 87;
  return 0;
}
