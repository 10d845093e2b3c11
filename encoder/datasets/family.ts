import type { Rng } from '../../solver/model/rng.js';
import type { DatasetRecord } from './record.js';

/**
 * Flags a generator may take (the union over families; each family says which ones it reads).
 * Values are already typed by the CLI; `params()` checks ranges and fills defaults.
 */
export interface FamilyFlags {
  /** Sudoku box order, latin order, vertices (coloring), variables (cnf, rb). */
  size?: number;
  /** Sudoku: target (minimum) number of givens. */
  givens?: number;
  /** Sudoku: removal steps per instance (1: one pass; more: a walk over minimal puzzles) before settling for the lowest count reached. */
  attempts?: number;
  /** Sudoku: file of puzzles (one per line) to draw from instead of generating. */
  from?: string;
  /** Coloring: number of colours K. */
  colors?: number;
  /** Coloring: probability of an edge between two differently coloured vertices. */
  density?: number;
  /** Latin: fraction of cells left empty. */
  holes?: number;
  /** Latin / sudoku-from: require (latin) a unique completion. */
  unique?: boolean;
  /** CNF: clauses per variable; RB: r (constraints = r·n·ln n). */
  ratio?: number;
  /** RB: alpha (domain size = round(n^alpha)). */
  alpha?: number;
  /** RB: tightness p (fraction of forbidden pairs per constraint). */
  tightness?: number;
  /** CNF: plant a satisfying assignment so every instance is satisfiable. */
  planted?: boolean;
  /** Search node budget per solver call (deterministic, unlike a time limit). */
  nodes?: number;
}

/**
 * One instance family. `params` validates flags once in the main thread (UserError on bad values)
 * into a structured-cloneable object that worker threads receive; `generate` builds instance i from
 * its own Rng stream only, so output does not depend on how instances are spread over workers.
 */
export interface Family<P> {
  name: string;
  /** Flags this family reads; any other flag given is a usage error. */
  flags: readonly (keyof FamilyFlags)[];
  params(flags: FamilyFlags): Promise<P>;
  generate(rng: Rng, params: P): DatasetRecord;
}
