import { located } from '../../api/user-error.js';
import { MAX_VARIABLES } from '../../formats/instance.js';
import { parseXmlTree, type XmlElement } from '../../formats/xml-tree.js';
import type { StopCheck } from '../../model/stop.js';
import { StoppedByLimit } from '../../model/stop.js';
import { EV_DOMAIN, EV_FIX, INT_MAX, INT_MIN } from '../int-store.js';
import { CP_EXPENSIVE } from '../propagator.js';
import { BinaryTable } from '../propagators/binary-table.js';
import { CompactTable, TABLE_STAR } from '../propagators/compact-table.js';
import { NegativeTable } from '../propagators/negative-table.js';
import { Space } from '../space.js';
import { type Expr, parseExpr } from './expression.js';
import { expressionVar, postIntension } from './intension.js';
import { I, IS, V, VS, XcspPostContext } from './post-context.js';

/** An XCSP3 instance translated into a Space. */
export interface XcspSpace {
  readonly space: Space;
  /** Root of the XML (for the independent checker). */
  readonly root: XmlElement;
  /** Declared variables (array elements as `x[i][j]`), in declaration order. */
  readonly names: readonly string[];
  /** Space variable of each name. */
  readonly vars: Int32Array;
  /**
   * The declared variables some constraint or the objective mentions: solutions are counted over
   * these (a variable no constraint mentions takes one value, as ACE and the XCSP3 counts assume).
   */
  readonly mentioned: Int32Array;
  /** The objective's Space variable and sense, for a COP. */
  readonly objective?: { v: number; sense: 'minimize' | 'maximize' };
  /** A domain emptied while posting: the instance has no solution. */
  readonly failed: boolean;
}

interface ArrayDecl {
  dims: number[];
  /** Space variable per element, row-major; -1 where undefined. */
  ids: Int32Array;
}

/**
 * Past this many words of Compact-Table supports (a bitset of every row per value) a binary table
 * goes to BinaryTable, linear in the table: Wwtpp's 10001-row tables took 25 MB each, and building
 * them was all of its 13 to 36 s.
 */
const BINARY_TABLE_WORDS = 1 << 16;

/** Compact-Table's support words for binary rows: (distinct values per column) × rows / 32. */
function compactTableWords(rows: readonly number[]): number {
  const a = new Set<number>();
  const b = new Set<number>();
  for (let r = 0; r + 1 < rows.length; r += 2) {
    a.add(rows[r] as number);
    b.add(rows[r + 1] as number);
  }
  return (a.size + b.size) * Math.ceil(rows.length / 64);
}

/** Most values a domain of several parts may hold (one range a..b is held as bounds: only 32 bits limit it). */
const MAX_LISTED = 1 << 20;

/** A list item: a Space variable or an integer. */
type Item = { v: number } | { k: number };

/**
 * Reads an XCSP3 (core) instance, its text or the tree parseXmlTree made of it (solve's bitmask
 * reader's refusal carries one), into a Space: integer variables and arrays, `<intension>` of any
 * arity, `<extension>`, `<sum>`, `<element>`, `<count>`, `<nValues>`, `<cardinality>`,
 * `<allDifferent>` (lists, `<matrix>`, `except`), `<allEqual>`, `<ordered>`, `<lex>`,
 * `<minimum>`/`<maximum>`, `<regular>`, `<noOverlap>`, `<instantiation>`, `<group>`, `<block>`,
 * and a `<minimize>`/`<maximize>` objective. Anything else is `file:line: unsupported ...`.
 */
export function buildXcspSpace(xml: string | XmlElement, file: string, stop?: StopCheck): XcspSpace {
  return new Reader(file, stop).read(typeof xml === 'string' ? parseXmlTree(xml, file) : xml);
}

/** Whitespace-separated tokens; an expression `f(a, b)` stays one token. */
const tokens = (s: string): string[] => {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (depth === 0 && /\s/.test(ch)) {
      if (cur !== '') out.push(cur);
      cur = '';
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (!/\s/.test(ch)) cur += ch;
  }
  if (cur !== '') out.push(cur);
  return out;
};

class Reader {
  private readonly space = new Space();
  private readonly ctx: XcspPostContext;
  private readonly single = new Map<string, number>();
  private readonly arrays = new Map<string, ArrayDecl>();
  private readonly names: string[] = [];
  private readonly vars: number[] = [];
  private failed = false;
  private readonly used = new Set<number>();
  private objective: { v: number; sense: 'minimize' | 'maximize' } | undefined;

  constructor(
    private readonly file: string,
    private readonly stop: StopCheck | undefined,
  ) {
    this.ctx = new XcspPostContext(this.space, file);
  }

  read(root: XmlElement): XcspSpace {
    if (root.name !== 'instance') this.fail(root, `unsupported XCSP3 element <${root.name}>`);
    const type = root.attrs.type ?? 'CSP';
    if (type !== 'CSP' && type !== 'COP') this.fail(root, `unsupported XCSP3 instance type ${type}`);
    for (const el of root.children) {
      if (el.name === 'variables') for (const d of el.children) this.declare(d);
      else if (el.name === 'constraints') for (const c of el.children) this.constraint(c);
      else if (el.name === 'objectives') this.objectives(el);
      else if (el.name !== 'annotations') this.fail(el, `unsupported XCSP3 element <${el.name}>`);
    }
    if (this.vars.length === 0) this.fail(root, 'XCSP3 instance declares no variables');
    const mentioned = Int32Array.from(this.vars.filter((v) => this.used.has(v)));
    return {
      space: this.space,
      root,
      names: this.names,
      vars: Int32Array.from(this.vars),
      mentioned,
      objective: this.objective,
      failed: this.failed,
    };
  }

  private fail(el: XmlElement, msg: string): never {
    throw located(this.file, el.line, msg);
  }

  // --- variables ---

  private declare(el: XmlElement): void {
    const id = el.attrs.id ?? '';
    if (el.name !== 'var' && el.name !== 'array') this.fail(el, `unsupported XCSP3 element <${el.name}>`);
    if (!/^[A-Za-z_]\w*$/.test(id)) this.fail(el, `<${el.name}> needs an identifier "id"`);
    if (this.single.has(id) || this.arrays.has(id)) this.fail(el, `duplicate variable ${id}`);
    const type = el.attrs.type ?? 'integer';
    if (type === 'symbolic') this.fail(el, 'symbolic variables are outside XCSP3-core (integer variables only)');
    if (type !== 'integer') this.fail(el, `unsupported XCSP3 variable type ${type}`);
    if (el.name === 'var') {
      const v = this.newVar(el, this.domainText(el));
      this.single.set(id, v);
      this.names.push(id);
      this.vars.push(v);
      return;
    }
    const size = el.attrs.size ?? '';
    if (!/^(\[\d+\])+$/.test(size)) this.fail(el, `array ${id} needs size="[n]..."`);
    const dims = [...size.matchAll(/\d+/g)].map((m) => Number(m[0]));
    const total = dims.reduce((a, d) => a * d, 1);
    if (total === 0 || total > MAX_VARIABLES) this.fail(el, `array ${id} has ${total} elements; at least 1 and at most ${MAX_VARIABLES}`);
    const texts: (string | undefined)[] = new Array(total);
    if (el.children.length === 0) texts.fill(this.domainText(el));
    for (const d of el.children) {
      if (d.name !== 'domain') this.fail(d, `unsupported XCSP3 element <${d.name}>`);
      if ((d.attrs.for ?? '').trim() === 'others') for (let k = 0; k < total; k++) texts[k] ??= d.text;
      else for (const tok of tokens(d.attrs.for ?? '')) for (const k of this.offsets(d, id, dims, tok)) texts[k] = d.text;
    }
    const ids = new Int32Array(total).fill(-1);
    for (let k = 0; k < total; k++) {
      const t = texts[k];
      if (t === undefined) continue;
      ids[k] = this.newVar(el, t);
      let rest = k;
      let suffix = '';
      for (let d = dims.length - 1; d >= 0; d--) {
        suffix = `[${rest % (dims[d] as number)}]${suffix}`;
        rest = Math.floor(rest / (dims[d] as number));
      }
      this.names.push(`${id}${suffix}`);
      this.vars.push(ids[k] as number);
    }
    this.arrays.set(id, { dims, ids });
  }

  private domainText(el: XmlElement): string {
    const as = el.attrs.as;
    if (as === undefined) return el.text;
    const decl = this.declared.get(as);
    if (decl === undefined) this.fail(el, `as="${as}" does not name an earlier variable`);
    return decl;
  }

  /** The rows of each table text read (several arities possible for one text). */
  private readonly tables = new Map<string, { arity: number; rows: Int32Array; large: boolean }>();

  /** Domain text of each single variable, for `as=`. */
  private readonly declared = new Map<string, string>();

  private newVar(el: XmlElement, text: string): number {
    const values = this.values(el, text);
    if (el.name === 'var' && el.attrs.id) this.declared.set(el.attrs.id, text);
    if (values.kind === 'range') return this.space.newVar(values.lo, values.hi);
    return this.space.newVarOf(values.list);
  }

  /** Integers and `a..b` ranges: one range, or a sorted list of distinct values. */
  private values(el: XmlElement, text: string): { kind: 'range'; lo: number; hi: number } | { kind: 'list'; list: number[] } {
    const toks = tokens(text);
    if (toks.length === 0) this.fail(el, 'empty domain');
    const one = toks.length === 1 ? /^(-?\d+)\.\.(-?\d+)$/.exec(toks[0] as string) : null;
    if (one) {
      const [lo, hi] = [Number(one[1]), Number(one[2])];
      if (hi < lo) this.fail(el, `empty range ${toks[0]}`);
      if (lo < INT_MIN || hi > INT_MAX) this.fail(el, `range ${toks[0]} goes past ${INT_MIN}..${INT_MAX}`);
      return { kind: 'range', lo, hi };
    }
    const set = new Set<number>();
    for (const tok of toks) {
      const r = /^(-?\d+)\.\.(-?\d+)$/.exec(tok);
      if (r && Number(r[2]) - Number(r[1]) + set.size >= MAX_LISTED)
        this.fail(el, `a domain of several parts holds more than ${MAX_LISTED} values`);
      if (r) for (let a = Number(r[1]); a <= Number(r[2]); a++) set.add(a);
      else if (/^-?\d+$/.test(tok)) set.add(Number(tok));
      else this.fail(el, `'${tok}' is not an integer or a range a..b`);
    }
    const list = [...set].sort((a, b) => a - b);
    if ((list[0] as number) < INT_MIN || (list.at(-1) as number) > INT_MAX)
      this.fail(el, `a domain value goes past ${INT_MIN}..${INT_MAX}`);
    return { kind: 'list', list };
  }

  /** Row-major offsets `x[..][..]` covers, with the sizes of its ranged dimensions. */
  private offsets(el: XmlElement, id: string, dims: number[], tok: string, shape: number[] = []): number[] {
    const parts = tok.slice(id.length).match(/\[[^\]]*\]/g) ?? [];
    if (parts.join('') !== tok.slice(id.length) || parts.length !== dims.length) this.fail(el, `bad reference '${tok}' to array ${id}`);
    let flat = [0];
    parts.forEach((p, d) => {
      const inner = p.slice(1, -1);
      const dim = dims[d] as number;
      const r = /^(\d+)\.\.(\d+)$/.exec(inner);
      let [lo, hi] = [0, dim - 1];
      if (r) [lo, hi] = [Number(r[1]), Number(r[2])];
      else if (/^\d+$/.test(inner)) [lo, hi] = [Number(inner), Number(inner)];
      else if (inner !== '') this.fail(el, `bad index '${p}' in '${tok}'`);
      if (lo > hi || hi >= dim) this.fail(el, `index ${p} of '${tok}' out of range 0..${dim - 1}`);
      if (inner === '' || r) shape.push(hi - lo + 1);
      const next: number[] = [];
      for (const f of flat) for (let i = lo; i <= hi; i++) next.push(f * dim + i);
      flat = next;
    });
    return flat;
  }

  /** The items a token stands for (a variable, an integer, or an array slice). */
  private items(el: XmlElement, tok: string, shape: number[] = []): Item[] {
    if (/^-?\d+$/.test(tok)) return [{ k: Number(tok) }];
    if (tok.includes('(')) {
      const e = this.expr(el, tok);
      return [{ v: 'op' in e ? expressionVar(this.ctx, e) : 'v' in e ? e.v : this.ctx.constant(e.k) }];
    }
    const name = /^[A-Za-z_]\w*/.exec(tok)?.[0] ?? '';
    const v = this.single.get(name);
    if (v !== undefined && name === tok) {
      this.used.add(v);
      return [{ v }];
    }
    const arr = this.arrays.get(name);
    if (!arr) this.fail(el, `'${tok}' is not a declared variable`);
    const out: Item[] = [];
    // Undefined elements of a slice are left out, as XCSP3 says.
    for (const k of this.offsets(el, name, arr.dims, tok, shape))
      if ((arr.ids[k] as number) >= 0) {
        out.push({ v: arr.ids[k] as number });
        this.used.add(arr.ids[k] as number);
      }
    return out;
  }

  private list(el: XmlElement, text: string): Item[] {
    return tokens(text).flatMap((t) => this.items(el, t));
  }

  /** The items of a list as Space variables (integers become fixed variables). */
  private varsOf(el: XmlElement, text: string): number[] {
    return this.list(el, text).map((it) => ('v' in it ? it.v : this.ctx.constant(it.k)));
  }

  private child(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  private need(el: XmlElement, name: string): XmlElement {
    return this.child(el, name) ?? this.fail(el, `<${el.name}> needs <${name}>`);
  }

  private expr(el: XmlElement, text: string): Expr {
    return parseExpr(
      text,
      (t) => {
        const it = this.items(el, t);
        if (it.length !== 1) this.fail(el, `'${t}' is not one variable`);
        return it[0] as Item;
      },
      (m) => this.fail(el, m),
    );
  }

  // --- constraints ---

  private constraint(el: XmlElement): void {
    if (this.stop?.()) throw new StoppedByLimit('posting the constraints');
    this.ctx.line = el.line;
    switch (el.name) {
      case 'block':
        for (const c of el.children) this.constraint(c);
        return;
      case 'group':
        this.group(el);
        return;
      case 'intension':
        postIntension(this.ctx, this.expr(el, (this.child(el, 'function') ?? el).text));
        return;
      case 'extension':
        this.extension(el);
        return;
      case 'sum':
        this.sum(el);
        return;
      case 'allDifferent':
        this.allDifferent(el);
        return;
      case 'allEqual': {
        const x = this.varsOf(el, (this.child(el, 'list') ?? el).text);
        for (let i = 1; i < x.length; i++) this.ctx.call('int_eq', V(x[0] as number), V(x[i] as number));
        return;
      }
      case 'ordered':
        this.ordered(el);
        return;
      case 'lex':
        this.lex(el);
        return;
      case 'instantiation': {
        const x = this.list(el, this.need(el, 'list').text);
        const vals = tokens(this.need(el, 'values').text).map(Number);
        if (vals.length !== x.length) this.fail(el, '<instantiation>: <list> and <values> differ in length');
        x.forEach((it, i) => {
          this.relate(el, it, 'eq', { k: vals[i] as number });
        });
        return;
      }
      case 'element':
        this.element(el);
        return;
      case 'count':
        this.count(el);
        return;
      case 'nValues':
        this.nValues(el);
        return;
      case 'cardinality':
        this.cardinality(el);
        return;
      case 'minimum':
      case 'maximum': {
        const x = this.varsOf(el, (this.child(el, 'list') ?? el).text);
        const s = this.space.store;
        const f = el.name === 'minimum' ? Math.min : Math.max;
        const r = this.space.newVar(f(...x.map((v) => s.min(v))), f(...x.map((v) => s.max(v))));
        this.ctx.call(el.name === 'minimum' ? 'array_int_minimum' : 'array_int_maximum', V(r), VS(x));
        this.condition(el, { v: r });
        return;
      }
      case 'regular':
        this.regular(el);
        return;
      case 'noOverlap':
        this.noOverlap(el);
        return;
      default:
        this.fail(el, `unsupported XCSP3 element <${el.name}>`);
    }
  }

  /** Each `<args>` substituted for `%i` / `%...` in the template's text. */
  private group(el: XmlElement): void {
    const template = el.children[0];
    if (!template || template.name === 'args') this.fail(el, '<group> needs a constraint template');
    if (el.children.length === 1) this.fail(el, '<group> without <args>');
    for (const a of el.children.slice(1)) {
      if (a.name !== 'args') this.fail(a, `unsupported XCSP3 element <${a.name}> in <group>`);
      const args = tokens(a.text).flatMap((t) =>
        t.includes('(') ? [t] : this.items(a, t).map((it) => ('v' in it ? this.nameOf(it.v) : String(it.k))),
      );
      const highest = Math.max(-1, ...[...JSON.stringify(template).matchAll(/%(\d+)/g)].map((m) => Number(m[1])));
      const subst = (s: string, sep: string): string =>
        s
          .replace(/%\.\.\./g, args.slice(highest + 1).join(sep))
          .replace(/%(\d+)/g, (_, i) => args[Number(i)] ?? this.fail(a, `%${i} has no argument`));
      const inst = (t: XmlElement): XmlElement => ({
        ...t,
        line: a.line,
        attrs: t.attrs,
        text: subst(t.text, t.name === 'intension' || t.name === 'function' ? ',' : ' '),
        children: t.children.map(inst),
      });
      this.constraint(inst(template));
    }
  }

  private nameIndex: Map<number, string> | undefined;
  private nameOf(v: number): string {
    if (!this.nameIndex) this.nameIndex = new Map(this.vars.map((x, i) => [x, this.names[i] as string]));
    return this.nameIndex.get(v) as string;
  }

  private extension(el: XmlElement): void {
    const x = this.varsOf(el, this.need(el, 'list').text);
    const sup = this.child(el, 'supports');
    const table = sup ?? this.need(el, 'conflicts');
    const s = this.space.store;
    if (x.length === 1) {
      const v = x[0] as number;
      const listed = this.values(table, table.text.trim() === '' ? '' : table.text);
      const inList = (a: number) => (listed.kind === 'range' ? a >= listed.lo && a <= listed.hi : listed.list.includes(a));
      for (let a = s.min(v); a <= s.max(v); a = s.next(v, a)) {
        if (inList(a) !== (sup !== undefined) && !s.remove(v, a)) {
          this.failed = true;
          return;
        }
        if (a === s.max(v)) break;
      }
      return;
    }
    // A group's tables share their text: read once, with the support-memory estimate.
    let read = this.tables.get(table.text);
    if (read === undefined || read.arity !== x.length) {
      const rows: number[] = [];
      for (const m of table.text.matchAll(/\(([^)]*)\)/g)) {
        const t = (m[1] as string).split(',').map((p) => p.trim());
        if (t.length !== x.length) this.fail(el, `tuple (${m[1]}) is not of arity ${x.length}`);
        for (const p of t) rows.push(p === '*' ? TABLE_STAR : Number(p));
      }
      read = { arity: x.length, rows: Int32Array.from(rows), large: x.length === 2 && compactTableWords(rows) > BINARY_TABLE_WORDS };
      this.tables.set(table.text, read);
    }
    const vars = Int32Array.from(x);
    const p = !sup
      ? new NegativeTable(vars, read.rows)
      : read.large
        ? new BinaryTable(s, x[0] as number, x[1] as number, read.rows)
        : new CompactTable(s, vars, read.rows, this.admitted(vars, read.rows));
    const id = this.space.post(p, CP_EXPENSIVE);
    for (const v of vars) this.space.watch(id, v, sup ? EV_DOMAIN : EV_FIX);
  }

  /**
   * The rows of a table over `vars` that the constraints posted so far on its variables alone allow
   * (Steiner3-7: `ordered` triples keep 770 of each pair table's 27720 rows), or undefined when no
   * such constraint is posted. A row with `*` is kept.
   */
  private admitted(vars: Int32Array, rows: Int32Array): ((at: number) => boolean) | undefined {
    const ids = this.space.within(vars);
    if (ids.length === 0) return undefined;
    const n = vars.length;
    return (at) => {
      // A loop, not subarray().includes: this runs once per row, and a view per row is garbage.
      for (let i = at; i < at + n; i++) if (rows[i] === TABLE_STAR) return true;
      return this.space.admits(ids, vars, rows, at);
    };
  }

  /** Posts `a op b` for op among eq ne lt le gt ge. */
  private relate(el: XmlElement, a: Item, op: string, b: Item): void {
    const swap = op === 'gt' || op === 'ge';
    const name = { eq: 'int_eq', ne: 'int_ne', lt: 'int_lt', le: 'int_le', gt: 'int_lt', ge: 'int_le' }[op];
    if (!name) this.fail(el, `unsupported operator ${op}`);
    const [p, q] = swap ? [b, a] : [a, b];
    this.ctx.call(name, 'v' in p ? V(p.v) : I(p.k), 'v' in q ? V(q.v) : I(q.k));
  }

  /** `<condition> (op, operand) </condition>` applied to the item `lhs`. */
  private condition(el: XmlElement, lhs: Item): void {
    const c = this.need(el, 'condition');
    const m = /^\(\s*(\w+)\s*,(.*)\)$/s.exec(c.text.trim());
    if (!m) this.fail(c, `cannot read condition '${c.text.trim()}'`);
    const op = m[1] as string;
    const rhs = (m[2] as string).trim();
    if (op === 'in' || op === 'notin') {
      const set = /^\{(.*)\}$/.exec(rhs);
      const values = set ? (set[1] as string).split(',').map((t) => Number(t.trim())) : [];
      const r = /^(-?\d+)\.\.(-?\d+)$/.exec(rhs);
      if (r) for (let a = Number(r[1]); a <= Number(r[2]); a++) values.push(a);
      if (!set && !r) this.fail(c, `cannot read the set '${rhs}'`);
      const v = 'v' in lhs ? lhs.v : this.ctx.constant(lhs.k);
      this.ctx.call(
        op === 'in' ? 'set_in' : 'set_in_reif',
        V(v),
        { kind: 'set', set: { kind: 'set', values: [...new Set(values)].sort((x, y) => x - y) } },
        ...(op === 'in' ? [] : [I(0)]),
      );
      return;
    }
    const it = this.items(c, rhs);
    if (it.length !== 1) this.fail(c, `'${rhs}' is not one variable or integer`);
    this.relate(c, lhs, op, it[0] as Item);
  }

  private sum(el: XmlElement): void {
    const x = this.list(el, this.need(el, 'list').text);
    const ce = this.child(el, 'coeffs');
    const coeffs = ce ? this.list(ce, ce.text) : x.map(() => ({ k: 1 }));
    if (coeffs.length !== x.length) this.fail(el, '<sum>: <list> and <coeffs> differ in length');
    const s = this.space.store;
    const terms: number[] = [];
    const cs: number[] = [];
    let k = 0;
    let min = 0;
    let max = 0;
    x.forEach((it, i) => {
      const c = coeffs[i] as Item;
      if ('k' in it && 'k' in c) k += it.k * c.k;
      else if ('k' in c || 'k' in it) {
        const [a, v] = 'k' in c ? [c.k, (it as { v: number }).v] : [(it as { k: number }).k, c.v];
        cs.push(a);
        terms.push(v);
      } else {
        const ends = [s.min(it.v) * s.min(c.v), s.min(it.v) * s.max(c.v), s.max(it.v) * s.min(c.v), s.max(it.v) * s.max(c.v)];
        const t = this.space.newVar(Math.min(...ends), Math.max(...ends));
        this.ctx.call('int_times', V(it.v), V(c.v), V(t));
        cs.push(1);
        terms.push(t);
      }
    });
    cs.forEach((a, i) => {
      const v = terms[i] as number;
      min += a > 0 ? a * s.min(v) : a * s.max(v);
      max += a > 0 ? a * s.max(v) : a * s.min(v);
    });
    const r = this.space.newVar(min + k, max + k);
    this.ctx.call('int_lin_eq', IS([...cs, -1]), VS([...terms, r]), I(-k));
    this.condition(el, { v: r });
  }

  private allDifferent(el: XmlElement): void {
    const matrix = this.child(el, 'matrix');
    const except = this.child(el, 'except');
    const lists: number[][] = [];
    if (matrix) {
      const rows = this.matrix(matrix);
      for (const r of rows) lists.push(r);
      for (let j = 0; j < (rows[0]?.length ?? 0); j++) lists.push(rows.map((r) => r[j] as number));
    } else {
      const ls = el.children.filter((c) => c.name === 'list');
      if (ls.length > 1) {
        // Distinct tuples: each pair of lists differs somewhere.
        const xs = ls.map((l) => this.varsOf(l, l.text));
        for (let i = 0; i < xs.length; i++)
          for (let j = i + 1; j < xs.length; j++)
            postIntension(this.ctx, {
              op: 'or',
              args: (xs[i] as number[]).map((v, k): Expr => ({ op: 'ne', args: [{ v }, { v: (xs[j] as number[])[k] as number }] })),
            });
        return;
      }
      lists.push(this.varsOf(el, (ls[0] ?? el).text));
    }
    const ex = except ? tokens(except.text).map(Number) : [];
    for (const x of lists) {
      if (ex.length === 0) this.ctx.call('fzn_all_different_int', VS(x));
      else
        for (let i = 0; i < x.length; i++)
          for (let j = i + 1; j < x.length; j++) {
            const a: Expr = { v: x[i] as number };
            const b: Expr = { v: x[j] as number };
            postIntension(this.ctx, {
              op: 'or',
              args: [{ op: 'ne', args: [a, b] }, ...ex.map((e): Expr => ({ op: 'eq', args: [a, { k: e }] }))],
            });
          }
    }
  }

  /** Rows of a `<matrix>`: `x[][]` or explicit `(a,b,c)(d,e,f)` rows. */
  private matrix(m: XmlElement): number[][] {
    const text = m.text.trim();
    if (text.startsWith('(')) return [...text.matchAll(/\(([^)]*)\)/g)].map((r) => this.varsOf(m, (r[1] as string).replace(/,/g, ' ')));
    const shape: number[] = [];
    const flat = this.items(m, text, shape).map((it) => ('v' in it ? it.v : this.ctx.constant(it.k)));
    if (shape.length !== 2) this.fail(m, `'${text}' is not a two-dimensional slice`);
    const cols = shape[1] as number;
    return Array.from({ length: shape[0] as number }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
  }

  private operator(el: XmlElement): string {
    const op = (this.child(el, 'operator')?.text ?? '').trim();
    if (!['lt', 'le', 'gt', 'ge'].includes(op)) this.fail(el, `unsupported operator '${op}'`);
    return op;
  }

  private ordered(el: XmlElement): void {
    const x = this.varsOf(el, this.need(el, 'list').text);
    const op = this.operator(el);
    const le = this.child(el, 'lengths');
    const lengths = le ? this.varsOf(le, le.text) : [];
    for (let i = 1; i < x.length; i++) {
      const a: Expr = le ? { op: 'add', args: [{ v: x[i - 1] as number }, { v: lengths[i - 1] as number }] } : { v: x[i - 1] as number };
      postIntension(this.ctx, { op, args: [a, { v: x[i] as number }] });
    }
  }

  private lex(el: XmlElement): void {
    const m = this.child(el, 'matrix');
    const op = this.operator(el);
    if (m) {
      const rows = this.matrix(m);
      const cols = Array.from({ length: rows[0]?.length ?? 0 }, (_, j) => rows.map((r) => r[j] as number));
      for (const l of [rows, cols]) this.lexChain(l, op);
      return;
    }
    this.lexChain(
      el.children.filter((c) => c.name === 'list').map((l) => this.varsOf(l, l.text)),
      op,
    );
  }

  private lexChain(lists: number[][], op: string): void {
    for (let i = 1; i < lists.length; i++) {
      let [x, y] = [lists[i - 1] as number[], lists[i] as number[]];
      if (op === 'gt' || op === 'ge') [x, y] = [y, x];
      // x <lex y  ⟺  x ++ [1] ≤lex y ++ [0].
      if (op === 'lt' || op === 'gt')
        [x, y] = [
          [...x, this.ctx.constant(1)],
          [...y, this.ctx.constant(0)],
        ];
      this.ctx.call('fzn_lex_lesseq_int', VS(x), VS(y));
    }
  }

  private element(el: XmlElement): void {
    const me = this.child(el, 'matrix');
    const le = me ?? this.need(el, 'list');
    const ie = this.need(el, 'index');
    const idx = tokens(ie.text).flatMap((t) => this.items(ie, t));
    let x: number[];
    let i: Item;
    const start = Number(le.attrs.startIndex ?? 0);
    if (me) {
      // M[r][c] is element r·cols + c of the flattened matrix.
      const rows = this.matrix(me);
      x = rows.flat();
      if (idx.length !== 2) this.fail(ie, '<index> of a <matrix> must be two variables');
      const [r, c] = idx as [Item, Item];
      const cols = rows[0]?.length ?? 0;
      const rs = Number(me.attrs.startRowIndex ?? 0);
      const cs = Number(me.attrs.startColIndex ?? 0);
      i = {
        v: expressionVar(this.ctx, {
          op: 'add',
          args: [
            { op: 'mul', args: [{ op: 'sub', args: [r, { k: rs }] }, { k: cols }] },
            { op: 'sub', args: [c, { k: cs }] },
          ],
        }),
      };
    } else {
      x = this.varsOf(le, le.text);
      if (idx.length !== 1) this.fail(ie, '<index> must be one variable');
      i = idx[0] as Item;
    }
    const s = this.space.store;
    const value = this.child(el, 'value');
    let r: Item;
    if (value) {
      const it = this.items(value, value.text.trim());
      if (it.length !== 1) this.fail(value, '<value> must be one variable or integer');
      r = it[0] as Item;
    } else {
      r = { v: this.space.newVar(Math.min(...x.map((v) => s.min(v))), Math.max(...x.map((v) => s.max(v)))) };
    }
    // FlatZinc's element counts from 1.
    const i1 = this.space.newVar(1, x.length);
    if ('v' in i) this.ctx.call('int_lin_eq', IS([1, -1]), VS([i.v, i1]), I(start - 1));
    else this.ctx.call('int_eq', V(i1), I(i.k - start + 1));
    this.ctx.call('array_var_int_element', V(i1), VS(x), 'v' in r ? V(r.v) : I(r.k));
    if (!value) this.condition(el, r);
  }

  private count(el: XmlElement): void {
    const x = this.varsOf(el, this.need(el, 'list').text);
    const ve = this.need(el, 'values');
    const values = this.list(ve, ve.text);
    const c = this.space.newVar(0, x.length);
    if (values.length === 1 && 'v' in (values[0] as Item)) this.ctx.call('fzn_count_eq', VS(x), V((values[0] as { v: number }).v), V(c));
    else {
      if (values.some((it) => 'v' in it)) this.fail(ve, 'unsupported <count> over several variable values');
      const set = [...new Set(values.map((it) => (it as { k: number }).k))].sort((a, b) => a - b);
      this.ctx.call('fzn_among', V(c), VS(x), { kind: 'set', set: { kind: 'set', values: set } });
    }
    this.condition(el, { v: c });
  }

  /** Number of distinct values: b_a = (some x_i = a), n = Σ b_a. */
  private nValues(el: XmlElement): void {
    if (this.child(el, 'except')) this.fail(el, 'unsupported <nValues> with <except>');
    const x = this.varsOf(el, (this.child(el, 'list') ?? el).text);
    const s = this.space.store;
    const all = new Set<number>();
    for (const v of x)
      for (let a = s.min(v); ; a = s.next(v, a)) {
        all.add(a);
        if (a === s.max(v)) break;
      }
    const bs: number[] = [];
    for (const a of all) {
      const eqs = x
        .filter((v) => s.contains(v, a))
        .map((v) => {
          const e = this.space.newVar(0, 1);
          this.ctx.call('int_eq_reif', V(v), I(a), V(e));
          return e;
        });
      const b = this.space.newVar(0, 1);
      this.ctx.call('array_bool_or', VS(eqs), V(b));
      bs.push(b);
    }
    const n = this.space.newVar(Math.min(1, x.length), Math.min(x.length, all.size));
    this.ctx.call('int_lin_eq', IS([...bs.map(() => 1), -1]), VS([...bs, n]), I(0));
    this.condition(el, { v: n });
  }

  private cardinality(el: XmlElement): void {
    const x = this.varsOf(el, this.need(el, 'list').text);
    const ve = this.need(el, 'values');
    const values = this.list(ve, ve.text).map((it) => ('k' in it ? it.k : this.fail(ve, 'unsupported <cardinality> with variable values')));
    const oe = this.need(el, 'occurs');
    const occurs = tokens(oe.text).flatMap((t) => {
      const r = /^(\d+)\.\.(\d+)$/.exec(t);
      return r ? [this.space.newVar(Number(r[1]), Number(r[2]))] : this.varsOf(oe, t);
    });
    if (occurs.length !== values.length) this.fail(el, '<cardinality>: <values> and <occurs> differ in length');
    if (ve.attrs.closed === 'true') this.failed ||= !x.every((v) => this.restrict(v, values));
    this.ctx.call('fzn_global_cardinality', VS(x), IS(values), VS(occurs));
  }

  private restrict(v: number, values: number[]): boolean {
    const s = this.space.store;
    for (let a = s.min(v); ; a = s.next(v, a)) {
      const last = a === s.max(v);
      if (!values.includes(a) && !s.remove(v, a)) return false;
      if (last) return true;
    }
  }

  /** The automaton's states along the list: q_0 = start, (q_i, x_i, q_{i+1}) a transition, q_n final. */
  private regular(el: XmlElement): void {
    const x = this.varsOf(el, this.need(el, 'list').text);
    const states = new Map<string, number>();
    const state = (n: string) => {
      if (!states.has(n)) states.set(n, states.size);
      return states.get(n) as number;
    };
    const rows: number[] = [];
    for (const m of this.need(el, 'transitions').text.matchAll(/\(([^)]*)\)/g)) {
      const [p = '', a = '', q = ''] = (m[1] as string).split(',').map((t) => t.trim());
      rows.push(state(p), Number(a), state(q));
    }
    const start = state(this.need(el, 'start').text.trim());
    const finals = tokens(this.need(el, 'final').text).map(state);
    const n = states.size;
    const q = [this.ctx.constant(start)];
    for (let i = 0; i < x.length; i++)
      q.push(i === x.length - 1 ? this.space.newVarOf([...new Set(finals)].sort((a, b) => a - b)) : this.space.newVar(0, n - 1));
    for (let i = 0; i < x.length; i++) {
      const vars = Int32Array.from([q[i] as number, x[i] as number, q[i + 1] as number]);
      const id = this.space.post(new CompactTable(this.space.store, vars, Int32Array.from(rows)), CP_EXPENSIVE);
      for (const v of vars) this.space.watch(id, v, EV_DOMAIN);
    }
  }

  /** Pairwise: some dimension where one box ends before the other starts. */
  private noOverlap(el: XmlElement): void {
    const oe = this.need(el, 'origins');
    const le = this.need(el, 'lengths');
    const boxes = (e: XmlElement): Item[][] => {
      const t = e.text.trim();
      return t.startsWith('(')
        ? [...t.matchAll(/\(([^)]*)\)/g)].map((r) => (r[1] as string).split(',').flatMap((u) => this.items(e, u.trim())))
        : this.list(e, t).map((it) => [it]);
    };
    const o = boxes(oe);
    const l = boxes(le);
    const zeroIgnored = el.attrs.zeroIgnored !== 'false';
    const ex = (it: Item): Expr => it;
    for (let i = 0; i < o.length; i++)
      for (let j = i + 1; j < o.length; j++) {
        const oi = o[i] as Item[];
        const oj = o[j] as Item[];
        const li = l[i] as Item[];
        const lj = l[j] as Item[];
        const alts: Expr[] = [];
        oi.forEach((_, d) => {
          alts.push({ op: 'le', args: [{ op: 'add', args: [ex(oi[d] as Item), ex(li[d] as Item)] }, ex(oj[d] as Item)] });
          alts.push({ op: 'le', args: [{ op: 'add', args: [ex(oj[d] as Item), ex(lj[d] as Item)] }, ex(oi[d] as Item)] });
          if (zeroIgnored) alts.push({ op: 'eq', args: [ex(li[d] as Item), { k: 0 }] }, { op: 'eq', args: [ex(lj[d] as Item), { k: 0 }] });
        });
        postIntension(this.ctx, { op: 'or', args: alts });
      }
  }

  private objectives(el: XmlElement): void {
    const o = el.children[0];
    if (!o || el.children.length > 1) this.fail(el, '<objectives> needs exactly one objective');
    if (o.name !== 'minimize' && o.name !== 'maximize') this.fail(o, `unsupported XCSP3 objective <${o.name}>`);
    this.ctx.line = o.line;
    const type = o.attrs.type ?? 'expression';
    let v: number;
    const s = this.space.store;
    if (type === 'expression') {
      const e = this.expr(o, o.text);
      v = 'v' in e ? e.v : 'k' in e ? this.ctx.constant(e.k) : this.exprVar(e);
    } else if (type === 'sum') {
      const x = this.varsOf(o, this.need(o, 'list').text);
      const ce = this.child(o, 'coeffs');
      const cs = ce ? tokens(ce.text).map(Number) : x.map(() => 1);
      let min = 0;
      let max = 0;
      x.forEach((u, i) => {
        const a = cs[i] as number;
        min += a > 0 ? a * s.min(u) : a * s.max(u);
        max += a > 0 ? a * s.max(u) : a * s.min(u);
      });
      v = this.space.newVar(min, max);
      this.ctx.call('int_lin_eq', IS([...cs, -1]), VS([...x, v]), I(0));
    } else if (type === 'minimum' || type === 'maximum') {
      const x = this.varsOf(o, (this.child(o, 'list') ?? o).text);
      const f = type === 'minimum' ? Math.min : Math.max;
      v = this.space.newVar(f(...x.map((u) => s.min(u))), f(...x.map((u) => s.max(u))));
      this.ctx.call(type === 'minimum' ? 'array_int_minimum' : 'array_int_maximum', V(v), VS(x));
    } else this.fail(o, `unsupported XCSP3 objective type ${type}`);
    this.objective = { v, sense: o.name };
  }

  /** A variable equal to an arithmetic expression: v = e posted as eq(v, e). */
  private exprVar(e: Expr): number {
    const v = this.space.newVar(-(2 ** 31 - 2), 2 ** 31 - 2);
    postIntension(this.ctx, { op: 'eq', args: [{ v }, e] });
    return v;
  }
}
