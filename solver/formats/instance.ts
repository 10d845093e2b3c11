import type { Problem } from '../model/problem.js';

/** The input formats `softprop solve` reads. */
export type FormatName = 'sudoku' | 'col' | 'cnf' | 'json' | 'xcsp3';

export const FORMAT_NAMES: readonly FormatName[] = ['sudoku', 'col', 'cnf', 'json', 'xcsp3'];

/** Most variables (vertices, CNF variables, array elements) an input may declare. */
export const MAX_VARIABLES = 1 << 22;

/** A solution in the source format's own terms, for `--json` output. */
export type LabelledSolution = string | number[] | Record<string, number>;

/**
 * One problem read from an input file, with the two ways of showing its solutions. A file may hold
 * several (a sudoku file holds one per line); `name` tells them apart in messages.
 */
export interface Instance {
  format: FormatName;
  /** `file` or `file:line` for multi-problem files. */
  name: string;
  problem: Problem;
  /** A solution (value indices) as the format's text output, without a status line. */
  render(values: Int32Array): string;
  /** A solution in source labels (values, colours, literals), for JSON output. */
  labelled(values: Int32Array): LabelledSolution;
}
