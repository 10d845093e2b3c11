import { arithmeticBuiltins } from './arithmetic.js';
import { booleanBuiltins } from './boolean.js';
import { globalBuiltins } from './globals.js';
import type { BuiltinTable, Poster } from './poster.js';

/** Every FlatZinc builtin softprop posts natively; mznlib declares exactly these names. */
export const builtins: BuiltinTable = { ...arithmeticBuiltins, ...booleanBuiltins, ...globalBuiltins };

export function builtin(name: string): Poster | undefined {
  return Object.hasOwn(builtins, name) ? builtins[name] : undefined;
}
