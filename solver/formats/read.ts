import { readFileSync } from 'node:fs';
import { systemErrorText } from '../api/system-error.js';
import { UserError } from '../api/user-error.js';
import { MAX_DOMAIN } from '../model/problem.js';
import type { StopCheck } from '../model/stop.js';
import { detectFormat } from './detect.js';
import { parseCnf } from './dimacs-cnf.js';
import { colouringInstance, parseCol } from './dimacs-col.js';
import type { Instance } from './instance.js';
import { parseJsonModel } from './json-model.js';
import { parseSudoku } from './sudoku.js';
import { parseXcsp3 } from './xcsp3.js';

export interface ReadOptions {
  /** Forces the format (`--format`); detected from the name or content otherwise. */
  format?: string;
  /** Colours for a graph colouring input. */
  colors?: number;
  /** Polled while a JSON or XCSP3 model is built (its relation tables can take seconds); true throws StoppedByLimit. */
  stop?: StopCheck;
}

/** The text of an input file (`-` is standard input) and the name messages use for it. */
export function readInput(file: string): { text: string; name: string } {
  try {
    return { text: readFileSync(file === '-' ? 0 : file, 'utf8'), name: file === '-' ? '<stdin>' : file };
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${systemErrorText(e)}`);
  }
}

/** Every problem of an input, lazily (a sudoku file holds one per line). */
export function* readInstances(text: string, file: string, opts: ReadOptions): Generator<Instance> {
  const format = detectFormat(file, text, opts.format);
  if (format === 'col') {
    const g = parseCol(text, file);
    const k = opts.colors;
    if (k === undefined) throw new UserError(`${file}: a graph colouring needs --colors K`);
    if (!Number.isInteger(k) || k < 1 || k > MAX_DOMAIN) throw new UserError(`--colors must be an integer in 1..${MAX_DOMAIN}`);
    yield colouringInstance(g, k);
  } else if (format === 'sudoku') yield* parseSudoku(text, file);
  else if (format === 'cnf') yield parseCnf(text, file);
  else if (format === 'json') yield parseJsonModel(text, file, opts.stop);
  else yield parseXcsp3(text, file, opts.stop);
}
