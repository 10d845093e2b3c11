/**
 * The typed model a FlatZinc file reads into: declarations with their domains, constraints as a
 * builtin name with typed arguments, and the solve item. Names are resolved: a parameter is
 * replaced by its value, a variable by its index in `FznModel.variables`, an array name by its
 * elements (the declaration's own array, shared, not copied). Which builtin becomes which
 * propagator is not decided here.
 */

/** A set of integers: a range `min..max` (empty when min > max) or listed values, sorted and distinct. */
export type IntSet =
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'set'; readonly values: readonly number[] };

/** A parameter value or literal. */
export type FznValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'set'; readonly set: IntSet };

/** A reference to `FznModel.variables[id]`. */
export interface FznVarRef {
  readonly kind: 'var';
  readonly id: number;
}

/** An array element: a literal or a variable. */
export type FznScalar = FznValue | FznVarRef;

/** A constraint argument or a variable's assigned value. */
export type FznExpr = FznScalar | { readonly kind: 'array'; readonly items: readonly FznScalar[] };

/** An annotation `name` or `name(args)`. */
export interface FznAnnotation {
  readonly kind: 'ann';
  readonly name: string;
  readonly args: readonly FznAnnArg[];
}

/** An annotation argument: anything an expression can be, plus floats, strings, nested annotations and nested lists. */
export type FznAnnArg =
  | FznExpr
  | FznAnnotation
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly FznAnnArg[] };

/** The scalar types FlatZinc declares (float types are refused by the reader). */
export type FznBaseType = 'int' | 'bool' | 'set of int';

/** A type as written in a predicate declaration: `array [int] of var 1..3`, `set of int`, … */
export interface FznType {
  readonly array: boolean;
  readonly var: boolean;
  readonly base: FznBaseType;
  /** The declared domain (`1..3`, `{1,5}`, `set of 1..3`), null when none. */
  readonly domain: IntSet | null;
}

/** `predicate name(type: param, …);`: a builtin the model uses beyond the standard ones. */
export interface FznPredicate {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: FznType }[];
  readonly line: number;
}

/** A parameter `int: n = 3;` or `array [1..n] of int: a = […];`. */
export interface FznParam {
  readonly name: string;
  readonly base: FznBaseType;
  readonly value: FznValue | readonly FznValue[];
  readonly line: number;
}

/** A scalar variable `var 1..9: x :: anns = value;`. */
export interface FznVar {
  readonly name: string;
  readonly base: 'int' | 'bool';
  /** The declared domain of an int variable; null for bool and for an unbounded `var int`. */
  readonly domain: IntSet | null;
  /** `= value`: a literal, or another variable this one is an alias of. */
  readonly value: FznScalar | null;
  readonly annotations: readonly FznAnnotation[];
  readonly line: number;
}

/** An array of variables `array [1..n] of var int: a :: anns = [x, 3, y];`. */
export interface FznVarArray {
  readonly name: string;
  readonly base: 'int' | 'bool';
  readonly domain: IntSet | null;
  readonly items: readonly FznScalar[];
  readonly annotations: readonly FznAnnotation[];
  readonly line: number;
}

/** `constraint name(args) :: anns;`. */
export interface FznConstraint {
  readonly name: string;
  readonly args: readonly FznExpr[];
  readonly annotations: readonly FznAnnotation[];
  readonly line: number;
}

/** `solve :: anns satisfy;`, or minimize / maximize an objective (a variable or an integer). */
export type FznSolve = { readonly annotations: readonly FznAnnotation[]; readonly line: number } & (
  | { readonly kind: 'satisfy' }
  | { readonly kind: 'minimize' | 'maximize'; readonly objective: FznScalar }
);

export interface FznModel {
  readonly predicates: readonly FznPredicate[];
  readonly params: readonly FznParam[];
  readonly variables: readonly FznVar[];
  readonly arrays: readonly FznVarArray[];
  readonly constraints: readonly FznConstraint[];
  readonly solve: FznSolve;
}

/** The first annotation called `name`, if any. */
export function findAnnotation(annotations: readonly FznAnnotation[], name: string): FznAnnotation | undefined {
  return annotations.find((a) => a.name === name);
}
