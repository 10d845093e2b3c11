import type { BuiltinTable } from './poster.js';

/** FlatZinc builtins: globals and tables. */
export const globalBuiltins: BuiltinTable = {};
