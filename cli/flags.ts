import { InvalidArgumentError } from 'commander';

/** The values a numeric flag accepts. */
export interface NumberRange {
  integer?: boolean;
  /** Smallest accepted value (included unless `above` is set). */
  min?: number;
  /** Values must be strictly greater than `min`. */
  above?: boolean;
  /** Values must be strictly less than this. */
  below?: number;
}

/**
 * A commander parser for a numeric flag, shared by every command: a bad value becomes commander's
 * one-line usage error (exit 1, no stack), e.g. "option '--rounds <n>' argument 'x' is invalid.
 * must be an integer ≥ 0".
 */
export function numberFlag(range: NumberRange = {}): (s: string) => number {
  const { integer = false, min, above = false, below } = range;
  const kind = integer ? 'an integer' : 'a number';
  const bounds = [min === undefined ? '' : `${above ? '>' : '≥'} ${min}`, below === undefined ? '' : `< ${below}`].filter((b) => b !== '');
  const expected = `must be ${kind}${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}`;
  return (s: string): number => {
    const v = Number(s);
    const ok =
      s.trim() !== '' &&
      Number.isFinite(v) &&
      (!integer || Number.isInteger(v)) &&
      (min === undefined || (above ? v > min : v >= min)) &&
      (below === undefined || v < below);
    if (!ok) throw new InvalidArgumentError(expected);
    return v;
  };
}

export const anyNumber = numberFlag();
export const integer = numberFlag({ integer: true });
export const nonNegativeInt = numberFlag({ integer: true, min: 0 });
export const positiveInt = numberFlag({ integer: true, min: 1 });
export const positiveNumber = numberFlag({ min: 0, above: true });
/** A share in [0, 1). */
export const fraction = numberFlag({ min: 0, below: 1 });
