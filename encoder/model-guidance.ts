import { located } from '../solver/api/user-error.js';
import type { GuidedOptions } from './guided-order.js';
import { ENCODER_VARIABLES, type EncoderVariables } from './guided-variables.js';

/**
 * The guided-search policy a model records for its family, meta.json "guidance": when to consult
 * the encoder (`every` K-th decision, 0 the root only; `after` N plain nodes first), who picks
 * the variable, the candidate ratios of the restricted stages (`ratios`, [] for none), and the
 * encoder's message rounds per call (`rounds`, ≥ 1). A flag
 * given on the command line (or a field given by a library caller) wins; a field neither gives
 * keeps GuidedOptions' own default. The figures that chose each policy stay
 * beside it in meta.json ("measured"), which this reader ignores.
 */
export interface ModelGuidance {
  every?: number;
  after?: number;
  variables?: EncoderVariables;
  ratios?: readonly number[];
  rounds?: number;
}

/** `meta.guidance`, checked (a UserError naming `file` and the field otherwise); {} when absent. */
export function readGuidance(meta: Record<string, unknown>, file: string): ModelGuidance {
  const g = meta.guidance;
  if (g === undefined) return {};
  if (typeof g !== 'object' || g === null || Array.isArray(g)) throw located(file, undefined, 'guidance must be an object');
  const o = g as Record<string, unknown>;
  const count = (key: 'every' | 'after' | 'rounds', min: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw located(file, undefined, `guidance.${key} must be an integer ≥ ${min}`);
    return v;
  };
  const variables = o.variables;
  if (variables !== undefined && !ENCODER_VARIABLES.includes(variables as EncoderVariables))
    throw located(file, undefined, `guidance.variables must be one of ${ENCODER_VARIABLES.join(', ')}`);
  const ratios = o.ratios;
  if (ratios !== undefined && !(Array.isArray(ratios) && ratios.every((r) => typeof r === 'number' && r > 0 && r <= 1)))
    throw located(file, undefined, 'guidance.ratios must be a list of numbers in (0, 1]');
  const out: ModelGuidance = {};
  const every = count('every', 0);
  const after = count('after', 0);
  const rounds = count('rounds', 1);
  if (every !== undefined) out.every = every;
  if (after !== undefined) out.after = after;
  if (rounds !== undefined) out.rounds = rounds;
  if (variables !== undefined) out.variables = variables as EncoderVariables;
  if (ratios !== undefined) out.ratios = ratios as number[];
  return out;
}

/** `given` over `recorded`: each field `given` leaves undefined comes from the model's guidance. */
export function withGuidance(recorded: ModelGuidance, given: GuidedOptions): GuidedOptions {
  return {
    ...given,
    every: given.every ?? recorded.every,
    after: given.after ?? recorded.after,
    variables: given.variables ?? recorded.variables,
    ratios: given.ratios ?? recorded.ratios,
    rounds: given.rounds ?? recorded.rounds,
  };
}
