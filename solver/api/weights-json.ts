import { parseLocatedJson } from '../formats/located-json.js';
import type { Problem } from '../model/problem.js';
import { located } from './user-error.js';

/**
 * Reads a weights file for `softprop propagate`: a JSON array with one array per variable, holding
 * exactly domSize[i] numbers in [0, 1] (value index order). Errors name `file:line` and the JSON path.
 */
export function parseWeightsJson(text: string, file: string, p: Problem): number[][] {
  const { value, lineOf } = parseLocatedJson(text, file);
  const n = p.domSize.length;
  if (!Array.isArray(value)) throw located(file, 1, 'weights: expected an array with one array of weights per variable');
  if (value.length !== n) throw located(file, lineOf(value), `weights: expected ${n} arrays (one per variable), found ${value.length}`);
  return value.map((row, i) => {
    const d = p.domSize[i] as number;
    if (!Array.isArray(row)) throw located(file, lineOf(value), `weights[${i}]: expected an array of ${d} weights`);
    if (row.length !== d)
      throw located(file, lineOf(row), `weights[${i}]: expected ${d} weights (the variable's domain size), found ${row.length}`);
    return row.map((v, a) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1))
        throw located(file, lineOf(row), `weights[${i}][${a}]: ${JSON.stringify(v)} is not a number in [0, 1]`);
      return v;
    });
  });
}
