import { located } from '../../api/user-error.js';
import type { FznConstraint, FznExpr, FznScalar, IntSet } from '../../formats/flatzinc/index.js';
import type { PostContext } from '../builtins/poster.js';
import type { Space } from '../space.js';

/**
 * The PostContext a FlatZinc model's constraints are posted through: FlatZinc variables map to
 * Space variables by `varOf`, literals where a variable is expected become fixed variables (one per
 * value, shared), and every refusal names the current constraint's line.
 */
export class FznPostContext implements PostContext {
  /** The constraint being posted (its line goes into every error). */
  constraint: FznConstraint | undefined;
  private readonly constants = new Map<number, number>();

  constructor(
    readonly space: Space,
    /** Space variable of each FznModel variable. */
    private readonly varOf: Int32Array,
    private readonly file: string,
  ) {}

  intVar(e: FznExpr): number {
    if (e.kind === 'var') return this.varOf[e.id] as number;
    if (e.kind === 'int' || e.kind === 'bool') return this.constant(scalarInt(e));
    return this.fail(`expected an int or bool variable, found ${describe(e)}`);
  }

  intVars(e: FznExpr): Int32Array {
    if (e.kind !== 'array') return this.fail(`expected an array of variables, found ${describe(e)}`);
    const out = new Int32Array(e.items.length);
    for (let i = 0; i < out.length; i++) out[i] = this.intVar(e.items[i] as FznScalar);
    return out;
  }

  int(e: FznExpr): number {
    if (e.kind === 'int' || e.kind === 'bool') return scalarInt(e);
    return this.fail(`expected an int or bool literal, found ${describe(e)}`);
  }

  ints(e: FznExpr): number[] {
    if (e.kind !== 'array') return this.fail(`expected an array of literals, found ${describe(e)}`);
    return e.items.map((s) => this.int(s));
  }

  set(e: FznExpr): IntSet {
    if (e.kind === 'set') return e.set;
    return this.fail(`expected a set literal, found ${describe(e)}`);
  }

  sets(e: FznExpr): IntSet[] {
    if (e.kind !== 'array') return this.fail(`expected an array of set literals, found ${describe(e)}`);
    return e.items.map((s) => this.set(s));
  }

  fail(message: string): never {
    const c = this.constraint;
    throw located(this.file, c?.line, c ? `${c.name}: ${message}` : message);
  }

  /** A fixed variable holding x (one per value). */
  constant(x: number): number {
    let v = this.constants.get(x);
    if (v === undefined) {
      v = this.space.newVar(x, x);
      this.constants.set(x, v);
    }
    return v;
  }
}

function scalarInt(e: { kind: 'int'; value: number } | { kind: 'bool'; value: boolean }): number {
  return e.kind === 'int' ? e.value : e.value ? 1 : 0;
}

function describe(e: FznExpr): string {
  switch (e.kind) {
    case 'array':
      return 'an array';
    case 'set':
      return 'a set';
    case 'var':
      return 'a variable';
    default:
      return `the literal ${String(e.value)}`;
  }
}
