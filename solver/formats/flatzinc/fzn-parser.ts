import { located } from '../../api/user-error.js';
import { FznLexer } from './fzn-lexer.js';
import type {
  FznAnnArg,
  FznAnnotation,
  FznBaseType,
  FznConstraint,
  FznExpr,
  FznModel,
  FznParam,
  FznPredicate,
  FznScalar,
  FznSolve,
  FznType,
  FznValue,
  FznVar,
  FznVarArray,
  IntSet,
} from './fzn-model.js';

/**
 * Reads FlatZinc text (as MiniZinc 2.6 writes it) into a typed model. Items come in the order the
 * specification gives: predicates and declarations, then constraints, then one solve item.
 * Float types and values, set variables and array access are refused, as is anything else the
 * grammar does not allow, each with `file:line`. One pass, one token of look-ahead; only
 * annotation nesting recurses, and that is bounded.
 */
export function parseFlatZinc(text: string, file: string): FznModel {
  return new FznParser(text, file).model();
}

/** What a declared name stands for. */
type Binding =
  | { readonly kind: 'param'; readonly base: FznBaseType; readonly value: FznValue | readonly FznValue[]; readonly line: number }
  | { readonly kind: 'var'; readonly id: number; readonly line: number }
  | { readonly kind: 'array'; readonly base: 'int' | 'bool'; readonly items: readonly FznScalar[]; readonly line: number };

/** A declared type; `length` is the n of `array [1..n]`, -1 for `array [int]` (predicates only). */
interface DeclType extends FznType {
  readonly length: number;
}

const KEYWORDS = new Set([
  'array',
  'bool',
  'constraint',
  'false',
  'float',
  'int',
  'maximize',
  'minimize',
  'of',
  'predicate',
  'satisfy',
  'set',
  'solve',
  'true',
  'var',
]);

/** Deeper annotation nesting than this is refused (MiniZinc writes two or three levels). */
const MAX_ANNOTATION_DEPTH = 64;

const FLOATS = 'float types and values are not supported (softprop solves over integers)';

class FznParser {
  private readonly lx: FznLexer;
  private readonly names = new Map<string, Binding>();
  private readonly predicates: FznPredicate[] = [];
  private readonly params: FznParam[] = [];
  private readonly variables: FznVar[] = [];
  private readonly arrays: FznVarArray[] = [];
  private readonly constraints: FznConstraint[] = [];

  constructor(
    text: string,
    private readonly file: string,
  ) {
    this.lx = new FznLexer(text, file);
  }

  model(): FznModel {
    const lx = this.lx;
    let solve: FznSolve | undefined;
    while (lx.kind !== 'eof') {
      if (solve) throw lx.error(`expected end of file after the solve item, found ${lx.describe()}`);
      if (this.isWord('constraint')) this.constraint();
      else if (this.isWord('solve')) solve = this.solve();
      else if (this.constraints.length > 0)
        throw lx.error(`expected 'constraint' or 'solve', found ${lx.describe()} (declarations come before the constraints)`);
      else if (this.isWord('predicate')) this.predicate();
      else this.declaration();
    }
    if (!solve) throw located(this.file, lx.line, 'missing solve item');
    const { predicates, params, variables, arrays, constraints } = this;
    return { predicates, params, variables, arrays, constraints, solve };
  }

  // ---- items ----

  private predicate(): void {
    const line = this.lx.line;
    this.lx.next();
    const name = this.name('a predicate name');
    const params: { name: string; type: FznType }[] = [];
    this.list('(', ')', () => {
      const { array, var: isVar, base, domain } = this.type(true);
      this.expect(':');
      params.push({ name: this.name('a parameter name'), type: { array, var: isVar, base, domain } });
    });
    this.expect(';');
    this.predicates.push({ name, params, line });
  }

  private declaration(): void {
    const line = this.lx.line;
    const type = this.type(false);
    this.expect(':');
    const name = this.name('a name');
    const earlier = this.names.get(name);
    if (earlier) throw located(this.file, line, `'${name}' is already declared on line ${earlier.line}`);
    const annotations = this.annotations();
    let value: FznExpr | null = null;
    if (this.isPunct('=')) {
      this.lx.next();
      value = this.expr();
    }
    this.expect(';');
    if (type.var) this.variable(type, name, annotations, value, line);
    else {
      if (type.domain) throw located(this.file, line, `parameter '${name}': a parameter's type is int, bool or set of int`);
      if (annotations.length > 0) throw located(this.file, line, `parameter '${name}' has annotations; only variables take them`);
      if (!value) throw located(this.file, line, `parameter '${name}' has no value`);
      const v = type.length >= 0 ? this.arrayOf(value, type, name, line) : this.scalarOf(value, type.base, name, line);
      if (v.some((s) => s.kind === 'var')) throw located(this.file, line, `parameter '${name}' is given a variable`);
      const param: FznParam = { name, base: type.base, value: type.length >= 0 ? (v as FznValue[]) : (v[0] as FznValue), line };
      this.params.push(param);
      this.names.set(name, { kind: 'param', base: param.base, value: param.value, line });
    }
  }

  private variable(type: DeclType, name: string, annotations: FznAnnotation[], value: FznExpr | null, line: number): void {
    const base = type.base;
    if (base === 'set of int') throw located(this.file, line, `variable '${name}': set variables are not supported`);
    const { domain } = type;
    if (type.length >= 0) {
      if (!value) throw located(this.file, line, `array of variables '${name}' has no elements`);
      const items = this.arrayOf(value, type, name, line);
      this.arrays.push({ name, base, domain, items, annotations, line });
      this.names.set(name, { kind: 'array', base, items, line });
    } else {
      const assigned = value ? (this.scalarOf(value, base, name, line)[0] as FznScalar) : null;
      const id = this.variables.length;
      this.variables.push({ name, base, domain, value: assigned, annotations, line });
      this.names.set(name, { kind: 'var', id, line });
    }
  }

  private constraint(): void {
    const line = this.lx.line;
    this.lx.next();
    const name = this.name('a constraint name');
    const args: FznExpr[] = [];
    this.list('(', ')', () => args.push(this.expr()));
    const annotations = this.annotations();
    this.expect(';');
    this.constraints.push({ name, args, annotations, line });
  }

  private solve(): FznSolve {
    const line = this.lx.line;
    this.lx.next();
    const annotations = this.annotations();
    const kind = this.lx.text;
    if (this.lx.kind !== 'ident' || (kind !== 'satisfy' && kind !== 'minimize' && kind !== 'maximize'))
      throw this.lx.error(`expected 'satisfy', 'minimize' or 'maximize', found ${this.lx.describe()}`);
    this.lx.next();
    if (kind === 'satisfy') {
      this.expect(';');
      return { kind, annotations, line };
    }
    const objLine = this.lx.line;
    const objective = this.expr();
    if (objective.kind !== 'int' && !(objective.kind === 'var' && this.variables[objective.id]?.base === 'int'))
      throw located(this.file, objLine, `the objective of ${kind} must be an int variable or an integer`);
    this.expect(';');
    return { kind, objective, annotations, line };
  }

  // ---- types ----

  /** `[array [1..n] of] [var] base`; `array [int]` only when `inPredicate`. */
  private type(inPredicate: boolean): DeclType {
    const lx = this.lx;
    let length = -1;
    if (this.isWord('array')) {
      lx.next();
      this.expect('[');
      if (inPredicate && this.isWord('int')) {
        lx.next();
        length = Number.POSITIVE_INFINITY;
      } else {
        if (lx.kind !== 'int' || lx.value !== 1) throw lx.error(`expected an index set 1..n, found ${lx.describe()}`);
        lx.next();
        this.expect('..');
        length = this.int('the array length');
        if (length < 0) throw lx.error(`array length ${length} is negative`);
      }
      if (this.isPunct(',')) throw lx.error('arrays of more than one dimension are not FlatZinc');
      this.expect(']');
      this.word('of');
    }
    const isVar = this.isWord('var');
    if (isVar) lx.next();
    const { base, domain } = this.baseType();
    return { array: length >= 0, var: isVar, base, domain, length: length === Number.POSITIVE_INFINITY ? -1 : length };
  }

  private baseType(): { base: FznBaseType; domain: IntSet | null } {
    const lx = this.lx;
    if (lx.kind === 'ident') {
      const word = lx.text;
      if (word === 'int' || word === 'bool') {
        lx.next();
        return { base: word, domain: null };
      }
      if (word === 'float') throw lx.error(FLOATS);
      if (word === 'set') {
        lx.next();
        this.word('of');
        if (this.isWord('int')) {
          lx.next();
          return { base: 'set of int', domain: null };
        }
        return { base: 'set of int', domain: this.setLiteral() };
      }
    }
    if (lx.kind === 'float') throw lx.error(FLOATS);
    if (lx.kind === 'int' || this.isPunct('{')) return { base: 'int', domain: this.setLiteral() };
    throw lx.error(`expected a type, found ${lx.describe()}`);
  }

  /** `a..b` or `{a, b, …}`. */
  private setLiteral(): IntSet {
    const lx = this.lx;
    if (lx.kind === 'int') {
      const min = lx.value;
      lx.next();
      if (!this.isPunct('..')) throw lx.error(`expected '..' in a range, found ${lx.describe()}`);
      lx.next();
      return { kind: 'range', min, max: this.int('the upper bound of a range') };
    }
    const values: number[] = [];
    this.list('{', '}', () => values.push(this.int('a set element')));
    values.sort((a, b) => a - b);
    let n = 0;
    for (const v of values) if (n === 0 || values[n - 1] !== v) values[n++] = v;
    values.length = n;
    return { kind: 'set', values };
  }

  // ---- expressions ----

  /** A literal, a name, or an array literal of those. */
  private expr(): FznExpr {
    if (!this.isPunct('[')) return this.scalarOrName();
    const items: FznScalar[] = [];
    this.list('[', ']', () => {
      if (this.isPunct('[')) throw this.lx.error('arrays of arrays are not FlatZinc');
      const e = this.scalarOrName();
      if (e.kind === 'array') throw this.lx.error('arrays of arrays are not FlatZinc');
      items.push(e);
    });
    return { kind: 'array', items };
  }

  private scalarOrName(): FznExpr {
    const lx = this.lx;
    if (lx.kind === 'ident' && !KEYWORDS.has(lx.text)) return this.resolve();
    const v = this.literal();
    if (v) return v;
    if (lx.kind === 'float') throw lx.error(FLOATS);
    if (lx.kind === 'string') throw lx.error('a string is allowed only in an annotation');
    throw lx.error(`expected an expression, found ${lx.describe()}`);
  }

  /** An int, bool or set literal at the current token, or undefined when there is none. */
  private literal(): FznValue | undefined {
    const lx = this.lx;
    if (lx.kind === 'ident' && (lx.text === 'true' || lx.text === 'false')) {
      const value = lx.text === 'true';
      lx.next();
      return { kind: 'bool', value };
    }
    if (lx.kind === 'int') {
      const value = lx.value;
      lx.next();
      if (!this.isPunct('..')) return { kind: 'int', value };
      lx.next();
      return { kind: 'set', set: { kind: 'range', min: value, max: this.int('the upper bound of a range') } };
    }
    if (this.isPunct('{')) return { kind: 'set', set: this.setLiteral() };
    return undefined;
  }

  /** A declared name as its value, variable or elements. */
  private resolve(): FznExpr {
    const lx = this.lx;
    const name = lx.text;
    const b = this.names.get(name);
    if (!b) throw lx.error(`undeclared identifier '${name}'`);
    lx.next();
    if (this.isPunct('[')) throw lx.error(`array access '${name}[…]' is not FlatZinc; pass the element itself`);
    if (b.kind === 'var') return { kind: 'var', id: b.id };
    if (b.kind === 'array') return { kind: 'array', items: b.items };
    return Array.isArray(b.value) ? { kind: 'array', items: b.value } : (b.value as FznValue);
  }

  /** `value` as the one-element list of a scalar of type `base`. */
  private scalarOf(value: FznExpr, base: FznBaseType, name: string, line: number): FznScalar[] {
    if (value.kind === 'array') throw located(this.file, line, `'${name}' is a single ${base} but is given an array`);
    this.checkBase(value, base, name, line);
    return [value];
  }

  /** `value` as the elements of an array declared `array [1..n] of base`. */
  private arrayOf(value: FznExpr, type: DeclType, name: string, line: number): FznScalar[] {
    if (value.kind !== 'array') throw located(this.file, line, `array '${name}' is given a single value`);
    if (value.items.length !== type.length)
      throw located(this.file, line, `array '${name}' is declared with ${type.length} elements but is given ${value.items.length}`);
    for (const s of value.items) this.checkBase(s, type.base, name, line);
    return value.items as FznScalar[];
  }

  private checkBase(s: FznScalar, base: FznBaseType, name: string, line: number): void {
    const actual: FznBaseType = s.kind === 'var' ? (this.variables[s.id] as FznVar).base : s.kind === 'set' ? 'set of int' : s.kind;
    if (actual !== base)
      throw located(
        this.file,
        line,
        `'${name}' is of type ${base} but is given ${s.kind === 'var' ? `a ${actual} variable` : `a ${actual}`}`,
      );
  }

  // ---- annotations ----

  private annotations(): FznAnnotation[] {
    const out: FznAnnotation[] = [];
    while (this.isPunct('::')) {
      this.lx.next();
      if (this.lx.kind !== 'ident') throw this.lx.error(`expected an annotation, found ${this.lx.describe()}`);
      const name = this.lx.text;
      this.lx.next();
      out.push(this.annotationCall(name, 1));
    }
    return out;
  }

  /** The rest of annotation `name` (its arguments, if any) after its name was read. */
  private annotationCall(name: string, depth: number): FznAnnotation {
    const args: FznAnnArg[] = [];
    if (this.isPunct('(')) this.list('(', ')', () => args.push(this.annArg(depth + 1)));
    return { kind: 'ann', name, args };
  }

  private annArg(depth: number): FznAnnArg {
    const lx = this.lx;
    if (depth > MAX_ANNOTATION_DEPTH) throw lx.error(`annotation nested deeper than ${MAX_ANNOTATION_DEPTH} levels`);
    if (this.isPunct('[')) {
      const items: FznAnnArg[] = [];
      this.list('[', ']', () => items.push(this.annArg(depth + 1)));
      return { kind: 'list', items };
    }
    if (lx.kind === 'float' || lx.kind === 'string') {
      const arg: FznAnnArg = lx.kind === 'float' ? { kind: 'float', value: lx.value } : { kind: 'string', value: lx.text };
      lx.next();
      return arg;
    }
    // A declared name is a reference unless it is called; any other name is an annotation (first_fail, …).
    if (lx.kind === 'ident' && !KEYWORDS.has(lx.text) && !this.names.has(lx.text)) {
      const name = lx.text;
      lx.next();
      return this.annotationCall(name, depth);
    }
    return this.scalarOrName();
  }

  // ---- tokens ----

  /** `open item, item, … close`, with `item` reading one element (possibly none). */
  private list(open: string, close: string, item: () => void): void {
    this.expect(open);
    if (this.isPunct(close)) {
      this.lx.next();
      return;
    }
    for (;;) {
      item();
      if (this.isPunct(close)) break;
      if (!this.isPunct(',')) throw this.lx.error(`expected ',' or '${close}', found ${this.lx.describe()}`);
      this.lx.next();
    }
    this.lx.next();
  }

  private isPunct(p: string): boolean {
    return this.lx.kind === 'punct' && this.lx.text === p;
  }

  private isWord(w: string): boolean {
    return this.lx.kind === 'ident' && this.lx.text === w;
  }

  private expect(p: string): void {
    if (!this.isPunct(p)) throw this.lx.error(`expected '${p}', found ${this.lx.describe()}`);
    this.lx.next();
  }

  private word(w: string): void {
    if (!this.isWord(w)) throw this.lx.error(`expected '${w}', found ${this.lx.describe()}`);
    this.lx.next();
  }

  private name(what: string): string {
    const lx = this.lx;
    if (lx.kind !== 'ident' || KEYWORDS.has(lx.text)) throw lx.error(`expected ${what}, found ${lx.describe()}`);
    const name = lx.text;
    lx.next();
    return name;
  }

  private int(what: string): number {
    const lx = this.lx;
    if (lx.kind !== 'int') throw lx.error(`expected an integer for ${what}, found ${lx.describe()}`);
    const v = lx.value;
    lx.next();
    return v;
  }
}
