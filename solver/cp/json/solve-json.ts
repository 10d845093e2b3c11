import { readJsonModel } from '../../formats/json-model.js';
import type { Json } from '../../formats/located-json.js';
import { checkJsonModelSolution } from '../../formats/source-check/json-model.js';
import { type ModelResult, type ModelSolution, type ModelSolveOptions, solveNamedModel } from '../named-model.js';
import { JsonSpace } from './json-space.js';

/**
 * Solves a JSON model (README: Formats) with the CP engine, by branch and bound when it has an
 * `"objective"`; every solution is checked against the JSON document by the independent checker.
 */
export function solveJsonModel(text: string, file: string, options: ModelSolveOptions = {}): ModelResult {
  let root: Json = null;
  return solveNamedModel(
    file,
    () => {
      const s = new JsonSpace(file);
      root = readJsonModel(text, file, s).root;
      return { space: s.space, names: s.names, vars: s.vars, objective: s.goal, failed: s.failed };
    },
    (values) => checkJsonModelSolution(root, values),
    options,
  );
}

/** A solution as `solve` prints a JSON model's: one `name = value` line per variable. */
export function jsonModelText(s: ModelSolution): string {
  return s.names.map((n, i) => `${n} = ${s.values[i]}`).join('\n');
}
