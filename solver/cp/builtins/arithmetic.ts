import type { BuiltinTable } from './poster.js';

/** FlatZinc builtins: int comparisons, linear, arithmetic. */
export const arithmeticBuiltins: BuiltinTable = {};
