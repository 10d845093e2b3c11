import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { systemErrorText } from '../../solver/api/system-error.js';
import { located, UserError } from '../../solver/api/user-error.js';
import { detectFormat } from '../../solver/formats/detect.js';
import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import { colouringInstance, parseCol } from '../../solver/formats/dimacs-col.js';
import { FORMAT_NAMES, type FormatName, type Instance } from '../../solver/formats/instance.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import { parseSudoku, parseSudokuLine } from '../../solver/formats/sudoku.js';
import { parseXcsp3 } from '../../solver/formats/xcsp3.js';
import { MAX_DOMAIN, type Problem, wordsPerDomain } from '../../solver/model/problem.js';
import { checkSolution } from '../../solver/search/checker.js';

/**
 * A dataset is JSON lines, one instance per line (`softprop generate` writes them):
 *
 *   {"family": "sudoku", "format": "sudoku", "instance": "4.....8.5.3...", "solution": [4, 1, 7, ...], "meta": {...}}
 *
 * - `family`: the generator (sudoku, latin, coloring, cnf, rb) or, for plain inputs, the format.
 * - `format`: how `instance` is written, one of the formats `softprop solve` reads:
 *   `sudoku` (one puzzle line), `col` (DIMACS graph text; `meta.colors` gives K), `cnf` (DIMACS
 *   text), `json` (a JSON model *object*, not a string), `xcsp3` (XML text).
 * - `solution`: one value label per variable, in variable order, or null when none is known.
 *   Labels are the format's own values: sudoku digits 1..N, colours 1..K, 0/1 for CNF variables,
 *   the declared values for JSON models and XCSP3.
 * - `meta`: generator parameters and facts about the instance (givens, holes, status, ...).
 * - `state` (only `generate --states`): a search state of the instance (StateRecord); the record then
 *   stands for the state, and `solution` is a solution within the state's domains.
 */
export interface DatasetRecord {
  family: string;
  format: FormatName;
  instance: string | Record<string, unknown>;
  solution: number[] | null;
  meta: Record<string, unknown>;
  state?: StateRecord;
}

/**
 * A decision node of the solver's search over the instance (states.ts). Domains and label masks are
 * words in the layout of `Problem.init`: variable i's values are bits of words i·w .. i·w + w − 1,
 * w = ceil(largest domain / 32), bit a meaning value index a (the a-th value of the variable: sudoku
 * digit a + 1, colour a + 1, CNF 0/1, the a-th declared value of a JSON model or XCSP3 variable).
 */
export interface StateRecord {
  /** Which source instance of the run (0-based) the state comes from. */
  instance: number;
  /** The state is the search's `index`-th decision (0-based) out of `decisions`. */
  index: number;
  decisions: number;
  /** Nodes of the whole recording search over the instance: how hard the instance is for it. */
  searchNodes: number;
  /** The variable the search branches on here, and the number of left branches above it. */
  var: number;
  depth: number;
  /** Variables with more than one value left: the difficulty `train --curriculum` orders by. */
  open: number;
  /** The branches from the root, in order: "x=a" (left) or "x!=a" (right), x and a indices. */
  path: string[];
  /** The domains after propagation at this node. */
  domains: number[];
  /** Values that extend to a solution within the state, and values the labelling budget left unsettled (every other value leads to none). */
  yes: number[];
  unknown: number[];
}

/** What the trainer consumes: the problem, and the solution as value indices when known. */
export interface DatasetItem {
  problem: Problem;
  /** Value index per variable; absent when the record has no solution. */
  solution?: Int32Array;
  /**
   * A state record's values that extend (or may extend: unsettled) to a solution, `yes | unknown`,
   * in the layout of `problem.init`; absent for records without a state.
   */
  viable?: Uint32Array;
  family: string;
  meta: Record<string, unknown>;
  /** `file:line` of the record (or of the puzzle, for sudoku files; `file` for single-problem inputs). */
  source: string;
}

export interface ReadOptions {
  /** Colours for plain `.col` inputs (records carry their own in `meta.colors`). */
  colors?: number;
  /** Force the format of a plain input, as `softprop solve --format`. */
  format?: string;
}

/** One record as its JSONL line (with the newline). */
export function recordLine(r: DatasetRecord): string {
  return `${JSON.stringify(r)}\n`;
}

/** The label of value index `a` of variable `i` (see DatasetRecord.solution). */
function labelOf(format: FormatName, p: Problem, i: number, a: number): number {
  const l = p.labels?.[i];
  if (l) return l[a] as number;
  return format === 'sudoku' ? a + 1 : a;
}

/** A solution (value indices) as the labels a record stores. */
export function solutionLabels(format: FormatName, p: Problem, values: Int32Array): number[] {
  return Array.from(values, (a, i) => labelOf(format, p, i, a));
}

/** The value indices of stored labels; throws a located UserError when a label is not in a domain. */
export function solutionIndices(format: FormatName, p: Problem, labels: readonly unknown[], file: string, line: number): Int32Array {
  const n = p.domSize.length;
  if (labels.length !== n) throw located(file, line, `solution has ${labels.length} values for ${n} variables`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const want = labels[i];
    let found = -1;
    for (let a = 0; a < (p.domSize[i] as number) && found < 0; a++) if (labelOf(format, p, i, a) === want) found = a;
    if (found < 0)
      throw located(file, line, `solution value ${JSON.stringify(want)} of variable ${p.names?.[i] ?? i} is not in its domain`);
    out[i] = found;
  }
  return out;
}

/** Parses one instance text of a known format; `name` prefixes the parsers' messages. */
function parseAs(format: FormatName, text: string, name: string, colors: number | undefined): Instance {
  switch (format) {
    case 'sudoku':
      return parseSudokuLine(text.trim(), name, 1);
    case 'col':
      if (!(Number.isInteger(colors) && (colors as number) >= 1 && (colors as number) <= MAX_DOMAIN))
        throw new UserError(`${name}: a graph colouring needs the number of colours, an integer in 1..${MAX_DOMAIN}`);
      return colouringInstance(parseCol(text, name), colors as number);
    case 'cnf':
      return parseCnf(text, name);
    case 'json':
      return parseJsonModel(text, name);
    case 'xcsp3':
      return parseXcsp3(text, name);
  }
}

/** Parses a record's instance into its problem; messages start with the record's `file:line`. */
export function recordInstance(r: Pick<DatasetRecord, 'format' | 'instance' | 'meta'>, file: string, line: number): Instance {
  const text = typeof r.instance === 'string' ? r.instance : JSON.stringify(r.instance);
  try {
    return parseAs(r.format, text, 'instance', r.meta.colors as number | undefined);
  } catch (e) {
    if (e instanceof UserError) throw located(file, line, e.message);
    throw e;
  }
}

/** Checks one parsed JSONL line and turns it into an item; `file:line` names it in messages. */
export function recordItem(value: unknown, file: string, line: number): DatasetItem {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw located(file, line, 'a record is a JSON object');
  const r = value as Partial<Record<keyof DatasetRecord, unknown>>;
  if (typeof r.family !== 'string') throw located(file, line, 'record has no "family" string');
  if (typeof r.format !== 'string' || !(FORMAT_NAMES as readonly string[]).includes(r.format))
    throw located(file, line, `record "format" must be one of ${FORMAT_NAMES.join(', ')}`);
  const format = r.format as FormatName;
  const objectInstance = format === 'json' && r.instance !== null && typeof r.instance === 'object' && !Array.isArray(r.instance);
  if (typeof r.instance !== 'string' && !objectInstance)
    throw located(
      file,
      line,
      format === 'json' ? 'record "instance" must be a JSON model object or string' : 'record "instance" must be a string',
    );
  const meta = r.meta ?? {};
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) throw located(file, line, 'record "meta" must be an object');
  if (r.solution !== null && r.solution !== undefined && !Array.isArray(r.solution))
    throw located(file, line, 'record "solution" must be an array of values or null');
  const inst = recordInstance(
    { format, instance: r.instance as DatasetRecord['instance'], meta: meta as Record<string, unknown> },
    file,
    line,
  );
  const problem = r.state === undefined ? inst.problem : stateProblem(inst.problem, r.state, file, line);
  const item: DatasetItem = { problem, family: r.family, meta: meta as Record<string, unknown>, source: `${file}:${line}` };
  const viable = r.state === undefined ? undefined : viableMask(problem, r.state, file, line);
  if (viable) item.viable = viable;
  if (Array.isArray(r.solution)) {
    const solution = solutionIndices(format, problem, r.solution, file, line);
    const why = checkSolution(problem, solution);
    if (why !== null) throw located(file, line, `stored solution is wrong: ${why}`);
    const w = wordsPerDomain(problem);
    for (let i = 0; i < solution.length; i++) {
      const a = solution[i] as number;
      if ((((problem.init[i * w + (a >>> 5)] as number) >>> (a & 31)) & 1) === 0)
        throw located(file, line, `solution value of variable ${problem.names?.[i] ?? i} is outside the state's domain`);
    }
    item.solution = solution;
  }
  return item;
}

/** The instance narrowed to a record's state: its domains as the initial ones (a state of the search is within the instance's). */
function stateProblem(p: Problem, state: unknown, file: string, line: number): Problem {
  const domains = (state as { domains?: unknown } | null)?.domains;
  if (!Array.isArray(domains) || domains.length !== p.init.length)
    throw located(file, line, `record "state.domains" must be an array of ${p.init.length} words`);
  const init = new Uint32Array(p.init.length);
  const w = wordsPerDomain(p);
  for (let k = 0; k < init.length; k++) {
    const x = domains[k];
    if (!Number.isInteger(x) || (x as number) < 0 || (x as number) > 0xffffffff)
      throw located(file, line, `record "state.domains" word ${k} must be an integer in 0..2^32-1`);
    if (((x as number) & ~(p.init[k] as number)) >>> 0 !== 0)
      throw located(
        file,
        line,
        `state domain of variable ${p.names?.[Math.floor(k / w)] ?? Math.floor(k / w)} has values outside the instance's`,
      );
    init[k] = x as number;
  }
  for (let i = 0; i < p.domSize.length; i++) {
    let any = 0;
    for (let k = 0; k < w; k++) any |= init[i * w + k] as number;
    if (any === 0) throw located(file, line, `state domain of variable ${p.names?.[i] ?? i} is empty`);
  }
  return { ...p, init };
}

/**
 * A state's `yes | unknown` words (the values a solution may still take) within its domains;
 * undefined for a state written without labels.
 */
function viableMask(p: Problem, state: unknown, file: string, line: number): Uint32Array | undefined {
  const { yes, unknown } = (state ?? {}) as { yes?: unknown; unknown?: unknown };
  if (yes === undefined && unknown === undefined) return undefined;
  const out = new Uint32Array(p.init.length);
  for (const [name, words] of [
    ['yes', yes],
    ['unknown', unknown],
  ] as const) {
    if (!Array.isArray(words) || words.length !== out.length)
      throw located(file, line, `record "state.${name}" must be an array of ${out.length} words`);
    for (let k = 0; k < out.length; k++) {
      const x = words[k];
      if (!Number.isInteger(x) || (x as number) < 0 || (x as number) > 0xffffffff)
        throw located(file, line, `record "state.${name}" word ${k} must be an integer in 0..2^32-1`);
      out[k] = ((out[k] as number) | ((x as number) & (p.init[k] as number))) >>> 0;
    }
  }
  return out;
}

async function* recordsOf(file: string): AsyncGenerator<DatasetItem> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw located(file, line, `not a JSON record: ${(e as Error).message}`);
    }
    yield recordItem(value, file, line);
  }
}

/** Items of a plain input (what `softprop solve` reads), without solutions. */
function* plainItems(file: string, text: string, opts: ReadOptions): Generator<DatasetItem> {
  const format = detectFormat(file, text, opts.format);
  const item = (inst: Instance): DatasetItem => ({ problem: inst.problem, family: format, meta: {}, source: inst.name });
  if (format === 'sudoku') for (const inst of parseSudoku(text, file)) yield item(inst);
  else yield { ...item(parseAs(format, text, file, opts.colors)), meta: format === 'col' ? { colors: opts.colors } : {} };
}

/** Whether a file holds dataset records: by extension, else by a first line that parses as a record object. */
async function isRecordFile(file: string): Promise<boolean> {
  if (/\.(jsonl|ndjson)$/i.test(file)) return true;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const text of lines) {
      if (text.trim() === '') continue;
      if (!text.trimStart().startsWith('{')) return false;
      const v = JSON.parse(text) as unknown;
      return v !== null && typeof v === 'object' && 'format' in v && 'instance' in v;
    }
    return false;
  } catch {
    return false;
  } finally {
    lines.close();
  }
}

/**
 * Streams the items of a dataset: a JSONL file of records, or any single input `softprop solve`
 * reads (sudoku lines, .col with `colors`, .cnf, JSON model, XCSP3), whose items have no solution.
 * Bad input throws a UserError naming `file:line`.
 */
export async function* streamDataset(file: string, opts: ReadOptions = {}): AsyncGenerator<DatasetItem> {
  try {
    await stat(file);
  } catch (e) {
    throw new UserError(`${file}: cannot read: ${systemErrorText(e)}`);
  }
  if (await isRecordFile(file)) yield* recordsOf(file);
  else yield* plainItems(file, await readFile(file, 'utf8'), opts);
}

/** All items of a dataset in file order (see streamDataset). */
export async function readDataset(file: string, opts: ReadOptions = {}): Promise<DatasetItem[]> {
  const out: DatasetItem[] = [];
  for await (const item of streamDataset(file, opts)) out.push(item);
  return out;
}
