export { arithmeticBuiltins } from './arithmetic.js';
export { booleanBuiltins } from './boolean.js';
export { globalBuiltins } from './globals.js';
export type { BuiltinTable, PostContext, Poster } from './poster.js';
export { builtin, builtins } from './registry.js';
