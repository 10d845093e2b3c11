import { readFileSync } from 'node:fs';
import { Rng } from '../../solver/model/rng.js';

/**
 * The bad-input corpus: inputs of every format, generated from templates (the bundled demos and a
 * few small models) by mutations (truncations, byte flips, dropped lines, wrong encodings, binary
 * garbage, empty files) and by targeted faults (bad numbers, huge headers, deep nesting, duplicate
 * keys, …), each with the outcome it must have.
 */

/** What a case must give: a decided status, a located error matching `message`, or either of those (random damage). */
export type Expected = { kind: 'sat' | 'unsat' } | { kind: 'error'; message: RegExp } | { kind: 'either' };

export interface Case {
  /** File name (its extension picks the format). */
  file: string;
  bytes: Buffer;
  /** `--colors` for graph colouring inputs. */
  colors?: number;
  expected: Expected;
  /** Also run through the built CLI (the targeted faults and a sample of the rest). */
  cli: boolean;
}

interface Template {
  file: string;
  text: string;
  status: 'sat' | 'unsat';
  colors?: number;
}

const demo = (name: string) => readFileSync(`cli/demo/${name}`, 'utf8');

const TEMPLATES: Template[] = [
  { file: 'sudoku-9x9.txt', text: demo('sudoku-9x9.txt'), status: 'sat' },
  { file: 'sudoku-16x16.txt', text: demo('sudoku-16x16.txt'), status: 'sat' },
  { file: 'petersen.col', text: demo('petersen.col'), status: 'sat', colors: 3 },
  { file: 'planted-3sat.cnf', text: demo('planted-3sat.cnf'), status: 'sat' },
  { file: 'pigeonhole-4-3.cnf', text: demo('pigeonhole-4-3.cnf'), status: 'unsat' },
  { file: 'workshop.json', text: demo('workshop.json'), status: 'sat' },
  { file: 'queens-6.xml', text: demo('queens-6.xml'), status: 'sat' },
];

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const either: Expected = { kind: 'either' };
/** Any located one-line message: `file:` then the problem. */
const located = (file: string): Expected => ({ kind: 'error', message: new RegExp(`^${file.replace(/\./g, '\\.')}(:\\d+)?: \\S`) });
const error = (message: RegExp): Expected => ({ kind: 'error', message });

const xcsp3 = (vars: string, cons: string) =>
  `<instance format="XCSP3" type="CSP">\n<variables>\n${vars}\n</variables>\n<constraints>\n${cons}\n</constraints>\n</instance>\n`;
const PUZZLE = '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......';

/** Inputs with one known fault each (or a known right answer), in every format. */
function targeted(): [string, string | Buffer, Expected, number?][] {
  const cnf = 'p cnf 3 2\n1 -2 0\n2 3 0\n';
  return [
    // DIMACS CNF
    ['huge-vars.cnf', 'p cnf 99999999999 1\n1 0\n', error(/^huge-vars\.cnf:1: more than 4194304 variables$/)],
    [
      'huge-clauses.cnf',
      'p cnf 3 99999999999\n1 0\n',
      error(/^huge-clauses\.cnf:1: header declares 99999999999 clauses but the file has 1$/),
    ],
    ['negative-header.cnf', 'p cnf -3 2\n1 0\n', error(/^negative-header\.cnf:1: expected 'p cnf V C'/)],
    ['fraction.cnf', 'p cnf 3 1\n1.5 2 0\n', error(/^fraction\.cnf:2: '1\.5' is not an integer literal$/)],
    ['hex.cnf', 'p cnf 3 1\n0x1 2 0\n', error(/^hex\.cnf:2: '0x1' is not an integer literal$/)],
    [
      'huge-literal.cnf',
      'p cnf 3 1\n99999999999999999999 0\n',
      error(/^huge-literal\.cnf:2: literal 100000000000000000000 out of range: variables are 1\.\.3$/),
    ],
    ['out-of-range.cnf', 'p cnf 3 1\n4 0\n', error(/^out-of-range\.cnf:2: literal 4 out of range/)],
    ['before-header.cnf', '1 2 0\np cnf 2 1\n', error(/^before-header\.cnf:1: clause before the 'p cnf V C' line$/)],
    ['two-headers.cnf', `${cnf}p cnf 3 2\n`, error(/^two-headers\.cnf:4: second problem line$/)],
    ['too-many.cnf', `${cnf}1 0\n`, error(/^too-many\.cnf:4: more than the 2 clauses the header declares$/)],
    ['no-final-zero.cnf', 'p cnf 3 2\n1 -2 0\n2 3', { kind: 'sat' }],
    ['empty-formula.cnf', 'p cnf 0 0\n', { kind: 'sat' }],
    ['empty-clause.cnf', 'p cnf 2 2\n1 2 0\n0\n', { kind: 'unsat' }],
    // DIMACS colouring
    ['huge-vertices.col', 'p edge 99999999999 0\n', error(/^huge-vertices\.col:1: more than 4194304 vertices$/), 3],
    ['vertex-zero.col', 'p edge 3 1\ne 0 1\n', error(/^vertex-zero\.col:2: vertex 0 out of range 1\.\.3$/), 3],
    ['vertex-beyond.col', 'p edge 3 1\ne 1 4\n', error(/^vertex-beyond\.col:2: vertex 4 out of range 1\.\.3$/), 3],
    ['self-loop.col', 'p edge 3 1\ne 2 2\n', error(/^self-loop\.col:2: self-loop on vertex 2 cannot be coloured$/), 3],
    ['short-edge.col', 'p edge 3 1\ne 2\n', error(/^short-edge\.col:2: expected 'e u v'$/), 3],
    ['edge-count.col', 'p edge 3 2\ne 1 2\n', error(/^edge-count\.col:1: header declares 2 edges but the file has 1$/), 3],
    ['unknown-line.col', 'p edge 3 1\nx 1 2\n', error(/^unknown-line\.col:2: unknown line type 'x'$/), 3],
    ['no-colours.col', 'p edge 3 1\ne 1 2\n', error(/^no-colours\.col: a graph colouring needs --colors K/)],
    ['triangle-2.col', 'p edge 3 3\ne 1 2\ne 2 3\ne 1 3\n', { kind: 'unsat' }, 2],
    // JSON models
    ['long-string.json', `{"variables": [{"name": "x", "domain": 2}], "note": "${'a'.repeat(4_000_000)}"}`, { kind: 'sat' }],
    [
      'duplicate-key.json',
      '{"variables": [{"name": "x",\n "domain": 2, "domain": 3}]}',
      error(/^duplicate-key\.json:2: duplicate key "domain"$/),
    ],
    [
      'proto.json',
      '{"variables": [],\n "__proto__": {"constraints": 5}}',
      error(/^proto\.json:2: the key "__proto__" is not allowed in a JSON model$/),
    ],
    ['deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, error(/^deep\.json:1: JSON syntax: nested deeper than 100$/)],
    [
      'huge-domain.json',
      '{"variables": [{"name": "x", "domain": 1e9}]}',
      error(/^huge-domain\.json:1: variable x: "domain" exceeds 1024 values$/),
    ],
    [
      'huge-size.json',
      '{"variables": [{"name": "x", "domain": 2, "size": 1e12}]}',
      error(/^huge-size\.json:1: variable x: "size" must be an integer in 1\.\.4194304$/),
    ],
    [
      'fraction-domain.json',
      '{"variables": [{"name": "x", "domain": 2.5}]}',
      error(/^fraction-domain\.json:1: variable x: "domain" must be a positive integer$/),
    ],
    [
      'infinite.json',
      '{"variables": [{"name": "x", "domain": 1e999}]}',
      error(/^infinite\.json:1: variable x: "domain" must be a positive integer$/),
    ],
    [
      'empty-range.json',
      '{"variables": [{"name": "x", "range": [5, 1]}]}',
      error(/^empty-range\.json:1: variable x: "range" must be \[lo, hi\]/),
    ],
    [
      'unknown-type.json',
      '{"variables": [{"name": "x", "domain": 2}],\n"constraints": [\n{"type": "sum", "vars": ["x"]}]}',
      error(/^unknown-type\.json:3: unknown constraint type "sum"/),
    ],
    [
      'unknown-var.json',
      '{"variables": [{"name": "x", "domain": 2}], "constraints": [{"type": "neq", "vars": ["x", "y"]}]}',
      error(/^unknown-var\.json:1: unknown variable "y"$/),
    ],
    [
      'control-char.json',
      '{"variables": [{"name": "x\u0001", "domain": 2}]}',
      error(/^control-char\.json:1: JSON syntax: control character in a string$/),
    ],
    ['unterminated.json', '{"variables": [{"name": "x', error(/^unterminated\.json:1: JSON syntax: unterminated string$/)],
    [
      'neq-self.json',
      '{"variables": [{"name": "x", "domain": 3}], "constraints": [{"type": "neq", "vars": ["x", "x"]}]}',
      { kind: 'unsat' },
    ],
    // XCSP3
    [
      'deep-intension.xml',
      xcsp3('<var id="x"> 0 1 </var>', `<intension>${'not('.repeat(50_000)}x${')'.repeat(50_000)}</intension>`),
      error(/^deep-intension\.xml:6: intension nested deeper than 1000 operators$/),
    ],
    [
      'deep-xml.xml',
      `<instance>${'<block>'.repeat(10_000)}${'</block>'.repeat(10_000)}</instance>`,
      error(/^deep-xml\.xml:1: XML elements nested deeper than 100$/),
    ],
    [
      'div-zero.xml',
      xcsp3('<var id="x"> 0 1 2 </var>\n<var id="y"> 0 </var>', '<intension> eq(div(x,y),0) </intension>'),
      { kind: 'unsat' },
    ],
    ['mod-zero.xml', xcsp3('<var id="x"> 0 1 </var>\n<var id="y"> 0 </var>', '<intension> ne(mod(x,y),1) </intension>'), { kind: 'unsat' }],
    [
      'group-no-args.xml',
      xcsp3('<array id="x" size="[2]"> 0 1 </array>', '<group>\n<intension> ne(%0,%1) </intension>\n</group>'),
      error(/^group-no-args\.xml:6: <group> without <args>$/),
    ],
    [
      'huge-array.xml',
      xcsp3('<array id="x" size="[99999999999]"> 0 1 </array>', ''),
      error(/^huge-array\.xml:3: array x has 99999999999 elements; at least 1 and at most 4194304$/),
    ],
    [
      'huge-range.xml',
      xcsp3('<var id="x"> 0..99999999999 </var>', ''),
      // The bitmask engine's limit (in process), the CP engine's 32 bits (the CLI, which passes it what the bitmask engine refuses).
      error(/^huge-range\.xml:3: range 0\.\.99999999999 (has more than 1024 values|goes past -2147483646\.\.2147483646)$/),
    ],
    [
      'unknown-element.xml',
      xcsp3('<var id="x"> 0 1 </var>', '<stretch> x </stretch>'),
      error(/^unknown-element\.xml:6: unsupported XCSP3 element <stretch>$/),
    ],
    ['malformed.xml', '<instance><variables>\n<var id="x"> 0 1 </variables>', error(/^malformed\.xml:2: malformed XML: /)],
    [
      'bad-operator.xml',
      xcsp3('<var id="x"> 0 1 </var>', '<intension> foo(x,1) </intension>'),
      error(/^bad-operator\.xml:6: unsupported XCSP3 operator foo$/),
    ],
    // Sudoku
    ['short-line.txt', `${PUZZLE}\n${PUZZLE.slice(1)}\n`, error(/^short-line\.txt:2: sudoku line has 80 cells; expected 81, 256 or 625/)],
    ['prose.txt', 'This is not a puzzle.\n', error(/^prose\.txt:1: sudoku line has 17 cells/)],
    ['bad-cell.sdk', `${PUZZLE.slice(0, 80)}x\n`, error(/^bad-cell\.sdk:1: invalid cell 'x' at column 81 of a 9x9 sudoku$/)],
    [
      'short-grid.txt',
      PUZZLE.match(/.{9}/g)?.slice(0, 8).join('\n') ?? '',
      error(/^short-grid\.txt:1: sudoku grid has 8 rows of 9 cells; expected 9 rows$/),
    ],
    ['grid.txt', PUZZLE.match(/.{9}/g)?.join('\n') ?? '', { kind: 'sat' }],
    ['two-equal-givens.txt', `11${'.'.repeat(79)}\n`, { kind: 'unsat' }],
    // Any format
    ['unknown', 'hello\n', error(/^unknown: cannot tell the input format; use --format/)],
  ];
}

/** Every case: the targeted ones, then generated damage to each template, then format-free garbage. */
export function corpus(): Case[] {
  const rng = Rng.seeded(2026);
  const cases: Case[] = [];
  for (const [file, text, expected, colors] of targeted())
    cases.push({ file, bytes: typeof text === 'string' ? utf8(text) : text, colors, expected, cli: true });
  const junk = '<>{}[]()"\',:;.%*-0123456789 \n\tpecv&#xyzA\u00e9';
  for (const t of TEMPLATES) {
    const [stem, ext] = t.file.split('.') as [string, string];
    const add = (tag: string, bytes: Buffer, expected: Expected, cli = false) =>
      cases.push({ file: `${stem}-${tag}.${ext}`, bytes, colors: t.colors, expected, cli });
    add('as-is', utf8(t.text), { kind: t.status }, true);
    add('crlf', utf8(t.text.replace(/\n/g, '\r\n')), { kind: t.status });
    add('empty', Buffer.alloc(0), located(`${stem}-empty.${ext}`));
    add('blank', utf8(' \n\n\t\n'), located(`${stem}-blank.${ext}`));
    for (let k = 1; k <= 12; k++) add(`cut${k}`, utf8(t.text.slice(0, Math.floor((t.text.length * k) / 13))), either);
    for (let k = 0; k < 12; k++) {
      const chars = [...t.text];
      for (let m = rng.int(1, 4); m > 0; m--) chars[rng.int(0, chars.length - 1)] = junk[rng.int(0, junk.length - 1)] as string;
      add(`flip${k}`, utf8(chars.join('')), either);
    }
    for (let k = 0; k < 4; k++) {
      const lines = t.text.split('\n');
      const at = rng.int(0, lines.length - 1);
      if (k % 2 === 0) lines.splice(at, 1);
      else lines.splice(at, 0, lines[at] as string);
      add(`lines${k}`, utf8(lines.join('\n')), either);
    }
    add('utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.text, 'utf16le')]), located(`${stem}-utf16.${ext}`), true);
    add('latin1', Buffer.from(t.text.replace(/\n/, '\n\u00e9\u00e8\n'), 'latin1'), either);
    add('bom', utf8(`\ufeff${t.text}`), either);
    add('nul', utf8(t.text.replace(/\n/g, (m, i: number) => (i % 7 === 0 ? '\0' : m))), either);
    for (let k = 0; k < 4; k++)
      add(`garbage${k}`, Buffer.from(Array.from({ length: rng.int(1, 4000) }, () => rng.int(0, 255))), either, k === 0);
  }
  for (let k = 0; k < 10; k++)
    cases.push({
      file: `garbage${k}`,
      bytes: Buffer.from(Array.from({ length: rng.int(1, 2000) }, () => rng.int(0, 255))),
      expected: either,
      cli: k < 2,
    });
  return cases;
}
