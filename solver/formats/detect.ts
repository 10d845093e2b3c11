import { UserError } from '../api/user-error.js';
import { FORMAT_NAMES, type FormatName } from './instance.js';
import { looksLikeSudoku } from './sudoku.js';

const BY_EXTENSION: Record<string, FormatName> = {
  col: 'col',
  cnf: 'cnf',
  json: 'json',
  xml: 'xcsp3',
  sdk: 'sudoku',
  sudoku: 'sudoku',
};

/** Extensions of files that may hold anything, sudoku puzzles by default. */
const SUDOKU_UNLESS_CONTENT_SAYS = new Set(['txt']);

/**
 * The format of an input: `forced` (from `--format`) if given, else by file extension, else by
 * content: `<` XML is XCSP3, `{` is a JSON model, `p cnf` / `p edge` / `p col` headers are DIMACS,
 * and a first non-comment line of 81, 256 or 625 cells (a puzzle) or 9, 16 or 25 (a grid row) is a
 * sudoku file, as is a `.txt` file that is none of the others (so its reader can say what is wrong).
 */
export function detectFormat(file: string, text: string, forced?: string): FormatName {
  if (forced !== undefined) {
    if (!(FORMAT_NAMES as readonly string[]).includes(forced))
      throw new UserError(`unknown format '${forced}'; expected one of ${FORMAT_NAMES.join(', ')}`);
    return forced as FormatName;
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(file)?.[1]?.toLowerCase();
  const byExt = ext === undefined ? undefined : BY_EXTENSION[ext];
  if (byExt) return byExt;
  const head = text.trimStart();
  if (head.startsWith('<')) return 'xcsp3';
  if (head.startsWith('{')) return 'json';
  const header = /^p\s+(cnf|edge|col)\b/m.exec(text.slice(0, 1 << 16))?.[1];
  if (header) return header === 'cnf' ? 'cnf' : 'col';
  const first = /^(?!#)[^\n]*\S[^\n]*$/m.exec(head.slice(0, 1 << 16))?.[0] ?? '';
  if (looksLikeSudoku(first) || (ext !== undefined && SUDOKU_UNLESS_CONTENT_SAYS.has(ext))) return 'sudoku';
  throw new UserError(`${file}: cannot tell the input format; use --format ${FORMAT_NAMES.join('|')}`);
}
