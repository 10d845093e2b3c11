import { UserError } from '../../solver/api/user-error.js';

/** An integer flag >= min (default `fallback`), or a UserError naming the flag. */
export function intFlag(name: string, v: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const x = v ?? fallback;
  if (!Number.isInteger(x) || x < min || x > max)
    throw new UserError(`--${name} must be an integer in ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max}, got ${x}`);
  return x;
}

/** A real flag in [min, max] (default `fallback`), or a UserError naming the flag. */
export function realFlag(name: string, v: number | undefined, fallback: number, min: number, max: number): number {
  const x = v ?? fallback;
  if (!Number.isFinite(x) || x < min || x > max) throw new UserError(`--${name} must be a number in [${min}, ${max}], got ${x}`);
  return x;
}

/** The per-call search node budget every family takes (`--nodes`). */
export function nodesFlag(v: number | undefined): number {
  return intFlag('nodes', v, 200_000, 1);
}
