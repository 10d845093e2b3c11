import type { FznAnnArg, FznAnnotation } from '../../formats/flatzinc/index.js';
import type { BranchSpec, ValSelect, VarSelect } from '../search.js';

/** Every variable selection `int_search` may name (the search API's VarSelect). */
export const VAR_SELECTS: readonly VarSelect[] = [
  'input_order',
  'first_fail',
  'anti_first_fail',
  'smallest',
  'largest',
  'occurrence',
  'most_constrained',
  'max_regret',
  'dom_w_deg',
];

/** Every value selection (the search API's ValSelect). */
export const VAL_SELECTS: readonly ValSelect[] = [
  'indomain_min',
  'indomain_max',
  'indomain_median',
  'indomain_middle',
  'indomain_split',
  'indomain_reverse_split',
  'indomain_random',
  'indomain',
];

/** Annotations of the solve item that steer nothing softprop does, skipped without a word. */
const IGNORED = new Set([
  'int_default_search',
  'bool_default_search',
  'set_default_search',
  'float_default_search',
  'warm_start',
  'warm_start_array',
  'warm_start_bool',
  'warm_start_int',
  'restart_none',
  'output_var',
  'output_array',
]);

/** The branchings a solve item's annotations ask for, and what could not be honoured (for a warning). */
export interface SearchPlan {
  branches: BranchSpec[];
  /** Luby restarts asked for by a `restart_*` annotation. */
  restarts: boolean;
  /** Annotations or selectors replaced by the default, one line each. */
  ignored: string[];
}

/**
 * Reads `int_search` / `bool_search` (variables, variable choice, value choice, exploration) and
 * `seq_search([…])` in order into BranchSpecs over Space variables (`varOf` maps FlatZinc variable
 * ids; literals in the variable list are skipped). A selector softprop lacks falls back to the
 * default of the search (dom_w_deg / indomain_min) and is listed in `ignored`.
 */
export function searchPlan(annotations: readonly FznAnnotation[], varOf: Int32Array): SearchPlan {
  const plan: SearchPlan = { branches: [], restarts: false, ignored: [] };
  for (const a of annotations) add(plan, a, varOf);
  return plan;
}

function add(plan: SearchPlan, a: FznAnnotation, varOf: Int32Array): void {
  if (a.name === 'seq_search') {
    const list = a.args[0];
    const items = list?.kind === 'list' ? list.items : list?.kind === 'array' ? list.items : [];
    for (const item of items) if (item.kind === 'ann') add(plan, item, varOf);
    return;
  }
  if (a.name === 'int_search' || a.name === 'bool_search') {
    const vars = variables(a.args[0], varOf);
    const varName = selector(a.args[1]);
    const valName = selector(a.args[2]);
    let varSelect = VAR_SELECTS.find((s) => s === varName);
    let valSelect = VAL_SELECTS.find((s) => s === valName);
    if (!varSelect) {
      plan.ignored.push(`${a.name}: variable choice ${varName ?? '?'} (dom_w_deg used)`);
      varSelect = 'dom_w_deg';
    }
    if (!valSelect) {
      plan.ignored.push(`${a.name}: value choice ${valName ?? '?'} (indomain_min used)`);
      valSelect = 'indomain_min';
    }
    plan.branches.push({ vars, varSelect, valSelect });
    return;
  }
  if (a.name.startsWith('restart_') && a.name !== 'restart_none') {
    plan.restarts = true;
    return;
  }
  if (!IGNORED.has(a.name)) plan.ignored.push(`annotation ${a.name}`);
}

function selector(arg: FznAnnArg | undefined): string | undefined {
  return arg?.kind === 'ann' ? arg.name : undefined;
}

/** The Space variables of an annotation's variable list (an array name or a literal list). */
function variables(arg: FznAnnArg | undefined, varOf: Int32Array): Int32Array {
  const items = arg?.kind === 'array' || arg?.kind === 'list' ? arg.items : arg ? [arg] : [];
  const out: number[] = [];
  for (const item of items) if (item.kind === 'var') out.push(varOf[item.id] as number);
  return Int32Array.from(out);
}
