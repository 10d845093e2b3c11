import { located } from '../../api/user-error.js';
import type { FznConstraint, FznModel, FznVar, IntSet } from '../../formats/flatzinc/index.js';
import type { StopCheck } from '../../model/stop.js';
import { StoppedByLimit } from '../../model/stop.js';
import { builtin } from '../builtins/registry.js';
import { Space } from '../space.js';
import { domainOf, inSet } from './fzn-domain.js';
import { FznPostContext } from './post-context.js';

/** A FlatZinc model translated into a Space. */
export interface FznSpace {
  readonly space: Space;
  /** Space variable of each FznModel variable (aliases share their target's). */
  readonly varOf: Int32Array;
  /** Space variable of the objective, or −1 for satisfaction. */
  readonly objective: number;
  /** True when a domain emptied while the model was built (a literal outside its declared domain): unsatisfiable. */
  readonly failed: boolean;
}

/**
 * Builds the Space of `model`: each variable over its declared domain (bools 0..1, an unbounded
 * `var int` the interval INT_MIN..INT_MAX), an alias `= y` the same Space variable as y (narrowed
 * to its own declared domain too), `= literal` a fixed variable, and each constraint posted by its
 * builtin's poster. An unknown builtin is refused as `file:line: unsupported builtin NAME`.
 * `stop` is polled between constraints (a huge model can take a while to post).
 */
export function buildFznSpace(model: FznModel, file: string, stop?: StopCheck): FznSpace {
  const space = new Space();
  const varOf = new Int32Array(model.variables.length).fill(-1);
  const ctx = new FznPostContext(space, varOf, file);
  let failed = false;
  const resolving = new Uint8Array(model.variables.length);

  const resolve = (id: number): number => {
    if ((varOf[id] as number) >= 0) return varOf[id] as number;
    const fv = model.variables[id] as FznVar;
    if (resolving[id]) throw located(file, fv.line, `variable '${fv.name}' is an alias of itself`);
    resolving[id] = 1;
    const value = fv.value;
    let v: number;
    if (value === null) v = fresh(space, fv);
    else if (value.kind === 'var') {
      v = resolve(value.id);
      if (!narrow(space, v, domainOf(fv))) failed = true;
    } else if (value.kind === 'int' || value.kind === 'bool') {
      const x = value.kind === 'int' ? value.value : value.value ? 1 : 0;
      v = ctx.constant(x);
      if (!inSet(domainOf(fv), x)) failed = true;
    } else throw located(file, fv.line, `variable '${fv.name}' is given a set`);
    varOf[id] = v;
    // A wide variable is an interval: the holes of its declared set need set_in to hold.
    const d = domainOf(fv);
    if (d.kind === 'set' && !space.store.hasWindow(v) && hasHoles(d)) {
      const setIn = builtin('set_in');
      if (!setIn) throw located(file, fv.line, `variable '${fv.name}': a domain with holes over more than 4096 values needs set_in`);
      const c: FznConstraint = {
        name: 'set_in',
        args: [
          { kind: 'var', id },
          { kind: 'set', set: d },
        ],
        annotations: [],
        line: fv.line,
      };
      ctx.constraint = c;
      setIn(ctx, c.args, c);
    }
    return v;
  };

  for (let id = 0; id < model.variables.length; id++) resolve(id);
  for (const c of model.constraints) {
    if (stop?.()) throw new StoppedByLimit('posting the constraints');
    const post = builtin(c.name);
    if (!post) throw located(file, c.line, `unsupported builtin ${c.name}`);
    ctx.constraint = c;
    post(ctx, c.args, c);
  }
  const s = model.solve;
  let objective = -1;
  if (s.kind !== 'satisfy') {
    const o = s.objective;
    if (o.kind === 'var') objective = varOf[o.id] as number;
    else if (o.kind === 'int') objective = ctx.constant(o.value);
    else throw located(file, s.line, `the objective of ${s.kind} must be an int variable or an integer`);
  }
  return { space, varOf, objective, failed };
}

function fresh(space: Space, fv: FznVar): number {
  const d = domainOf(fv);
  return d.kind === 'range' ? space.newVar(d.min, d.max) : space.newVarOf(d.values);
}

/** Narrows v to `d` (exact on a bitmask variable, to d's bounds on an interval); false when it empties. */
function narrow(space: Space, v: number, d: IntSet): boolean {
  const st = space.store;
  if (d.kind === 'range') return st.setMin(v, d.min) && st.setMax(v, d.max);
  const values = d.values;
  if (values.length === 0) return false;
  if (!st.setMin(v, values[0] as number) || !st.setMax(v, values[values.length - 1] as number)) return false;
  for (let k = 1; k < values.length; k++)
    for (let x = (values[k - 1] as number) + 1; x < (values[k] as number) && st.hasWindow(v); x++) if (!st.remove(v, x)) return false;
  return true;
}

function hasHoles(d: IntSet & { kind: 'set' }): boolean {
  const n = d.values.length;
  return n > 0 && (d.values[n - 1] as number) - (d.values[0] as number) + 1 !== n;
}
