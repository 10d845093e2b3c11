import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../../encoder/median.js';
import type { ProblemResult, SolveOptions } from '../../solver/api/solve.js';
import { solveInstance } from '../../solver/api/solve.js';
import { UserError } from '../../solver/api/user-error.js';
import { colouringInstance, type Graph, parseCol } from '../../solver/formats/dimacs-col.js';
import { parseSudokuLine, renderSudoku, sudokuProblem } from '../../solver/formats/sudoku.js';
import { parseXcsp3 } from '../../solver/formats/xcsp3.js';
import { popcount32 } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import type { ValueOrder } from '../../solver/search/branching.js';
import { search } from '../../solver/search/search.js';
import type { BenchOptions, BenchRow, BenchSection } from './report.js';

/**
 * Solver section: sudoku µs/puzzle and colouring with the known chromatic number, each against
 * MiniZinc + Gecode run in the same session when `minizinc` is installed, set up as
 * ../shared/benchmarks/README.md "Comparing fairly" says (Gecode's all_different_int :: domain;
 * dom_w_deg for colouring; Gecode's solveTime and the whole-process wall time both reported).
 */
export const solverSection: BenchSection = async (opts) => {
  const mzn = minizincAvailable();
  if (!mzn) opts.log('bench solver: minizinc with gecode not found; no baseline figures');
  const work = mkdtempSync(join(tmpdir(), 'softprop-bench-'));
  try {
    const rows: BenchRow[] = [];
    for (const suite of sudokuSuites(opts)) rows.push(...benchSudoku(suite, opts, mzn ? work : undefined));
    const csv = opts.suite && join(opts.suite, 'graph_coloring', 'chromatic_numbers.csv');
    if (csv && existsSync(csv)) rows.push(...benchColouring(csv, opts, mzn ? work : undefined));
    else opts.log('bench solver: no graph_coloring suite; colouring skipped');
    const xcsp = opts.suite && join(opts.suite, 'xcsp3', 'expected.csv');
    if (xcsp && existsSync(xcsp)) rows.push(benchXcsp3(xcsp, opts));
    return rows;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

interface SudokuSuite {
  name: string;
  puzzles: string[];
  /** Known solutions, line-aligned, when the suite has them. */
  solutions?: string[];
}

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function sudokuSuites(opts: BenchOptions): SudokuSuite[] {
  const dir = opts.suite && join(opts.suite, 'sudoku');
  if (dir && existsSync(dir)) {
    return [
      ['top95', 'norvig_top95'],
      ['top1465', 'magictour_top1465'],
    ].map(([name, file]) => {
      const puzzles = lines(join(dir, `${file}.txt`));
      const solutions = lines(join(dir, `${file}.solutions.txt`));
      const keep = opts.quick ? 200 : puzzles.length;
      return { name: name as string, puzzles: puzzles.slice(0, keep), solutions: solutions.slice(0, keep) };
    });
  }
  return [{ name: 'generated', puzzles: generateSudokus(opts.quick ? 100 : 500, opts.seed) }];
}

/** A value order that picks a uniformly random value (domains of at most 32 values, as in a 9×9 sudoku). */
function randomValues(rng: Rng): ValueOrder {
  return {
    pick(_v: number, dom: Uint32Array, at: number): number {
      let x = dom[at] as number;
      let r = rng.int(0, popcount32(x) - 1);
      for (; r > 0; r--) x &= x - 1;
      return 31 - Math.clz32(x & -x);
    },
  };
}

/** Random 9×9 puzzles: a full grid found by search with random value order, then 24–30 random givens kept. */
export function generateSudokus(count: number, seed: number): string[] {
  const rng = Rng.seeded(seed);
  const empty = new Int32Array(81).fill(-1);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = search(sudokuProblem(3, empty), { valueOrder: randomValues(rng), seed: rng.int(0, 1 << 30) });
    const grid = renderSudoku(r.solution as Int32Array).split('');
    const cells = rng.shuffle(Array.from({ length: 81 }, (_, k) => k));
    const givens = rng.int(24, 30);
    for (const k of cells.slice(givens)) grid[k] = '.';
    out.push(grid.join(''));
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

/** Minimum durations of the untimed and the timed passes over a suite (`--quick`: a tenth). */
const WARM_MS = 1000;
const TIMED_MS = 2000;

interface SudokuTiming {
  /** Search time of each puzzle solved in the timed passes, µs. */
  us: number[];
  /** Whole-run time per puzzle over the timed passes (parsing, search, checking), µs. */
  wallUs: number;
  /** Puzzles of the first pass whose solution matches the suite's (or is found, without one); when counting, that have exactly one. */
  correct: number;
}

/**
 * Solves the suite in passes, untimed ones for at least WARM_MS and then timed ones for at least
 * TIMED_MS (as tdoku's benchmark loops over its set), so the figures are those of JIT-compiled code
 * on a noisy machine, not of the first puzzles V8 saw (that left a 95-puzzle suite's figures
 * 1.5-2x high).
 */
function timeSudoku(suite: SudokuSuite, solve: SolveOptions, quick: boolean): SudokuTiming {
  let correct = 0;
  const pass = (record: (i: number, r: ProblemResult) => void) => {
    for (let i = 0; i < suite.puzzles.length; i++)
      record(i, solveInstance(parseSudokuLine(suite.puzzles[i] as string, suite.name, i + 1), solve));
  };
  pass((i, r) => {
    const sol = r.solutions[0];
    if (solve.count ? r.decided && r.count === 1 : sol && (suite.solutions ? renderSudoku(sol) === suite.solutions[i] : true)) correct++;
  });
  const scale = quick ? 0.1 : 1;
  for (const t0 = performance.now(); performance.now() - t0 < WARM_MS * scale; ) pass(() => {});
  const us: number[] = [];
  const t0 = performance.now();
  do pass((_, r) => us.push(r.stats.timeMs * 1000));
  while (performance.now() - t0 < TIMED_MS * scale);
  return { us, wallUs: ((performance.now() - t0) * 1000) / us.length, correct };
}

/**
 * tdoku's single-thread rates on these machines, from the suite's README (tdoku is not installed
 * here, so it cannot run beside us): puzzles/s per suite name, proving uniqueness.
 */
function tdokuRates(dir: string | undefined): Map<string, number> {
  const rates = new Map<string, number>();
  const readme = dir && join(dir, 'README.md');
  if (!readme || !existsSync(readme)) return rates;
  const m = /tdoku[^\n]*?norvig_top95 at ~([\d.]+)k puzzles\/s and magictour_top1465 at ~([\d.]+)k puzzles\/s \(proving uniqueness\)/.exec(
    readFileSync(readme, 'utf8'),
  );
  if (m) {
    rates.set('top95', Number(m[1]) * 1000);
    rates.set('top1465', Number(m[2]) * 1000);
  }
  return rates;
}

function benchSudoku(suite: SudokuSuite, opts: BenchOptions, mznDir: string | undefined): BenchRow[] {
  const name = `solver/sudoku ${suite.name}`;
  opts.log(`bench solver: sudoku ${suite.name}, ${suite.puzzles.length} puzzles`);
  const { us, wallUs, correct } = timeSudoku(suite, {}, opts.quick);
  const rows: BenchRow[] = [
    {
      suite: name,
      metric: 'puzzles solved correctly',
      value: correct,
      target: `= ${suite.puzzles.length}`,
      met: correct === suite.puzzles.length,
    },
  ];
  const gecode = mznDir ? sampleOf(suite.puzzles, opts.quick ? 20 : 100, opts.seed).flatMap((p) => minizincSudoku(p, mznDir) ?? []) : [];
  const vs = (baseline: number, what: string, ratio: number, note: string): Partial<BenchRow> =>
    gecode.length ? { baseline, baselineName: `minizinc+gecode ${what}, sample n=${gecode.length}`, ratio, note } : {};
  const gSolve = gecode.map((g) => g.solveUs);
  const gWall = gecode.map((g) => g.wallUs);
  const faster = `ratio = baseline / value (> 1: softprop faster); softprop timed over repeated passes after ${WARM_MS * (opts.quick ? 0.1 : 1)} ms of warm-up passes`;
  rows.push(
    {
      suite: name,
      metric: 'median µs/puzzle (search)',
      value: median(us),
      ...vs(median(gSolve), 'solveTime', median(gSolve) / median(us), faster),
    },
    { suite: name, metric: 'mean µs/puzzle (search)', value: mean(us), ...vs(mean(gSolve), 'solveTime', mean(gSolve) / mean(us), faster) },
    {
      suite: name,
      metric: 'puzzles/s (whole run)',
      value: 1e6 / wallUs,
      ...vs(
        1e6 / mean(gWall),
        'wall, one process per puzzle',
        mean(gWall) / wallUs,
        'ratio = value / baseline; MiniZinc wall includes start-up and flattening',
      ),
    },
  );
  // The generic engine on the same puzzles (what sudoku files get with --var-order, --encoder or --device).
  const generic = timeSudoku(suite, GENERIC, opts.quick);
  rows.push(
    {
      suite: name,
      metric: 'puzzles solved correctly, generic engine',
      value: generic.correct,
      target: `= ${suite.puzzles.length}`,
      met: generic.correct === suite.puzzles.length,
    },
    {
      suite: name,
      metric: 'mean µs/puzzle (search), generic engine',
      value: mean(generic.us),
      ...vs(mean(gSolve), 'solveTime', mean(gSolve) / mean(generic.us), faster),
    },
  );
  // The task tdoku's published rates measure: the solution and the proof that it is the only one
  // (only for suites of unique puzzles; generated ones may have many solutions).
  if (suite.solutions) rows.push(...benchUniqueness(suite, opts));
  return rows;
}

/** Solve options that send a sudoku to the generic engine instead of the grid search (its default variable order, asked for). */
const GENERIC: SolveOptions = { varOrder: 'domwdeg' };

/** Counting every solution of each puzzle of a suite of unique puzzles, against tdoku's published rate. */
function benchUniqueness(suite: SudokuSuite, opts: BenchOptions): BenchRow[] {
  const name = `solver/sudoku ${suite.name}`;
  const unique = timeSudoku(suite, { count: true }, opts.quick);
  const rate = 1e6 / mean(unique.us);
  const generic = timeSudoku(suite, { ...GENERIC, count: true }, opts.quick);
  const tdoku = tdokuRates(opts.suite).get(suite.name);
  return [
    {
      suite: name,
      metric: 'puzzles proved to have one solution',
      value: unique.correct,
      target: `= ${suite.puzzles.length}`,
      met: unique.correct === suite.puzzles.length,
    },
    { suite: name, metric: 'median µs/puzzle, proving uniqueness (search)', value: median(unique.us) },
    {
      suite: name,
      metric: 'puzzles/s, proving uniqueness (search)',
      value: rate,
      ...(tdoku
        ? {
            baseline: tdoku,
            baselineName: 'tdoku, single thread on these machines (shared/benchmarks/README.md; not run here)',
            ratio: tdoku / rate,
            target: '<= 10 (within 10x of tdoku)',
            met: tdoku / rate <= 10,
            note: 'ratio = baseline / value: how many times faster tdoku is (a published figure: tdoku is not installed here)',
          }
        : {}),
    },
    {
      suite: name,
      metric: 'puzzles/s, proving uniqueness (search), generic engine',
      value: 1e6 / mean(generic.us),
      target: `${suite.puzzles.length} proved unique`,
      met: generic.correct === suite.puzzles.length,
    },
  ];
}

function sampleOf<T>(xs: T[], n: number, seed: number): T[] {
  return Rng.seeded(seed)
    .shuffle([...xs])
    .slice(0, Math.min(n, xs.length));
}

function minizincAvailable(): boolean {
  const r = spawnSync('minizinc', ['--solvers'], { encoding: 'utf8' });
  return r.status === 0 && /gecode/i.test(r.stdout);
}

const SUDOKU_MZN = `predicate all_different_int(array[int] of var int: x);
int: b; int: n = b * b;
array[1..n, 1..n] of 0..n: g;
array[1..n, 1..n] of var 1..n: x;
constraint forall(i, j in 1..n where g[i, j] > 0)(x[i, j] = g[i, j]);
constraint forall(i in 1..n)(all_different_int([x[i, j] | j in 1..n]) :: domain);
constraint forall(j in 1..n)(all_different_int([x[i, j] | i in 1..n]) :: domain);
constraint forall(r, c in 0..b-1)(all_different_int([x[r*b + i, c*b + j] | i, j in 1..b]) :: domain);
solve satisfy;
`;

interface MznRun {
  solveUs: number;
  wallUs: number;
  solved: boolean;
}

function runMinizinc(dir: string, model: string, modelText: string, data: string, timeLimitMs: number): MznRun | undefined {
  const file = join(dir, model);
  if (!existsSync(file)) writeFileSync(file, modelText);
  const dzn = join(dir, `${model}.dzn`);
  writeFileSync(dzn, data);
  const t0 = performance.now();
  const r = spawnSync('minizinc', ['--solver', 'gecode', '--statistics', '--time-limit', String(timeLimitMs), file, dzn], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wallUs = (performance.now() - t0) * 1000;
  if (r.status !== 0) return undefined;
  const solve = /solveTime=([\d.e-]+)/.exec(r.stdout);
  return { solveUs: solve ? Number(solve[1]) * 1e6 : Number.NaN, wallUs, solved: r.stdout.includes('----------') };
}

function minizincSudoku(puzzle: string, dir: string): MznRun | undefined {
  const rows = Array.from({ length: 9 }, (_, i) => Array.from(puzzle.slice(i * 9, i * 9 + 9), (c) => (c === '.' ? '0' : c)).join(','));
  return runMinizinc(dir, 'sudoku.mzn', SUDOKU_MZN, `b = 3;\ng = [|${rows.join('|')}|];\n`, 60_000);
}

const COLOURING_MZN = `int: n; int: k; int: m;
array[1..m, 1..2] of int: e;
array[1..n] of var 1..k: c;
constraint forall(i in 1..m)(c[e[i, 1]] != c[e[i, 2]]);
solve :: int_search(c, dom_w_deg, indomain_min) satisfy;
`;

function minizincColouring(g: Graph, k: number, dir: string, limitMs: number): MznRun | undefined {
  const pairs: string[] = [];
  for (let i = 0; i < g.edges.length; i += 2) pairs.push(`${(g.edges[i] as number) + 1},${(g.edges[i + 1] as number) + 1}`);
  return runMinizinc(
    dir,
    'colouring.mzn',
    COLOURING_MZN,
    `n = ${g.vertices};\nk = ${k};\nm = ${pairs.length};\ne = [|${pairs.join('|')}|];\n`,
    limitMs,
  );
}

/** The named columns of a suite's CSV file (a header line, then plain comma-separated rows), row by row. */
function csvRows(csv: string, columns: string[]): string[][] {
  const [header, ...body] = lines(csv);
  const at = columns.map((c) => (header as string).split(',').indexOf(c));
  return body.map((line) => {
    const f = line.split(',');
    return at.map((i) => f[i] as string);
  });
}

function benchColouring(csv: string, opts: BenchOptions, mznDir: string | undefined): BenchRow[] {
  const limitMs = opts.quick ? 2000 : 20_000;
  const rows = csvRows(csv, ['instance', 'file', 'chi']);
  let ours = 0;
  let theirs = 0;
  let oursMs = 0;
  let theirsMs = 0;
  const dir = join(csv, '..');
  for (const [instance, file, chiText] of rows) {
    const chi = Number(chiText);
    const g = parseCol(readFileSync(join(dir, file as string), 'utf8'), file as string);
    const r = solveInstance(colouringInstance(g, chi), { timeoutMs: limitMs });
    oursMs += r.stats.timeMs;
    if (r.status === 'sat') ours++;
    let gecode = '';
    if (mznDir) {
      const m = minizincColouring(g, chi, mznDir, limitMs);
      theirsMs += (m?.wallUs ?? limitMs * 1000) / 1000;
      if (m?.solved) theirs++;
      gecode = ` gecode ${m?.solved ? 'sat' : 'no'} ${((m?.wallUs ?? 0) / 1000).toFixed(0)} ms`;
    }
    opts.log(`bench solver: ${instance} chi=${chi}: ${r.status} ${r.stats.timeMs.toFixed(0)} ms${gecode}`);
  }
  const name = `solver/colouring ${rows.length} DIMACS graphs`;
  const base = mznDir ? { baselineName: `minizinc+gecode dom_w_deg, ${limitMs / 1000} s` } : {};
  return [
    {
      suite: name,
      metric: `coloured with chi colours within ${limitMs / 1000} s`,
      value: ours,
      ...base,
      ...(mznDir ? { baseline: theirs, ratio: ours / Math.max(1, theirs), note: 'ratio = value / baseline' } : {}),
    },
    {
      suite: name,
      metric: 'total seconds',
      value: oursMs / 1000,
      ...base,
      ...(mznDir
        ? {
            baseline: theirsMs / 1000,
            ratio: theirsMs / Math.max(1e-9, oursMs),
            note: 'ratio = baseline / value; limits count in full; MiniZinc wall includes start-up',
          }
        : {}),
    },
  ];
}

/** XCSP3 instances inside the supported subset: solution counts against the suite's expected counts. */
function benchXcsp3(csv: string, opts: BenchOptions): BenchRow {
  const limitMs = opts.quick ? 2000 : 20_000;
  const rows = csvRows(csv, ['instance', 'expected_solutions']);
  let supported = 0;
  let matched = 0;
  let known = 0;
  for (const [file = '', countText] of rows) {
    let inst: ReturnType<typeof parseXcsp3>;
    try {
      inst = parseXcsp3(readFileSync(join(csv, '..', file), 'utf8'), file);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      continue;
    }
    supported++;
    const r = solveInstance(inst, { count: true, timeoutMs: limitMs });
    const expected = countText === '' ? undefined : Number(countText);
    if (expected !== undefined) known++;
    if (r.decided && r.count === expected) matched++;
    opts.log(`bench solver: ${file}: ${r.decided ? r.count : `>= ${r.count} (limit)`} solutions, expected ${expected ?? '?'}`);
  }
  return {
    suite: `solver/xcsp3 ${supported} of ${rows.length} instances in the subset`,
    metric: `solution counts equal to expected within ${limitMs / 1000} s`,
    value: matched,
    target: `= ${known}`,
    met: matched === known,
    note: 'instances outside the subset are rejected with file:line and not counted',
  };
}
