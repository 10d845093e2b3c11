import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GECODE_ID, gecodeSolverFolder, removeSolverFolder } from '../../solver/cp/fzn/gecode-baseline.js';
import { type MznOutcome, runMiniZinc } from '../../solver/cp/fzn/minizinc-run.js';
import type { BenchRow, BenchSection } from './report.js';

/** The checkout (dist/cli/bench/ → the repository). */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** Per model and solver (the issue's target: 20 s); --quick: 5 s. */
const LIMIT_MS = 20_000;
const QUICK_LIMIT_MS = 5_000;

interface ModelRun {
  name: string;
  optimise: boolean;
  softprop: MznOutcome & { ms: number };
  gecode: MznOutcome & { ms: number };
}

/**
 * MiniZinc section: every model of a folder (`--suite DIR`'s minizinc/ folder, else the test suite
 * test/minizinc/models) solved by `minizinc --solver softprop` and by Gecode in the same run, one
 * after the other, each under the same time limit: models solved (satisfaction decided, or
 * optimisation with a solution), optimality proved, answers that disagree (a decided status or a
 * proved optimum that differs), the ratio of the median wall time per model (flattening included
 * for both) and that of the solvers' own solveTime. Gecode is the standard library's current Gecode
 * library made to work with fzn-gecode 6.2 (solver/cp/fzn/gecode-baseline.ts).
 */
export const minizincSection: BenchSection = async (opts) => {
  const dir = opts.suite && existsSync(join(opts.suite, 'minizinc')) ? join(opts.suite, 'minizinc') : join(ROOT, 'test/minizinc/models');
  const limit = opts.quick ? QUICK_LIMIT_MS : LIMIT_MS;
  const gecodeRoot = gecodeSolverFolder();
  const env = { MZN_SOLVER_PATH: `${join(ROOT, 'share/minizinc/solvers')}:${join(gecodeRoot, 'solvers')}` };
  const runs: ModelRun[] = [];
  try {
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.mzn'))
      .sort()) {
      const path = join(dir, f);
      const data = path.replace(/\.mzn$/, '.dzn');
      const files = existsSync(data) ? [path, data] : [path];
      const optimise = /\bsolve\b[^;]*\b(minimize|maximize)\b/.test(readFileSync(path, 'utf8'));
      const timed = async (solver: string) => {
        const t0 = performance.now();
        const o = await runMiniZinc(solver, env, files, ['-s', '--time-limit', String(limit)], limit + 10_000);
        return { ...o, ms: performance.now() - t0 };
      };
      const run = { name: f.replace(/\.mzn$/, ''), optimise, softprop: await timed('softprop'), gecode: await timed(GECODE_ID) };
      runs.push(run);
      opts.log(`bench minizinc: ${run.name}: softprop ${describe(run.softprop)}, gecode ${describe(run.gecode)}`);
    }
  } finally {
    removeSolverFolder(gecodeRoot);
  }
  return rows(runs, dir, limit);
};

function describe(o: MznOutcome & { ms: number }): string {
  return `${o.status}${o.objective === undefined ? '' : ` ${o.objective}`} in ${(o.ms / 1000).toFixed(2)} s`;
}

/** Solved: decided (complete or unsatisfiable) satisfaction, or optimisation with a solution. */
function solved(o: MznOutcome, optimise: boolean): boolean {
  return optimise ? o.solutions.length > 0 : o.status === 'complete' || o.status === 'satisfied' || o.status === 'unsatisfiable';
}

/** Both decided and their answers differ: satisfiability, or the proved optimum. */
function disagree(r: ModelRun): boolean {
  const s = r.softprop;
  const g = r.gecode;
  const decided = (o: MznOutcome) => o.status === 'unsatisfiable' || (o.solutions.length > 0 && (!r.optimise || o.status === 'complete'));
  if (!decided(s) || !decided(g)) return false;
  if ((s.status === 'unsatisfiable') !== (g.status === 'unsatisfiable')) return true;
  return r.optimise && s.status === 'complete' && g.status === 'complete' && s.objective !== g.objective;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function rows(runs: ModelRun[], dir: string, limit: number): BenchRow[] {
  const suite = `minizinc ${dir.endsWith('test/minizinc/models') ? 'test models' : dir} (${runs.length})`;
  const count = (f: (r: ModelRun) => boolean) => runs.filter(f).length;
  const solvedS = count((r) => solved(r.softprop, r.optimise));
  const solvedG = count((r) => solved(r.gecode, r.optimise));
  const both = count((r) => solved(r.softprop, r.optimise) && solved(r.gecode, r.optimise));
  const proved = (o: MznOutcome) => o.status === 'complete';
  const optS = count((r) => r.optimise && proved(r.softprop));
  const optG = count((r) => r.optimise && proved(r.gecode));
  const wrong = runs.filter(disagree).map((r) => r.name);
  const medS = median(runs.map((r) => r.softprop.ms));
  const medG = median(runs.map((r) => r.gecode.ms));
  // The solvers' own solveTime, where both printed one: the search without start-up and flattening.
  const timed = runs.filter((r) => r.softprop.solveTime !== undefined && r.gecode.solveTime !== undefined);
  const solveS = timed.reduce((t, r) => t + (r.softprop.solveTime as number), 0);
  const solveG = timed.reduce((t, r) => t + (r.gecode.solveTime as number), 0);
  const baselineName = 'minizinc+gecode 6.2';
  return [
    {
      suite,
      metric: 'solved',
      value: solvedS,
      baseline: solvedG,
      baselineName,
      ratio: solvedG ? both / solvedG : undefined,
      target: '>= 0.9',
      met: solvedG === 0 || both / solvedG >= 0.9,
      note: `ratio: share of the models Gecode solves that softprop solves too; limit ${limit / 1000} s each`,
    },
    {
      suite,
      metric: 'optimality proved',
      value: optS,
      baseline: optG,
      baselineName,
      ratio: optG ? optS / optG : undefined,
      target: '>= 1',
      met: optS >= optG,
    },
    {
      suite,
      metric: 'answers disagreeing',
      value: wrong.length,
      target: '= 0',
      met: wrong.length === 0,
      note: wrong.length ? wrong.join(', ') : undefined,
    },
    {
      suite,
      metric: 'median wall s/model',
      value: medS / 1000,
      baseline: medG / 1000,
      baselineName,
      ratio: medS / medG,
      note: 'flattening and process start-up included for both; lower is better',
    },
    {
      suite,
      metric: 'total solveTime s',
      value: solveS,
      baseline: solveG,
      baselineName,
      ratio: solveG > 0 ? solveS / solveG : undefined,
      note: `sum of each solver's own %%%mzn-stat solveTime over the ${timed.length} models where both printed it (softprop's includes reading and posting the FlatZinc); lower is better`,
    },
  ];
}
