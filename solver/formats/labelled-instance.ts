import type { Problem } from '../model/problem.js';
import type { Instance, SourceModel } from './instance.js';

/** An instance of named variables over labelled values (JSON models, XCSP3); `text` renders names and values. */
export function labelledInstance(
  source: SourceModel,
  file: string,
  problem: Problem,
  text: (names: readonly string[], values: number[]) => string,
): Instance {
  const names = problem.names ?? [];
  const labels = problem.labels ?? [];
  const valuesOf = (values: Int32Array): number[] => Array.from(values, (a, i) => (labels[i] as Int32Array)[a] as number);
  return {
    format: source.format,
    name: file,
    problem,
    source,
    render: (values) => text(names, valuesOf(values)),
    // fromEntries defines each name as an own property: assigning would let a variable named
    // __proto__ set the object's prototype instead of appearing in the solution.
    labelled: (values) => Object.fromEntries(valuesOf(values).map((v, i) => [names[i] as string, v])),
  };
}
