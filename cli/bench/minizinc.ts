import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../../encoder/median.js';
import { located } from '../../solver/api/user-error.js';
import { GECODE_ID, gecodeSolverFolder, removeSolverFolder } from '../../solver/cp/fzn/gecode-baseline.js';
import { fixingConstraints, type MznOutcome, runMiniZinc } from '../../solver/cp/fzn/minizinc-run.js';
import type { BenchRow, BenchSection } from './report.js';

/** The checkout (dist/cli/bench/ → the repository). */
const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

/** Per instance (the issue's target: softprop 20 s, against what Gecode solves in 60 s); --quick: 5 and 15 s. */
const LIMIT_S = 20;
const BASELINE_LIMIT_S = 60;
const QUICK_LIMIT_S = 5;
const QUICK_BASELINE_LIMIT_S = 15;

/** A suite folder's manifest: one instance a line, `MODEL [DATA ...]` relative to it, `#` comments. */
export const MANIFEST = 'instances.txt';

/** One MiniZinc instance: a model and its data files. */
export interface Instance {
  name: string;
  files: string[];
}

export interface InstanceRun extends Instance {
  optimise: 'min' | 'max' | null;
  softprop: MznOutcome & { ms: number };
  gecode: MznOutcome & { ms: number };
  /** Gecode on the instance with softprop's last solution's output variables fixed. */
  confirm?: MznOutcome;
  /** Why this run counts as a wrong answer, if it does. */
  wrong?: string;
}

/**
 * The instances of a suite folder: those its manifest (instances.txt) lists, named by the data
 * file (else the model) without extension; without a manifest, every NAME.mzn with NAME.dzn beside
 * it when there is one (the layout of test/minizinc/models).
 */
export function suiteInstances(dir: string): Instance[] {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest))
    return readdirSync(dir)
      .filter((n) => n.endsWith('.mzn'))
      .sort()
      .map((f) => {
        const data = join(dir, f.replace(/\.mzn$/, '.dzn'));
        return { name: f.replace(/\.mzn$/, ''), files: existsSync(data) ? [join(dir, f), data] : [join(dir, f)] };
      });
  const out: Instance[] = [];
  readFileSync(manifest, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const line = text.replace(/#.*/, '').trim();
      if (!line) return;
      const files = line.split(/\s+/).map((f) => resolve(dir, f));
      for (const f of files) if (!existsSync(f)) throw located(manifest, i + 1, `${relative(dir, f)} does not exist`);
      if (!(files[0] as string).endsWith('.mzn')) throw located(manifest, i + 1, 'the first file of an instance must be its model (.mzn)');
      const named = files.length > 1 ? (files[1] as string) : (files[0] as string);
      out.push({ name: join(relative(dir, dirname(named)), basename(named).replace(/\.[^.]*$/, '')), files });
    });
  return out;
}

/**
 * min, max or null (satisfaction), as MiniZinc reads the instance's solve item with softprop's
 * library (the default solver's may not flatten it: Debian's Gecode library cannot take globals.mzn).
 */
export function solveMethod(files: string[], env: Record<string, string>): 'min' | 'max' | null {
  try {
    const iface = JSON.parse(
      execFileSync('minizinc', ['--solver', 'softprop', '--model-interface-only', ...files], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    return iface.method === 'min' || iface.method === 'max' ? iface.method : null;
  } catch {
    // A model MiniZinc cannot read: both runs will report the error.
    return null;
  }
}

/**
 * MiniZinc section: every instance of a folder (`--suite DIR`'s minizinc/ folder, else DIR itself
 * when it holds a manifest or models, else the test suite test/minizinc/models) solved by
 * `minizinc --solver softprop` under --limit (20 s) and by Gecode under --baseline-limit (60 s), one
 * after the other in the same run. Per instance and in total: solved (satisfaction decided, or
 * optimisation with a solution), optimality proved, and wrong answers (softprop's last solution not
 * confirmed by Gecode with its output variables fixed, softprop's checker refusing a solution (exit
 * 2), a decided status or a proved optimum that Gecode contradicts); the target line: softprop
 * solves at least 90 % of the instances Gecode solves, and proves optimality on as many. Gecode is
 * the standard library's current Gecode library made to work with fzn-gecode 6.2
 * (solver/cp/fzn/gecode-baseline.ts).
 */
export const minizincSection: BenchSection = async (opts) => {
  const dir = suiteDir(opts.suite);
  const instances = suiteInstances(dir);
  const limitS = opts.limitS ?? (opts.quick ? QUICK_LIMIT_S : LIMIT_S);
  const baselineS = opts.baselineLimitS ?? (opts.quick ? QUICK_BASELINE_LIMIT_S : BASELINE_LIMIT_S);
  const gecodeRoot = gecodeSolverFolder();
  const work = mkdtempSync(join(tmpdir(), 'softprop-bench-mzn-'));
  const env = { MZN_SOLVER_PATH: `${join(ROOT, 'share/minizinc/solvers')}:${join(gecodeRoot, 'solvers')}` };
  const timed = async (solver: string, files: string[], s: number) => {
    const t0 = performance.now();
    const o = await runMiniZinc(solver, env, files, ['-s', '--time-limit', String(s * 1000)], s * 1000 + 10_000);
    return { ...o, ms: performance.now() - t0 };
  };
  const runs: InstanceRun[] = [];
  try {
    for (const inst of instances) {
      const run: InstanceRun = {
        ...inst,
        optimise: solveMethod(inst.files, env),
        softprop: await timed('softprop', inst.files, limitS),
        gecode: await timed(GECODE_ID, inst.files, baselineS),
      };
      const last = run.softprop.solutions.at(-1);
      if (last) {
        const fix = join(work, 'fixed.mzn');
        try {
          writeFileSync(fix, fixingConstraints(last));
          run.confirm = await timed(GECODE_ID, [...inst.files, fix], baselineS);
        } catch (e) {
          opts.log(`bench minizinc: ${inst.name}: softprop's solution not confirmed: ${(e as Error).message}`);
        }
      }
      const wrong = wrongAnswer(run);
      if (wrong) run.wrong = wrong;
      runs.push(run);
      opts.log(`bench minizinc: ${describeRun(run)}`);
    }
  } finally {
    removeSolverFolder(gecodeRoot);
    rmSync(work, { recursive: true, force: true });
  }
  return rows(runs, dir, limitS, baselineS);
};

/** The folder of instances --suite names (see minizincSection). */
function suiteDir(suite: string | undefined): string {
  if (suite && existsSync(join(suite, 'minizinc'))) return join(suite, 'minizinc');
  if (suite && (existsSync(join(suite, MANIFEST)) || readdirSync(suite).some((n) => n.endsWith('.mzn')))) return suite;
  return join(ROOT, 'test/minizinc/models');
}

function describe(o: MznOutcome & { ms: number }): string {
  return `${o.status}${o.objective === undefined ? '' : ` ${o.objective}`} in ${(o.ms / 1000).toFixed(2)} s`;
}

function describeRun(r: InstanceRun): string {
  const err = (o: MznOutcome) => (o.status === 'error' ? ` (${o.stderr.trim().split('\n').at(-1)?.slice(0, 200)})` : '');
  return `${r.name}: softprop ${describe(r.softprop)}${err(r.softprop)}, gecode ${describe(r.gecode)}${err(r.gecode)}${r.wrong ? `, WRONG: ${r.wrong}` : ''}`;
}

/** Solved: decided (complete or unsatisfiable) satisfaction, or optimisation with a solution. */
function solved(o: MznOutcome, optimise: boolean): boolean {
  return optimise ? o.solutions.length > 0 : o.status === 'complete' || o.status === 'satisfied' || o.status === 'unsatisfiable';
}

const proved = (o: MznOutcome) => o.status === 'complete' || o.status === 'unsatisfiable';

/** Why softprop's answer is wrong, if Gecode or its own checker says so. */
export function wrongAnswer(r: InstanceRun): string | undefined {
  const s = r.softprop;
  const g = r.gecode;
  if (s.code === 2) return `softprop's checker refused a solution: ${s.stderr.trim().split('\n').at(-1)}`;
  if (r.confirm && r.confirm.status === 'unsatisfiable') return "Gecode finds softprop's last solution infeasible";
  const better = (a: number, b: number) => (r.optimise === 'min' ? a < b : a > b);
  // With its output fixed, the solution's best completion must be at least as good as softprop's claim.
  const c = r.confirm;
  if (r.optimise && c?.status === 'complete' && c.objective !== undefined && s.objective !== undefined && better(s.objective, c.objective))
    return `softprop's last solution has objective ${c.objective} under Gecode, not ${s.objective}`;
  if (s.status === 'unsatisfiable' && g.solutions.length > 0) return 'softprop says unsatisfiable, Gecode found a solution';
  if (g.status === 'unsatisfiable' && s.solutions.length > 0) return 'softprop found a solution, Gecode proved unsatisfiable';
  if (r.optimise && s.status === 'complete' && s.objective !== undefined) {
    if (g.objectives.some((o) => better(o, s.objective as number)))
      return `softprop proved ${s.objective} optimal, Gecode found ${g.objective}`;
    if (g.status === 'complete' && g.objective !== s.objective)
      return `proved optima differ: softprop ${s.objective}, Gecode ${g.objective}`;
  }
  return undefined;
}

function rows(runs: InstanceRun[], dir: string, limitS: number, baselineS: number): BenchRow[] {
  const suite = `minizinc ${dir.endsWith('test/minizinc/models') ? 'test models' : dir} (${runs.length})`;
  const count = (f: (r: InstanceRun) => boolean) => runs.filter(f).length;
  const solvedS = count((r) => solved(r.softprop, r.optimise !== null));
  const solvedG = count((r) => solved(r.gecode, r.optimise !== null));
  const both = count((r) => solved(r.softprop, r.optimise !== null) && solved(r.gecode, r.optimise !== null));
  const optS = count((r) => r.optimise !== null && proved(r.softprop));
  const optG = count((r) => r.optimise !== null && proved(r.gecode));
  const wrong = runs.filter((r) => r.wrong).map((r) => r.name);
  const unconfirmed = runs.filter((r) => r.softprop.solutions.length > 0 && !r.confirm).map((r) => r.name);
  const medS = median(runs.map((r) => r.softprop.ms));
  const medG = median(runs.map((r) => r.gecode.ms));
  // The solvers' own solveTime, where both printed one: the search without start-up and flattening.
  const timed = runs.filter((r) => r.softprop.solveTime !== undefined && r.gecode.solveTime !== undefined);
  const solveS = timed.reduce((t, r) => t + (r.softprop.solveTime as number), 0);
  const solveG = timed.reduce((t, r) => t + (r.gecode.solveTime as number), 0);
  const baselineName = 'minizinc+gecode 6.2';
  const limits = `softprop ${limitS} s, Gecode ${baselineS} s per instance`;
  return [
    ...runs.map((r) => ({
      suite,
      metric: r.name,
      value: Number(solved(r.softprop, r.optimise !== null)),
      baseline: Number(solved(r.gecode, r.optimise !== null)),
      baselineName,
      note: `${r.optimise ?? 'sat'}: softprop ${describe(r.softprop)}, gecode ${describe(r.gecode)}${r.wrong ? `; WRONG: ${r.wrong}` : ''}`,
    })),
    {
      suite,
      metric: 'solved',
      value: solvedS,
      baseline: solvedG,
      baselineName,
      ratio: solvedG ? both / solvedG : undefined,
      target: '>= 0.9',
      met: solvedG === 0 || both / solvedG >= 0.9,
      note: `ratio: share of the instances Gecode solves that softprop solves too; ${limits}`,
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
      metric: 'wrong answers',
      value: wrong.length,
      target: '= 0',
      met: wrong.length === 0,
      note: `${wrong.length ? `${wrong.join(', ')}; ` : ''}softprop's last solution of each instance confirmed by Gecode with its output fixed${unconfirmed.length ? ` (not confirmable: ${unconfirmed.join(', ')})` : ''}`,
    },
    {
      suite,
      metric: 'median wall s/instance',
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
      note: `sum of each solver's own %%%mzn-stat solveTime over the ${timed.length} instances where both printed it (softprop's includes reading and posting the FlatZinc); lower is better`,
    },
  ];
}
