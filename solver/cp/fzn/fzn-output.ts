import { located } from '../../api/user-error.js';
import type { FznAnnArg, FznModel, FznScalar, IntSet } from '../../formats/flatzinc/index.js';
import { findAnnotation } from '../../formats/flatzinc/index.js';

/** Ends each solution (FlatZinc specification, section "Output"). */
export const SOLUTION_END = '----------';
/** The search completed: all solutions listed, or the last one proved optimal. */
export const SEARCH_COMPLETE = '==========';
export const UNSATISFIABLE = '=====UNSATISFIABLE=====';
export const UNKNOWN = '=====UNKNOWN=====';

/** One item a solution prints: a scalar (`output_var`) or an array with its index sets (`output_array`). */
export interface OutputItem {
  readonly name: string;
  readonly bool: boolean;
  readonly items: readonly FznScalar[];
  /** null for a scalar; the index sets of `output_array([…])`. */
  readonly dims: readonly { min: number; max: number }[] | null;
  readonly line: number;
}

/** The model's output items in declaration order. */
export function outputItems(model: FznModel, file: string): OutputItem[] {
  const out: OutputItem[] = [];
  model.variables.forEach((v, id) => {
    if (findAnnotation(v.annotations, 'output_var'))
      out.push({ name: v.name, bool: v.base === 'bool', items: [{ kind: 'var', id }], dims: null, line: v.line });
  });
  for (const a of model.arrays) {
    const ann = findAnnotation(a.annotations, 'output_array');
    if (!ann) continue;
    const dims = indexSets(ann.args[0]);
    if (!dims) throw located(file, a.line, `'${a.name}': output_array takes a list of index ranges`);
    const size = dims.reduce((n, d) => n * Math.max(0, d.max - d.min + 1), 1);
    if (size !== a.items.length)
      throw located(file, a.line, `'${a.name}': output_array's index sets hold ${size} elements, the array ${a.items.length}`);
    out.push({ name: a.name, bool: a.base === 'bool', items: a.items, dims, line: a.line });
  }
  return out.sort((x, y) => x.line - y.line);
}

function indexSets(arg: FznAnnArg | undefined): { min: number; max: number }[] | null {
  if (arg?.kind !== 'list' && arg?.kind !== 'array') return null;
  const dims: { min: number; max: number }[] = [];
  for (const item of arg.items) {
    if (item.kind !== 'set') return null;
    const s: IntSet = item.set;
    if (s.kind === 'range') dims.push({ min: s.min, max: s.max });
    else if (s.values.length === 0) dims.push({ min: 1, max: 0 });
    else {
      const min = s.values[0] as number;
      const max = s.values[s.values.length - 1] as number;
      if (max - min + 1 !== s.values.length) return null;
      dims.push({ min, max });
    }
  }
  return dims;
}

/**
 * A solution as FlatZinc prints it, one `name = value;` line per output item (bools as
 * true/false, arrays as `arrayNd(ranges, [values])`), without the `----------` that ends it.
 */
export function formatSolution(items: readonly OutputItem[], value: (s: FznScalar) => number): string {
  const lines: string[] = [];
  for (const it of items) {
    const show = (s: FznScalar) => {
      const x = value(s);
      return it.bool ? (x ? 'true' : 'false') : String(x);
    };
    if (it.dims === null) lines.push(`${it.name} = ${show(it.items[0] as FznScalar)};`);
    else {
      const ranges = it.dims.map((d) => `${d.min}..${d.max}`).join(', ');
      lines.push(`${it.name} = array${it.dims.length}d(${ranges}, [${it.items.map(show).join(', ')}]);`);
    }
  }
  return lines.join('\n');
}

/** The value of a scalar given the values of the model's variables (bools as 0/1). */
export function scalarValue(values: Int32Array, s: FznScalar): number {
  if (s.kind === 'var') return values[s.id] as number;
  if (s.kind === 'int') return s.value;
  if (s.kind === 'bool') return s.value ? 1 : 0;
  throw new Error('a set is not a scalar value');
}
