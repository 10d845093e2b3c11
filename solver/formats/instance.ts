import type { Problem } from '../model/problem.js';
import type { Json } from './located-json.js';
import type { XmlElement } from './xml-tree.js';

/** The input formats `softprop solve` reads. */
export type FormatName = 'sudoku' | 'col' | 'cnf' | 'json' | 'xcsp3';

export const FORMAT_NAMES: readonly FormatName[] = ['sudoku', 'col', 'cnf', 'json', 'xcsp3'];

/** Most variables (vertices, CNF variables, array elements) an input may declare. */
export const MAX_VARIABLES = 1 << 22;

/** A solution in the source format's own terms, for `--json` output. */
export type LabelledSolution = string | number[] | Record<string, number>;

/**
 * An input's own constraints in source terms, as read, before any translation to a Problem. The
 * source check (solver/formats/source-check/) judges solutions against it, so a translation bug in
 * a parser cannot pass its own output.
 */
export type SourceModel =
  /** One puzzle line as read (`.`/`0` empty, `1`–`9` then letters). */
  | { format: 'sudoku'; puzzle: string }
  /** Edges as listed (1-based `u v` at 2k, 2k+1, repeats kept), coloured with 1..colours. */
  | { format: 'col'; vertices: number; colours: number; edges: Int32Array }
  /** Clauses as listed: DIMACS literals, each clause ended by 0. */
  | { format: 'cnf'; vars: number; clauses: Int32Array }
  /** The JSON model document. */
  | { format: 'json'; model: Json }
  /** The XCSP3 document's `<instance>` element. */
  | { format: 'xcsp3'; root: XmlElement };

/**
 * One problem read from an input file, with the two ways of showing its solutions. A file may hold
 * several (a sudoku file holds one per line); `name` tells them apart in messages.
 */
export interface Instance {
  format: FormatName;
  /** `file` or `file:line` for multi-problem files. */
  name: string;
  problem: Problem;
  /** The input's constraints in its own terms, for the source check. */
  source: SourceModel;
  /** A solution (value indices) as the format's text output, without a status line. */
  render(values: Int32Array): string;
  /** A solution in source labels (values, colours, literals), for JSON output. */
  labelled(values: Int32Array): LabelledSolution;
}
