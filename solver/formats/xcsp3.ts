import { located, UserError } from '../api/user-error.js';
import { MAX_DOMAIN } from '../model/problem.js';
import type { StopCheck } from '../model/stop.js';
import { type Instance, MAX_VARIABLES } from './instance.js';
import { labelledInstance } from './labelled-instance.js';
import { atLine, ModelBuilder } from './model-builder.js';
import { parseIntension } from './xcsp3-expression.js';
import { parseXmlTree, type XmlElement } from './xml-tree.js';

/**
 * XCSP3, the subset softprop reads (anything else is `file:line: unsupported XCSP3 element <x>`):
 * - `<instance format="XCSP3" type="CSP">` with `<variables>` and `<constraints>`;
 * - integer `<var>` (values and `a..b` ranges, `as="..."`) and `<array size="[n][m]...">` with one
 *   domain or `<domain for="...">` parts (`others` allowed); references `x`, `x[2][]`, `x[0..2][1]`;
 * - `<allDifferent>` over a list or a `<matrix>` (rows and columns);
 * - `<extension>` of arity 1 or 2 with `<supports>` or `<conflicts>` (`*` allowed);
 * - `<intension>` over at most two variables, in functional form with integer constants and
 *   neg abs add sub mul div mod sqr pow min max dist, eq ne lt le gt ge, not and or xor iff imp if;
 * - `<instantiation>`, and the structure elements `<group>` (`%i`, `%...`) and `<block>`.
 */

type Term = { kind: 'var'; id: number } | { kind: 'int'; value: number };

interface ArrayDecl {
  dims: number[];
  /** Variable id per element, row-major; -1 where the array leaves an element undefined. */
  ids: Int32Array;
}

/** Group arguments bound to `%0`, `%1`, ... and `%...`. */
interface Params {
  terms: Term[];
  /** First index `%...` covers (one past the highest explicit `%i` of the template). */
  rest: number;
}

/**
 * The reader's refusal of a well-formed XCSP3 document outside its subset, with the document
 * itself: `softprop solve` hands it to the CP engine, which reads the same tree (no second parse).
 */
export class Xcsp3Refused extends UserError {
  constructor(
    message: string,
    readonly root: XmlElement,
  ) {
    super(message);
  }
}

export function parseXcsp3(text: string, file: string, stop?: StopCheck): Instance {
  return new Xcsp3Reader(file, stop).read(text);
}

class Xcsp3Reader {
  private readonly b = new ModelBuilder();
  private readonly single = new Map<string, number>();
  private readonly arrays = new Map<string, ArrayDecl>();

  constructor(
    private readonly file: string,
    private readonly stop: StopCheck | undefined,
  ) {}

  read(text: string): Instance {
    const root = parseXmlTree(text, this.file);
    try {
      return this.instance(root);
    } catch (e) {
      if (e instanceof UserError) throw new Xcsp3Refused(e.message, root);
      throw e;
    }
  }

  private instance(root: XmlElement): Instance {
    if (root.name !== 'instance') throw this.unsupported(root);
    if (root.attrs.format !== undefined && root.attrs.format !== 'XCSP3')
      throw this.err(root, `unsupported format "${root.attrs.format}"; expected XCSP3`);
    if ((root.attrs.type ?? 'CSP') !== 'CSP') throw this.err(root, `unsupported XCSP3 instance type ${root.attrs.type} (only CSP)`);
    for (const el of root.children) {
      if (el.name === 'variables') this.variables(el);
      else if (el.name === 'constraints') for (const c of el.children) this.constraint(c, undefined);
      else throw this.unsupported(el);
    }
    if (this.b.size === 0) throw located(this.file, root.line, 'XCSP3 instance declares no variables');
    const { problem } = atLine(this.file, undefined, () => this.b.build(true, this.stop));
    return labelledInstance(
      { format: 'xcsp3', root },
      this.file,
      problem,
      (names, values) => `v <instantiation> <list> ${names.join(' ')} </list> <values> ${values.join(' ')} </values> </instantiation>`,
    );
  }

  private err(el: XmlElement, msg: string): UserError {
    return located(this.file, el.line, msg);
  }

  private unsupported(el: XmlElement): UserError {
    return this.err(el, `unsupported XCSP3 element <${el.name}>`);
  }

  private variables(section: XmlElement): void {
    for (const el of section.children) {
      const id = el.attrs.id;
      if (el.name !== 'var' && el.name !== 'array') throw this.unsupported(el);
      if (!id || !/^[A-Za-z_]\w*$/.test(id)) throw this.err(el, `<${el.name}> needs an identifier "id"`);
      if (this.single.has(id) || this.arrays.has(id)) throw this.err(el, `duplicate variable ${id}`);
      if ((el.attrs.type ?? 'integer') !== 'integer') throw this.err(el, `unsupported XCSP3 variable type ${el.attrs.type} (only integer)`);
      if (el.name === 'var') {
        // The domain's own errors are located already; atLine locates the builder's.
        const values = this.domainOf(el);
        this.single.set(
          id,
          atLine(this.file, el.line, () => this.b.addVar(id, values)),
        );
      } else this.array(el, id);
    }
  }

  private domainOf(el: XmlElement): number[] {
    if (el.attrs.as !== undefined) {
      const src = this.single.get(el.attrs.as);
      if (src === undefined) throw this.err(el, `as="${el.attrs.as}" does not name an earlier <var>`);
      return [...this.b.valuesOf(src)];
    }
    return this.values(el, el.text);
  }

  /** Integers and `a..b` ranges. */
  private values(el: XmlElement, text: string): number[] {
    const out: number[] = [];
    for (const tok of tokens(text)) {
      const r = /^(-?\d+)\.\.(-?\d+)$/.exec(tok);
      if (r) {
        const lo = Number(r[1]);
        const hi = Number(r[2]);
        if (hi < lo) throw this.err(el, `empty range ${tok}`);
        if (hi - lo >= MAX_DOMAIN) throw this.err(el, `range ${tok} has more than ${MAX_DOMAIN} values`);
        for (let a = lo; a <= hi; a++) out.push(a);
      } else if (/^-?\d+$/.test(tok)) out.push(Number(tok));
      else throw this.err(el, `'${tok}' is not an integer or a range a..b`);
    }
    if (out.length === 0) throw this.err(el, 'empty domain');
    return out;
  }

  private array(el: XmlElement, id: string): void {
    const size = el.attrs.size ?? '';
    if (!/^(\[\d+\])+$/.test(size)) throw this.err(el, `array ${id} needs size="[n]..." with positive sizes`);
    const dims = [...size.matchAll(/\d+/g)].map((m) => Number(m[0]));
    const total = dims.reduce((a, d) => a * d, 1);
    if (total === 0 || total > MAX_VARIABLES)
      throw this.err(el, `array ${id} has ${total} elements; at least 1 and at most ${MAX_VARIABLES}`);
    const decl: ArrayDecl = { dims, ids: new Int32Array(total).fill(-1) };
    const domains: (number[] | undefined)[] = new Array(total);
    if (el.children.length === 0) domains.fill(this.domainOf(el));
    for (const d of el.children) {
      if (d.name !== 'domain') throw this.unsupported(d);
      const vals = this.values(d, d.text);
      const others = (d.attrs.for ?? '').trim() === 'others';
      if (others) for (let k = 0; k < total; k++) domains[k] ??= vals;
      else for (const tok of tokens(d.attrs.for ?? '')) for (const k of this.indices(d, id, dims, tok).flat) domains[k] = vals;
    }
    // Runs of elements over one value list are added at once, named only when a name is needed.
    for (let k = 0; k < total; ) {
      const vals = domains[k];
      let end = k + 1;
      while (end < total && domains[end] === vals) end++;
      if (vals) {
        const from = k;
        const first = atLine(this.file, el.line, () => this.b.addVars(end - from, vals, (j) => `${id}${indexSuffix(dims, from + j)}`));
        for (let j = from; j < end; j++) decl.ids[j] = first + j - from;
      }
      k = end;
    }
    this.arrays.set(id, decl);
  }

  /** Row-major element offsets a reference `x[..][..]` covers, and the sizes of its ranged dimensions. */
  private indices(el: XmlElement, id: string, dims: number[], tok: string): { flat: number[]; shape: number[] } {
    const parts = tok.slice(id.length).match(/\[[^\]]*\]/g) ?? [];
    if (!tok.startsWith(id) || parts.join('') !== tok.slice(id.length) || parts.length !== dims.length)
      throw this.err(el, `bad reference '${tok}' to array ${id} of ${dims.length} dimension(s)`);
    let flat = [0];
    const shape: number[] = [];
    parts.forEach((p, d) => {
      const inner = p.slice(1, -1);
      const dim = dims[d] as number;
      let lo: number;
      let hi: number;
      const r = /^(\d+)\.\.(\d+)$/.exec(inner);
      if (inner === '') [lo, hi] = [0, dim - 1];
      else if (r) [lo, hi] = [Number(r[1]), Number(r[2])];
      else if (/^\d+$/.test(inner)) [lo, hi] = [Number(inner), Number(inner)];
      else throw this.err(el, `bad index '${p}' in '${tok}'`);
      if (lo > hi || hi >= dim) throw this.err(el, `index ${p} of '${tok}' out of range 0..${dim - 1}`);
      if (inner === '' || r) shape.push(hi - lo + 1);
      const next: number[] = [];
      for (const f of flat) for (let i = lo; i <= hi; i++) next.push(f * dim + i);
      flat = next;
    });
    return { flat, shape };
  }

  /** The terms a list token stands for, and its shape (for `<matrix>`). */
  private terms(el: XmlElement, tok: string, params: Params | undefined): { terms: Term[]; shape: number[] } {
    if (/^-?\d+$/.test(tok)) return { terms: [{ kind: 'int', value: Number(tok) }], shape: [] };
    if (tok === '%...') {
      if (!params) throw this.err(el, '%... outside a <group>');
      return { terms: params.terms.slice(params.rest), shape: [params.terms.length - params.rest] };
    }
    const p = /^%(\d+)$/.exec(tok);
    if (p) {
      const t = params?.terms[Number(p[1])];
      if (!t) throw this.err(el, `${tok} has no argument`);
      return { terms: [t], shape: [] };
    }
    if (tok.includes('(')) throw this.err(el, `unsupported XCSP3 expression '${tok}' in a list (only variables)`);
    const name = /^[A-Za-z_]\w*/.exec(tok)?.[0];
    const v = name === undefined ? undefined : this.single.get(name);
    if (v !== undefined && name === tok) return { terms: [{ kind: 'var', id: v }], shape: [] };
    const arr = name === undefined ? undefined : this.arrays.get(name);
    if (!arr || name === undefined) throw this.err(el, `unknown variable '${tok}'`);
    const { flat, shape } = this.indices(el, name, arr.dims, tok);
    const terms: Term[] = [];
    for (const k of flat) {
      const id = arr.ids[k] as number;
      if (id >= 0) terms.push({ kind: 'var', id });
      else if (flat.length === 1) throw this.err(el, `'${tok}' is not a defined element of ${name}`);
    }
    return { terms, shape };
  }

  /** Variables of a whitespace-separated list (no constants). */
  private vars(el: XmlElement, text: string, params: Params | undefined): number[] {
    const out: number[] = [];
    for (const tok of tokens(text))
      for (const t of this.terms(el, tok, params).terms) {
        if (t.kind !== 'var') throw this.err(el, `expected a variable, found the constant ${t.value}`);
        out.push(t.id);
      }
    return out;
  }

  private constraint(el: XmlElement, params: Params | undefined): void {
    if (el.name === 'block') for (const c of el.children) this.constraint(c, undefined);
    else if (el.name === 'group') this.group(el);
    else if (el.name === 'allDifferent') this.allDifferent(el, params);
    else if (el.name === 'extension') this.extension(el, params);
    else if (el.name === 'intension') this.intension(el, params);
    else if (el.name === 'instantiation') this.instantiation(el, params);
    else throw this.unsupported(el);
  }

  private group(el: XmlElement): void {
    const [template, ...args] = el.children;
    if (!template) throw this.err(el, '<group> without a constraint');
    if (args.length === 0) throw this.err(el, '<group> without <args>');
    let highest = -1;
    const scan = (e: XmlElement) => {
      for (const m of `${e.text} ${Object.values(e.attrs).join(' ')}`.matchAll(/%(\d+)/g)) highest = Math.max(highest, Number(m[1]));
      e.children.forEach(scan);
    };
    scan(template);
    for (const a of args) {
      if (a.name !== 'args') throw this.unsupported(a);
      const terms = tokens(a.text).flatMap((tok) => this.terms(a, tok, undefined).terms);
      this.constraint(template, { terms, rest: highest + 1 });
    }
  }

  private child(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  private onlyChildren(el: XmlElement, allowed: string[]): void {
    for (const c of el.children) if (!allowed.includes(c.name)) throw this.unsupported(c);
    for (const name of allowed)
      if (el.children.filter((c) => c.name === name).length > 1) throw this.err(el, `more than one <${name}> in <${el.name}>`);
  }

  private allDifferent(el: XmlElement, params: Params | undefined): void {
    this.onlyChildren(el, ['list', 'matrix']);
    const matrix = this.child(el, 'matrix');
    if (!matrix) {
      const list = this.child(el, 'list');
      this.b.alldiff(this.vars(el, list ? list.text : el.text, params));
      return;
    }
    const rows = this.matrix(matrix, params);
    for (const r of rows) this.b.alldiff(r);
    for (let c = 0; c < (rows[0]?.length ?? 0); c++) this.b.alldiff(rows.map((r) => r[c] as number));
  }

  /** `x[][]` or `(a,b,c)(d,e,f)` as rows. */
  private matrix(el: XmlElement, params: Params | undefined): number[][] {
    const t = el.text.trim();
    let rows: number[][];
    if (t.startsWith('(')) rows = [...t.matchAll(/\(([^)]*)\)/g)].map((m) => this.vars(el, (m[1] as string).replaceAll(',', ' '), params));
    else {
      const toks = tokens(t);
      if (toks.length !== 1) throw this.err(el, '<matrix> is one 2-dimensional reference like x[][] or rows (a,b)(c,d)');
      const { terms, shape } = this.terms(el, toks[0] as string, params);
      if (shape.length !== 2 || terms.length !== (shape[0] as number) * (shape[1] as number))
        throw this.err(el, `<matrix> reference ${toks[0]} is not a full 2-dimensional block`);
      const ids = terms.map((x) => (x.kind === 'var' ? x.id : -1));
      rows = Array.from({ length: shape[0] as number }, (_, r) => ids.slice(r * (shape[1] as number), (r + 1) * (shape[1] as number)));
    }
    if (rows.length === 0 || rows.some((r) => r.length !== (rows[0] as number[]).length))
      throw this.err(el, '<matrix> rows must have equal lengths');
    return rows;
  }

  private extension(el: XmlElement, params: Params | undefined): void {
    this.onlyChildren(el, ['list', 'supports', 'conflicts']);
    const list = this.child(el, 'list');
    const supports = this.child(el, 'supports');
    const conflicts = this.child(el, 'conflicts');
    if (!list || (supports ? 1 : 0) + (conflicts ? 1 : 0) !== 1)
      throw this.err(el, '<extension> needs a <list> and either <supports> or <conflicts>');
    const vs = this.vars(list, list.text, params);
    const table = (supports ?? conflicts) as XmlElement;
    const positive = table === supports;
    if (vs.length === 1) {
      const set = new Set(table.text.trim() === '' ? [] : this.values(table, table.text));
      this.b.restrict(vs[0] as number, (a) => set.has(a) === positive);
      return;
    }
    if (vs.length !== 2) throw this.err(el, `unsupported XCSP3 extension of arity ${vs.length} (only 1 and 2)`);
    const keys = new Set<string>();
    const body = table.text.replace(/\s+/g, '');
    const tuples = body.match(/\([^()]*\)/g) ?? [];
    if (tuples.join('') !== body) throw this.err(table, 'tuples must be written (a,b)(c,d)...');
    for (const tup of tuples) {
      const parts = tup.slice(1, -1).split(',');
      if (parts.length !== 2 || !parts.every((p) => p === '*' || /^-?\d+$/.test(p))) throw this.err(table, `bad tuple ${tup} for arity 2`);
      keys.add(`${parts[0] === '*' ? '*' : Number(parts[0])},${parts[1] === '*' ? '*' : Number(parts[1])}`);
    }
    this.b.relation(
      vs[0] as number,
      vs[1] as number,
      (a, b) => (keys.has(`${a},${b}`) || keys.has(`${a},*`) || keys.has(`*,${b}`) || keys.has('*,*')) === positive,
    );
  }

  private intension(el: XmlElement, params: Params | undefined): void {
    this.onlyChildren(el, ['function']);
    const src = (this.child(el, 'function') ?? el).text;
    const expr = parseIntension(
      src,
      (tok) => {
        const { terms } = this.terms(el, tok, params);
        const t = terms[0];
        if (terms.length !== 1 || !t) throw this.err(el, `'${tok}' in an intension must be one variable or integer`);
        return t.kind === 'var' ? { var: t.id } : { int: t.value };
      },
      (msg) => this.err(el, msg),
    );
    const [x, y] = expr.vars;
    if (expr.vars.length > 2) throw this.err(el, `unsupported XCSP3 intension over ${expr.vars.length} variables (at most 2)`);
    if (x === undefined) {
      if (!expr.holds(0, 0)) this.b.clause([]);
    } else if (y === undefined) this.b.restrict(x, (a) => expr.holds(a, 0));
    else this.b.relation(x, y, (a, b) => expr.holds(a, b));
  }

  private instantiation(el: XmlElement, params: Params | undefined): void {
    this.onlyChildren(el, ['list', 'values']);
    const list = this.child(el, 'list');
    const values = this.child(el, 'values');
    if (!list || !values) throw this.err(el, '<instantiation> needs <list> and <values>');
    const vs = this.vars(list, list.text, params);
    const vals = tokens(values.text).map((t) => {
      if (!/^-?\d+$/.test(t)) throw this.err(values, `'${t}' is not an integer`);
      return Number(t);
    });
    if (vals.length !== vs.length) throw this.err(el, `<instantiation> has ${vs.length} variables but ${vals.length} values`);
    vs.forEach((v, k) => {
      this.b.restrict(v, (a) => a === vals[k]);
    });
  }
}

function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/\s+/);
}

function indexSuffix(dims: number[], k: number): string {
  let s = '';
  for (let d = dims.length - 1; d >= 0; d--) {
    s = `[${k % (dims[d] as number)}]${s}`;
    k = Math.floor(k / (dims[d] as number));
  }
  return s;
}
