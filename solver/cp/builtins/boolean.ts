import type { BuiltinTable } from './poster.js';

/** FlatZinc builtins: Boolean builtins, set_in, element. */
export const booleanBuiltins: BuiltinTable = {};
