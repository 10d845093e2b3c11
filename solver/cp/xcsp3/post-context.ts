import { located } from '../../api/user-error.js';
import type { FznExpr, IntSet } from '../../formats/flatzinc/index.js';
import type { PostContext } from '../builtins/poster.js';
import { builtin } from '../builtins/registry.js';
import type { Space } from '../space.js';

/**
 * The PostContext an XCSP3 translation posts builtins through: a `var` argument names a Space
 * variable directly, and every refusal names the XCSP3 element's line.
 */
export class XcspPostContext implements PostContext {
  /** Line of the XCSP3 element being translated. */
  line = 0;
  private readonly constants = new Map<number, number>();

  constructor(
    readonly space: Space,
    private readonly file: string,
  ) {}

  /** Posts the FlatZinc builtin `name` over Space variables (`v`) and literals. */
  call(name: string, ...args: FznExpr[]): void {
    const post = builtin(name);
    if (!post) this.fail(`the CP engine has no ${name}`);
    post(this, args, { name, args, annotations: [], line: this.line });
  }

  intVar(e: FznExpr): number {
    if (e.kind === 'var') return e.id;
    if (e.kind === 'int') return this.constant(e.value);
    if (e.kind === 'bool') return this.constant(e.value ? 1 : 0);
    return this.fail('expected a variable');
  }

  intVars(e: FznExpr): Int32Array {
    if (e.kind !== 'array') return this.fail('expected an array');
    return Int32Array.from(e.items, (s) => this.intVar(s));
  }

  int(e: FznExpr): number {
    if (e.kind === 'int') return e.value;
    if (e.kind === 'bool') return e.value ? 1 : 0;
    return this.fail('expected an integer');
  }

  ints(e: FznExpr): number[] {
    if (e.kind !== 'array') return this.fail('expected an array');
    return e.items.map((s) => this.int(s));
  }

  set(e: FznExpr): IntSet {
    if (e.kind === 'set') return e.set;
    return this.fail('expected a set');
  }

  sets(e: FznExpr): IntSet[] {
    if (e.kind !== 'array') return this.fail('expected an array');
    return e.items.map((s) => this.set(s));
  }

  fail(message: string): never {
    throw located(this.file, this.line, message);
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

/** A Space variable as a builtin argument. */
export const V = (id: number): FznExpr => ({ kind: 'var', id });
/** An integer literal as a builtin argument. */
export const I = (value: number): FznExpr => ({ kind: 'int', value });
/** Space variables as an array argument. */
export const VS = (ids: ArrayLike<number>): FznExpr => ({ kind: 'array', items: Array.from(ids, (id) => ({ kind: 'var', id }) as const) });
/** Integers as an array argument. */
export const IS = (values: readonly number[]): FznExpr => ({
  kind: 'array',
  items: values.map((value) => ({ kind: 'int', value }) as const),
});
