import type { FznConstraint, FznExpr, IntSet } from '../../formats/flatzinc/index.js';
import type { Space } from '../space.js';

/**
 * What a FlatZinc builtin's post function is given: the space to post into and typed readers of
 * the constraint's arguments. Booleans are 0/1 integer variables; a literal where a variable is
 * expected becomes a fixed variable. Readers and `fail` report errors as `file:line: problem`.
 */
export interface PostContext {
  readonly space: Space;
  /** The variable of an int or bool argument (a literal becomes a fixed variable). */
  intVar(e: FznExpr): number;
  /** The variables of an array argument. */
  intVars(e: FznExpr): Int32Array;
  /** An int or bool literal (true is 1). */
  int(e: FznExpr): number;
  /** An array of int or bool literals. */
  ints(e: FznExpr): number[];
  /** A set literal. */
  set(e: FznExpr): IntSet;
  /** An array of set literals. */
  sets(e: FznExpr): IntSet[];
  /** Refuses the constraint with a message at its line. */
  fail(message: string): never;
}

/** Posts one builtin: checks its arguments, then posts propagators (or a decomposition) into ctx.space. */
export type Poster = (ctx: PostContext, args: readonly FznExpr[], c: FznConstraint) => void;

/** A table of builtins by FlatZinc name. */
export type BuiltinTable = Readonly<Record<string, Poster>>;
