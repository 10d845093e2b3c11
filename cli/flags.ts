import { statSync } from 'node:fs';
import { InvalidArgumentError, Option } from 'commander';
import { ENCODER_VARIABLES, type EncoderVariables } from '../encoder/guided-variables.js';
import { DEVICE_NAMES_TEXT, type DeviceName, parseDeviceName } from '../fpga/device.js';
import { UserError } from '../solver/api/user-error.js';

/**
 * The one place where every command's flags are checked as they are parsed: numbers against their
 * range, names against their list, paths for existence, the shared `--seed` with its default.
 * Each parser throws commander's InvalidArgumentError, which cli/main.ts prints as one line,
 * e.g. "softprop: option '--rounds <n>' argument 'x' is invalid. must be an integer ≥ 0" (exit 1).
 * Enumerations use commander's `Option.choices`, which reports the same way.
 */

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

/** A commander parser for a numeric flag. */
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

/** `--encoder-every <k>` (solve, evaluate): re-score every k-th decision; 'root' is 0, the root only. */
export function encoderEvery(s: string): number {
  if (s === 'root') return 0;
  try {
    return nonNegativeInt(s);
  } catch {
    throw new InvalidArgumentError("must be 'root' or an integer ≥ 0");
  }
}

/** Seeds are 32-bit (Rng.seeded): a larger value would silently give the same run as a smaller one. */
export const seedValue = numberFlag({ integer: true, min: 0, below: 2 ** 32 });

/** `--inference tfjs|typed`: how --encoder computes its scores (encoder/guided-solve.ts InferencePath). */
export function inferenceOption(): Option {
  return new Option(
    '--inference <path>',
    'how --encoder computes its scores: typed (default: typed arrays on wasm SIMD kernels) or tfjs (the tfjs network on its backend)',
  ).choices(['tfjs', 'typed']);
}

/** The flags of an encoder-guided search that solve and evaluate share (encoder/guided-order.ts GuidedOptions). */
export interface GuideFlags {
  /** Apply the encoder to problems outside the scope its meta.json records (else refused). */
  encoderAny?: boolean;
  /** Re-score with the encoder at every K-th decision node (0, from `root`: only at the root). */
  encoderEvery?: number;
  /** Variable choice at guided decisions (encoder/guided-variables.ts). */
  encoderVars?: EncoderVariables;
  /** Nodes of a search without the encoder before it is consulted. */
  encoderAfter?: number;
  /** Message rounds of each encoder call (GuidedOptions.rounds). */
  encoderRounds?: number;
  /** How the encoder computes its scores (encoder/guided-solve.ts InferencePath). */
  inference?: 'tfjs' | 'typed';
}

/** `--encoder-vars <order>` (solve, evaluate): who picks the variable at a guided decision. */
export function encoderVariablesOption(): Option {
  return new Option(
    '--encoder-vars <order>',
    "variable choice of a guided search: search (the solver's dom/wdeg) or confidence (the variable the encoder is surest of); default: the model's meta.json guidance, else search",
  ).choices(ENCODER_VARIABLES);
}

/** `--encoder-rounds <n>` (solve, evaluate): the encoder's message rounds per call. */
export function encoderRoundsOption(): Option {
  return new Option(
    '--encoder-rounds <n>',
    "message rounds of each encoder call (default: the model's meta.json guidance, else the rounds its config runs at inference); other than those, typed inference only",
  ).argParser(positiveInt);
}

/** `--seed <s>` with the default every command shares. */
export function seedOption(description: string): Option {
  return new Option('--seed <s>', description).argParser(seedValue).default(1);
}

/** A commander parser for a flag naming a file or folder that must exist (checked before any work starts). */
export function existing(kind: 'file' | 'folder'): (s: string) => string {
  return (s: string): string => {
    const st = statSync(s, { throwIfNoEntry: false });
    if (!st) throw new InvalidArgumentError(`no such ${kind}`);
    if (kind === 'file' ? st.isDirectory() : !st.isDirectory()) throw new InvalidArgumentError(`not a ${kind}`);
    return s;
  };
}

/** A commander parser for a comma-separated list of names from `allowed` (e.g. `--only solver,soft`). */
export function listOf(allowed: readonly string[]): (s: string) => string[] {
  return (s: string): string[] => {
    const names = s.split(',').map((n) => n.trim());
    const unknown = names.find((n) => !allowed.includes(n));
    if (unknown !== undefined) throw new InvalidArgumentError(`'${unknown}' is not one of ${allowed.join(', ')}`);
    return names;
  };
}

/** A commander parser for a device name (fpga/device.ts parseDeviceName): ts, verilator or serial:PATH[@baud]. */
export function deviceName(s: string): DeviceName {
  try {
    parseDeviceName(s);
  } catch (e) {
    if (e instanceof UserError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  return s as DeviceName;
}

/** `--device <device>` (propagate, solve, train, hil): where the rounds run; `what` says what runs there. */
export function deviceOption(what: string): Option {
  return new Option('--device <device>', `${what}: ${DEVICE_NAMES_TEXT} (a board's UART or a pseudo-terminal)`).argParser(deviceName);
}
