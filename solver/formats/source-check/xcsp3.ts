import type { XmlElement } from '../xml-tree.js';
import { type ExpressionProgram, evaluateExpression, readExpression, runExpression } from './xcsp3-evaluate.js';

type Values = Readonly<Record<string, number>>;

/**
 * An XCSP3 solution (variable name → value, for the variables the constraints involve) against the
 * XML itself: every value in its declared domain, and every constraint, read from its own text
 * (lists, `<matrix>`, tuples with `*`, intension expressions, `<group>` arguments substituted into
 * the template's text), holds. It reads the document afresh and shares nothing with the parser's
 * translation.
 */
export function checkXcsp3Solution(root: XmlElement, values: Values): string | null {
  try {
    new Xcsp3Check(root, values).run();
    return null;
  } catch (e) {
    if (e instanceof Violation) return e.message;
    throw e;
  }
}

/** Why the solution fails; thrown from deep in the walk and caught at the top. */
class Violation extends Error {}

/** A variable reference's element names (or integer constants) and the sizes of its ranged dimensions. */
interface Expanded {
  items: string[];
  shape: number[];
}

const NAME = /^([A-Za-z_]\w*)((?:\[\d+\])*)$/;

class Xcsp3Check {
  /** `<var>` and `<array>` declarations by id. */
  private readonly decls = new Map<string, XmlElement>();

  constructor(
    private readonly root: XmlElement,
    private readonly values: Values,
  ) {}

  run(): void {
    for (const section of this.root.children)
      if (section.name === 'variables') for (const d of section.children) this.decls.set(d.attrs.id ?? '', d);
    for (const [name, a] of Object.entries(this.values)) {
      const domain = this.domainText(name);
      if (!inValues(domain, a)) throw new Violation(`variable ${name} = ${a} is outside its domain ${domain.trim()}`);
    }
    for (const section of this.root.children) if (section.name === 'constraints') for (const c of section.children) this.constraint(c);
  }

  /** The domain text (values and ranges) of element `name`, or a Violation when it is not declared. */
  private domainText(name: string): string {
    const m = NAME.exec(name);
    const decl = m ? this.decls.get(m[1] as string) : undefined;
    if (!m || !decl) throw new Violation(`the solution names ${name}, which the instance does not declare`);
    const index = [...(m[2] as string).matchAll(/\d+/g)].map((x) => Number(x[0]));
    const dims = dimsOf(decl);
    if (index.length !== dims.length || index.some((i, d) => i >= (dims[d] as number)))
      throw new Violation(`the solution names ${name}, which is not an element of ${m[1]}`);
    const domain = this.elementDomain(decl, index);
    if (domain === undefined) throw new Violation(`the solution names ${name}, an element of ${m[1]} without a domain`);
    return domain;
  }

  /** The domain text of one element of a declaration (its `<domain for>` part, or `others`); undefined where none covers it. */
  private elementDomain(decl: XmlElement, index: number[]): string | undefined {
    if (decl.children.length === 0) return this.ownDomain(decl);
    // Read once per element of the document: every solution asks again.
    const dims = dimsOf(decl);
    const memo = once(ELEMENT_DOMAINS, decl, () => new Array<string | undefined | null>(dims.reduce((a, b) => a * b, 1)).fill(null));
    const flat = index.reduce((f, i, d) => f * (dims[d] as number) + i, 0);
    let domain = memo[flat];
    if (domain === null) {
      domain = this.coveringDomain(decl, index);
      memo[flat] = domain;
    }
    return domain;
  }

  /** The `<domain for>` part of a declaration that covers an element, or `others`. */
  private coveringDomain(decl: XmlElement, index: number[]): string | undefined {
    let others: string | undefined;
    for (const d of decl.children) {
      const fors = tokens(d.attrs.for ?? '');
      if (fors.length === 1 && fors[0] === 'others') others = d.text;
      else if (fors.some((ref) => covers(ref, decl.attrs.id ?? '', index))) return d.text;
    }
    return others;
  }

  private ownDomain(decl: XmlElement): string {
    const as = decl.attrs.as;
    if (as === undefined) return decl.text;
    const src = this.decls.get(as);
    if (!src || src === decl) throw new Violation(`as="${as}" names no variable`);
    return this.ownDomain(src);
  }

  private valueOf(name: string): number {
    if (/^-?\d+$/.test(name)) return Number(name);
    if (name.includes('(')) {
      const v = evaluateExpression(name, (n) => this.valueOf(n));
      if (typeof v !== 'number') throw new Violation(`expression ${name} has no value`);
      return v;
    }
    if (!Object.hasOwn(this.values, name)) throw new Violation(`variable ${name} has no value`);
    return this.values[name] as number;
  }

  /** The elements (defined ones only) or the constant a list token stands for. */
  private expand(tok: string): Expanded {
    if (/^-?\d+$/.test(tok)) return { items: [tok], shape: [] };
    const id = /^[A-Za-z_]\w*/.exec(tok)?.[0] ?? '';
    const decl = this.decls.get(id);
    if (!decl) throw new Violation(`unknown variable reference '${tok}'`);
    if (decl.name === 'var') return { items: [tok], shape: [] };
    const dims = dimsOf(decl);
    const parts = [...tok.slice(id.length).matchAll(/\[([^\]]*)\]/g)].map((p) => p[1] as string);
    if (parts.length !== dims.length) throw new Violation(`reference '${tok}' does not match ${id}'s ${dims.length} dimension(s)`);
    let prefixes: { name: string; index: number[] }[] = [{ name: id, index: [] }];
    const shape: number[] = [];
    parts.forEach((p, d) => {
      const [lo, hi] = rangeOf(p, dims[d] as number);
      if (p === '' || p.includes('..')) shape.push(hi - lo + 1);
      const next: typeof prefixes = [];
      for (const pre of prefixes) for (let i = lo; i <= hi; i++) next.push({ name: `${pre.name}[${i}]`, index: [...pre.index, i] });
      prefixes = next;
    });
    return { items: prefixes.filter((e) => this.elementDomain(decl, e.index) !== undefined).map((e) => e.name), shape };
  }

  /** The element names and expressions a list text stands for (read once per text of the document; do not change the array). */
  private list(text: string): string[] {
    const lists = once(LISTS, this.root, () => new Map<string, string[]>());
    let names = lists.get(text);
    if (names === undefined) {
      names = exprTokens(text).flatMap((tok) => (tok.includes('(') ? [tok] : this.expand(tok).items));
      lists.set(text, names);
    }
    return names;
  }

  private constraint(el: XmlElement): void {
    if (el.name === 'block') for (const c of el.children) this.constraint(c);
    else if (el.name === 'group') this.group(el);
    else if (el.name === 'allDifferent') this.allDifferent(el);
    else if (el.name === 'extension') this.extension(el);
    else if (el.name === 'intension') this.intension(el);
    else if (el.name === 'instantiation') this.instantiation(el);
    else if (el.name === 'sum') this.sum(el);
    else if (el.name === 'count') this.count(el);
    else if (el.name === 'nValues') this.nValues(el);
    else if (el.name === 'cardinality') this.cardinality(el);
    else if (el.name === 'element') this.element(el);
    else if (el.name === 'allEqual') this.allEqual(el);
    else if (el.name === 'ordered') this.ordered(el);
    else if (el.name === 'lex') this.lex(el);
    else if (el.name === 'minimum' || el.name === 'maximum') this.extremum(el);
    else if (el.name === 'regular') this.regular(el);
    else if (el.name === 'noOverlap') this.noOverlap(el);
    else throw new Violation(`line ${el.line}: unsupported element <${el.name}>`);
  }

  /** Each `<args>` substituted for `%i` and `%...` in the template's text, then checked as written. */
  private group(el: XmlElement): void {
    const [template, ...args] = el.children;
    if (!template) return;
    const highest = parameters(template).highest;
    for (const a of args) {
      // The instance of the template is the same for every solution: made once per <args>.
      const instance = once(INSTANCES, a, () => {
        const names = tokens(a.text).flatMap((t) => (t.includes('(') ? [t] : this.expand(t).items));
        // Parts without parameters stay the same objects, so what is read from them once is reused (tuples).
        const fill = (e: XmlElement): XmlElement =>
          !parameters(e).any
            ? e
            : {
                ...e,
                text: e.text.replace(/%\.\.\.|%(\d+)/g, (all, i: string | undefined) => {
                  if (i === undefined) return names.slice(highest + 1).join(' ');
                  const name = names[Number(i)];
                  if (name === undefined) throw new Violation(`line ${a.line}: ${all} has no argument`);
                  return name;
                }),
                children: e.children.map(fill),
              };
        return fill(template);
      });
      this.constraint(instance);
    }
  }

  private allDifferent(el: XmlElement): void {
    const matrix = el.children.find((c) => c.name === 'matrix');
    if (!matrix) {
      const lists = el.children.filter((c) => c.name === 'list');
      if (lists.length > 1) {
        const tuples = lists.map((l) => this.nums(l.text).join(','));
        if (new Set(tuples).size !== tuples.length) throw new Violation(`<allDifferent> at line ${el.line}: two lists are equal`);
        return;
      }
      this.distinct(el, this.list((lists[0] ?? el).text));
      return;
    }
    const t = matrix.text.trim();
    let rows: string[][];
    if (t.startsWith('(')) rows = [...t.matchAll(/\(([^)]*)\)/g)].map((m) => this.list((m[1] as string).replaceAll(',', ' ')));
    else {
      const { items, shape } = this.expand(t);
      const width = shape[1] ?? 0;
      rows = Array.from({ length: shape[0] ?? 0 }, (_, r) => items.slice(r * width, (r + 1) * width));
    }
    for (const r of rows) this.distinct(el, r);
    for (let c = 0; c < (rows[0]?.length ?? 0); c++)
      this.distinct(
        el,
        rows.map((r) => r[c] as string),
      );
  }

  private distinct(el: XmlElement, names: string[]): void {
    const firstWith = new Map<number, string>();
    const except = tokens(this.part(el, 'except')?.text ?? '').map(Number);
    for (const n of names) {
      const a = this.valueOf(n);
      if (except.includes(a)) continue;
      const other = firstWith.get(a);
      if (other !== undefined) throw new Violation(`<allDifferent> at line ${el.line}: ${other} and ${n} are both ${a}`);
      firstWith.set(a, n);
    }
  }

  private extension(el: XmlElement): void {
    const list = el.children.find((c) => c.name === 'list');
    const table = el.children.find((c) => c.name === 'supports' || c.name === 'conflicts');
    if (!list || !table) throw new Violation(`<extension> at line ${el.line} has no <list> or no tuples`);
    const names = this.list(list.text);
    const t = names.map((n) => this.valueOf(n));
    let listed: boolean;
    if (names.length === 1 && !table.text.includes('(')) listed = inValues(table.text, t[0] as number);
    else {
      const { exact, starred } = tuplesOf(table);
      listed =
        exact.has(t.join(',')) ||
        starred.some((parts) => parts.length === t.length && parts.every((p, k) => p === '*' || Number(p) === t[k]));
    }
    if (listed !== (table.name === 'supports'))
      throw new Violation(
        `<extension> at line ${el.line}: (${t.join(',')}) of ${names.join(' ')} is ${listed ? 'a conflict' : 'not a support'}`,
      );
  }

  private intension(el: XmlElement): void {
    const text = (el.children.find((c) => c.name === 'function') ?? el).text;
    const program = once(PROGRAMS, el, () => readExpression(text));
    const lookup = (name: string): number | string => {
      try {
        return this.valueOf(name);
      } catch (e) {
        if (e instanceof Violation) return e.message;
        throw e;
      }
    };
    const v = typeof program === 'string' ? program : runExpression(program, lookup);
    if (v === 0 || v === undefined) {
      const vars = [...new Set(text.match(/[A-Za-z_]\w*(?:\[\d+\])*(?![\w[(])/g) ?? [])].map((n) => `${n}=${this.valueOf(n)}`);
      const why = v === undefined ? 'is undefined (division or modulo by zero)' : 'is false';
      throw new Violation(`<intension> at line ${el.line}: ${text.trim()} ${why} with ${vars.join(', ')}`);
    }
    if (typeof v === 'string') throw new Violation(`<intension> at line ${el.line}: ${v}`);
  }

  private instantiation(el: XmlElement): void {
    const list = el.children.find((c) => c.name === 'list');
    const vals = el.children.find((c) => c.name === 'values');
    if (!list || !vals) throw new Violation(`<instantiation> at line ${el.line} has no <list> or no <values>`);
    const names = this.list(list.text);
    const want = tokens(vals.text).map(Number);
    names.forEach((n, k) => {
      if (this.valueOf(n) !== want[k]) throw new Violation(`<instantiation> at line ${el.line}: ${n} = ${this.valueOf(n)}, not ${want[k]}`);
    });
  }

  private part(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  private need(el: XmlElement, name: string): XmlElement {
    const c = this.part(el, name);
    if (!c) throw new Violation(`<${el.name}> at line ${el.line} has no <${name}>`);
    return c;
  }

  /** The values of a list's tokens: variables, integers, or expressions `f(...)` evaluated. */
  private nums(text: string): number[] {
    return this.list(text).map((n) => this.valueOf(n));
  }

  /** Whether `<condition> (op, rhs) </condition>` holds of x. */
  private condition(el: XmlElement, x: number): void {
    const c = this.need(el, 'condition');
    const m = /^\(\s*(\w+)\s*,(.*)\)$/s.exec(c.text.trim());
    if (!m) throw new Violation(`line ${c.line}: cannot read condition ${c.text.trim()}`);
    const op = m[1] as string;
    const rhs = (m[2] as string).trim();
    let ok: boolean;
    if (op === 'in' || op === 'notin') {
      const set = /^\{(.*)\}$/.exec(rhs);
      const inSet = set ? (set[1] as string).split(',').some((t) => Number(t) === x) : inValues(rhs, x);
      ok = inSet === (op === 'in');
    } else {
      const k = this.nums(rhs)[0] as number;
      ok = { eq: x === k, ne: x !== k, lt: x < k, le: x <= k, gt: x > k, ge: x >= k }[op] ?? false;
    }
    if (!ok) throw new Violation(`<${el.name}> at line ${el.line}: ${x} does not satisfy ${c.text.trim()}`);
  }

  private sum(el: XmlElement): void {
    const x = this.nums(this.need(el, 'list').text);
    const coeffs = this.part(el, 'coeffs');
    const c = coeffs ? this.nums(coeffs.text) : x.map(() => 1);
    this.condition(
      el,
      x.reduce((s, v, i) => s + v * (c[i] as number), 0),
    );
  }

  private count(el: XmlElement): void {
    const x = this.nums(this.need(el, 'list').text);
    const values = this.nums(this.need(el, 'values').text);
    this.condition(el, x.filter((v) => values.includes(v)).length);
  }

  private nValues(el: XmlElement): void {
    const except = tokens(this.part(el, 'except')?.text ?? '').map(Number);
    this.condition(el, new Set(this.nums((this.part(el, 'list') ?? el).text).filter((v) => !except.includes(v))).size);
  }

  private cardinality(el: XmlElement): void {
    const x = this.nums(this.need(el, 'list').text);
    const valuesEl = this.need(el, 'values');
    const values = this.nums(valuesEl.text);
    const occurs = tokens(this.need(el, 'occurs').text).flatMap((t) => (/^\d+\.\.\d+$/.test(t) ? [t] : this.list(t)));
    values.forEach((v, i) => {
      const n = x.filter((y) => y === v).length;
      const o = occurs[i] ?? '';
      const ok = /^\d+\.\.\d+$/.test(o) ? inValues(o, n) : this.valueOf(o) === n;
      if (!ok) throw new Violation(`<cardinality> at line ${el.line}: ${v} occurs ${n} times, not ${o}`);
    });
    if (valuesEl.attrs.closed === 'true' && x.some((y) => !values.includes(y)))
      throw new Violation(`<cardinality> at line ${el.line}: a value outside the closed <values>`);
  }

  private rows(m: XmlElement): number[][] {
    const t = m.text.trim();
    if (t.startsWith('(')) return [...t.matchAll(/\(([^)]*)\)/g)].map((r) => this.nums((r[1] as string).replaceAll(',', ' ')));
    const { items, shape } = this.expand(t);
    const width = shape[1] ?? 0;
    const vals = items.map((n) => this.valueOf(n));
    return Array.from({ length: shape[0] ?? 0 }, (_, r) => vals.slice(r * width, (r + 1) * width));
  }

  private element(el: XmlElement): void {
    const matrix = this.part(el, 'matrix');
    const index = this.nums(this.need(el, 'index').text);
    let got: number | undefined;
    if (matrix) {
      const r = (index[0] as number) - Number(matrix.attrs.startRowIndex ?? 0);
      const c = (index[1] as number) - Number(matrix.attrs.startColIndex ?? 0);
      got = this.rows(matrix)[r]?.[c];
    } else {
      const list = this.need(el, 'list');
      got = this.nums(list.text)[(index[0] as number) - Number(list.attrs.startIndex ?? 0)];
    }
    if (got === undefined) throw new Violation(`<element> at line ${el.line}: index ${index.join(',')} is out of range`);
    const value = this.part(el, 'value');
    if (!value) {
      this.condition(el, got);
      return;
    }
    const want = this.nums(value.text)[0];
    if (got !== want) throw new Violation(`<element> at line ${el.line}: element ${index.join(',')} is ${got}, not ${want}`);
  }

  private allEqual(el: XmlElement): void {
    const x = this.nums((this.part(el, 'list') ?? el).text);
    if (x.some((v) => v !== x[0])) throw new Violation(`<allEqual> at line ${el.line}: ${x.join(' ')} differ`);
  }

  private compare(el: XmlElement, a: number, b: number): boolean {
    const op = (this.part(el, 'operator')?.text ?? '').trim();
    const r = { lt: a < b, le: a <= b, gt: a > b, ge: a >= b }[op];
    if (r === undefined) throw new Violation(`<${el.name}> at line ${el.line}: unknown operator ${op}`);
    return r;
  }

  private ordered(el: XmlElement): void {
    const x = this.nums(this.need(el, 'list').text);
    const lengths = this.part(el, 'lengths');
    const l = lengths ? this.nums(lengths.text) : x.map(() => 0);
    for (let i = 1; i < x.length; i++)
      if (!this.compare(el, (x[i - 1] as number) + (l[i - 1] as number), x[i] as number))
        throw new Violation(`<ordered> at line ${el.line}: ${x.join(' ')} is not ordered`);
  }

  private lex(el: XmlElement): void {
    const matrix = this.part(el, 'matrix');
    const chains: number[][][] = [];
    if (matrix) {
      const rows = this.rows(matrix);
      chains.push(
        rows,
        Array.from({ length: rows[0]?.length ?? 0 }, (_, j) => rows.map((r) => r[j] as number)),
      );
    } else chains.push(el.children.filter((c) => c.name === 'list').map((l) => this.nums(l.text)));
    for (const lists of chains)
      for (let i = 1; i < lists.length; i++) {
        const [x, y] = [lists[i - 1] as number[], lists[i] as number[]];
        const k = x.findIndex((v, j) => v !== y[j]);
        // Equal lists compare as 0 against 0 (le/ge hold, lt/gt do not).
        const ok = k < 0 ? this.compare(el, 0, 0) : this.compare(el, x[k] as number, y[k] as number);
        if (!ok) throw new Violation(`<lex> at line ${el.line}: (${x.join(',')}) and (${y.join(',')}) are not in order`);
      }
  }

  private extremum(el: XmlElement): void {
    const x = this.nums((this.part(el, 'list') ?? el).text);
    this.condition(el, el.name === 'minimum' ? Math.min(...x) : Math.max(...x));
  }

  /** Runs the automaton (non-deterministic allowed) over the list's values. */
  private regular(el: XmlElement): void {
    const x = this.nums(this.need(el, 'list').text);
    const delta = [...this.need(el, 'transitions').text.matchAll(/\(([^)]*)\)/g)].map((m) =>
      (m[1] as string).split(',').map((t) => t.trim()),
    );
    let states = new Set([this.need(el, 'start').text.trim()]);
    for (const a of x) {
      const next = new Set<string>();
      for (const [p, v, q] of delta) if (states.has(p as string) && Number(v) === a) next.add(q as string);
      states = next;
    }
    const finals = tokens(this.need(el, 'final').text);
    if (![...states].some((q) => finals.includes(q))) throw new Violation(`<regular> at line ${el.line}: ${x.join(' ')} is not accepted`);
  }

  private noOverlap(el: XmlElement): void {
    const boxes = (e: XmlElement): number[][] => {
      const t = e.text.trim();
      return t.startsWith('(')
        ? [...t.matchAll(/\(([^)]*)\)/g)].map((r) => this.nums((r[1] as string).replaceAll(',', ' ')))
        : this.nums(t).map((v) => [v]);
    };
    const o = boxes(this.need(el, 'origins'));
    const l = boxes(this.need(el, 'lengths'));
    const zeroIgnored = el.attrs.zeroIgnored !== 'false';
    for (let i = 0; i < o.length; i++)
      for (let j = i + 1; j < o.length; j++) {
        const [oi, oj, li, lj] = [o[i], o[j], l[i], l[j]] as number[][];
        const apart = (oi as number[]).some((a, d) => {
          const [b, p, q] = [oj?.[d] as number, li?.[d] as number, lj?.[d] as number];
          return a + p <= b || b + q <= a || (zeroIgnored && (p === 0 || q === 0));
        });
        if (!apart) throw new Violation(`<noOverlap> at line ${el.line}: boxes ${i} and ${j} overlap`);
      }
  }
}

/** What `map` holds for `key`, made by `make` the first time it is asked (the checker's per-document memos). */
function once<K extends object, V>(map: WeakMap<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/** Per array declaration with `<domain for>` parts, each element's domain text once read (null: not yet). */
const ELEMENT_DOMAINS = new WeakMap<XmlElement, (string | undefined | null)[]>();

/** The tuples of a `<supports>`/`<conflicts>` element, read once per element: those without `*` as `a,b,c` keys. */
const TUPLES = new WeakMap<XmlElement, { exact: Set<string>; starred: string[][] }>();

function tuplesOf(table: XmlElement): { exact: Set<string>; starred: string[][] } {
  return once(TUPLES, table, () => {
    const t = { exact: new Set<string>(), starred: [] as string[][] };
    for (const m of table.text.replace(/\s+/g, '').matchAll(/\(([^)]*)\)/g)) {
      const parts = (m[1] as string).split(',');
      if (parts.includes('*')) t.starred.push(parts);
      else t.exact.add(parts.map(Number).join(','));
    }
    return t;
  });
}

/** Per template part, read once: whether it or a part below holds a parameter (`%i`, `%...`), and the highest `%i` there (−1 when none). */
const PARAMETERS = new WeakMap<XmlElement, { any: boolean; highest: number }>();

function parameters(e: XmlElement): { any: boolean; highest: number } {
  return once(PARAMETERS, e, () => {
    const p = { any: e.text.includes('%'), highest: -1 };
    for (const m of e.text.matchAll(/%(\d+)/g)) p.highest = Math.max(p.highest, Number(m[1]));
    for (const c of e.children) {
      const q = parameters(c);
      p.any ||= q.any;
      p.highest = Math.max(p.highest, q.highest);
    }
    return p;
  });
}

/** Whitespace-separated tokens, an expression `f(a, b)` kept whole. */
function exprTokens(text: string): string[] {
  return text.match(/[^\s(]+\([^()]*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)[^()]*)*\)|[^\s]+/g) ?? [];
}

function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

/** Per `<intension>` (group instances included), its expression read once. */
const PROGRAMS = new WeakMap<XmlElement, ExpressionProgram | string>();

/** Per document, what each list text stands for. */
const LISTS = new WeakMap<XmlElement, Map<string, string[]>>();

/** Per `<args>` of a group, the template with its parameters substituted. */
const INSTANCES = new WeakMap<XmlElement, XmlElement>();

/** Per declaration, its dimensions once read. */
const DIMS = new WeakMap<XmlElement, number[]>();

/** `size="[n][m]"` of an array; none for a single variable. */
function dimsOf(decl: XmlElement): number[] {
  return once(DIMS, decl, () => (decl.name === 'array' ? [...(decl.attrs.size ?? '').matchAll(/\d+/g)].map((m) => Number(m[0])) : []));
}

/** The index range of one bracket's content: `` (all), `a..b`, or `a`. */
function rangeOf(part: string, dim: number): [number, number] {
  if (part === '') return [0, dim - 1];
  const r = /^(\d+)\.\.(\d+)$/.exec(part);
  return r ? [Number(r[1]), Number(r[2])] : [Number(part), Number(part)];
}

/** Whether reference `ref` (e.g. `x[][2..3]`) to array `id` covers the element at `index`. */
function covers(ref: string, id: string, index: number[]): boolean {
  if (!ref.startsWith(`${id}[`)) return false;
  const parts = [...ref.slice(id.length).matchAll(/\[([^\]]*)\]/g)].map((p) => p[1] as string);
  return (
    parts.length === index.length &&
    parts.every((p, d) => {
      const [lo, hi] = rangeOf(p, Number.MAX_SAFE_INTEGER);
      const i = index[d] as number;
      return i >= lo && i <= hi;
    })
  );
}

/** Whether `a` is among the integers and `lo..hi` ranges of a domain text. */
function inValues(text: string, a: number): boolean {
  return tokens(text).some((tok) => {
    const r = /^(-?\d+)\.\.(-?\d+)$/.exec(tok);
    return r ? a >= Number(r[1]) && a <= Number(r[2]) : Number(tok) === a;
  });
}
