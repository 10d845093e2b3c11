import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECODE_ID, gecodeSolverFolder, removeSolverFolder } from '../../solver/cp/fzn/gecode-baseline.js';
import { fixingConstraints, type MznOutcome, runMiniZinc } from '../../solver/cp/fzn/minizinc-run.js';

/**
 * The MiniZinc suite (test/minizinc/models): every model solved by `minizinc --solver softprop`
 * (share/minizinc/solvers through MZN_SOLVER_PATH) and by Gecode in the same run. Satisfaction
 * models list every solution (-a) and the two lists must hold the same distinct solutions; optimisation models
 * must end with the same proved optimum, each softprop solution improving on the one before, and
 * softprop's optimal solution is confirmed by Gecode with its output variables fixed. softprop also
 * re-checks each solution itself against the FlatZinc before printing it (a failed check exits 2,
 * which fails here).
 */

const MODELS = 'test/minizinc/models';
const SOFTPROP_SOLVERS = resolve('share/minizinc/solvers');
/** Per run: far above what any model of the suite needs (they take well under a second each). */
const LIMIT_MS = 60_000;
/** The whole suite runs in beforeAll; a model's test waits for its turn in the queue. */
const WAIT_MS = 600_000;

interface Model {
  name: string;
  files: string[];
  optimise: 'minimize' | 'maximize' | null;
}

const models: Model[] = readdirSync(MODELS)
  .filter((f) => f.endsWith('.mzn'))
  .sort()
  .map((f) => {
    const path = resolve(MODELS, f);
    const data = path.replace(/\.mzn$/, '.dzn');
    const sense = /\bsolve\b[^;]*\b(minimize|maximize)\b/.exec(readFileSync(path, 'utf8'))?.[1];
    return {
      name: f.replace(/\.mzn$/, ''),
      files: existsSync(data) ? [path, data] : [path],
      optimise: (sense as 'minimize' | 'maximize' | undefined) ?? null,
    };
  });

interface Runs {
  softprop: MznOutcome;
  gecode: MznOutcome;
  /** Gecode on the model with softprop's last solution fixed (optimisation). */
  confirm?: MznOutcome;
}

/**
 * This run's own build of the CLI: the shared dist/ is rebuilt by every test run of the team, and a
 * solver started while tsc rewrites it fails to load. Type errors elsewhere do not stop tsc emitting.
 */
function privateBuild(): string {
  const out = resolve('node_modules/.cache/softprop-minizinc-test', String(process.pid));
  spawnSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json', '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], {
    stdio: 'ignore',
  });
  const main = join(out, 'cli/main.js');
  if (!existsSync(main)) throw new Error(`tsc did not build ${main}`);
  return main;
}

let gecodeRoot = '';
let work = '';
const results = new Map<string, Promise<Runs>>();

/** Runs `tasks` at most `width` at a time (the machine has two cores). */
function limited(width: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= width) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

beforeAll(() => {
  gecodeRoot = gecodeSolverFolder();
  work = mkdtempSync(join(tmpdir(), 'softprop-mzn-'));
  const env = { MZN_SOLVER_PATH: `${SOFTPROP_SOLVERS}:${join(gecodeRoot, 'solvers')}`, SOFTPROP_CLI: privateBuild() };
  const slot = limited(2);
  const run = (solver: string, files: string[], flags: string[]) => slot(() => runMiniZinc(solver, env, files, flags, LIMIT_MS));
  for (const m of models) {
    // MiniZinc drops a solution printed twice unless --non-unique: the test must see every one.
    const flags = m.optimise ? [] : ['-a', '--non-unique'];
    results.set(
      m.name,
      (async () => {
        const [softprop, gecode] = await Promise.all([run('softprop', m.files, flags), run(GECODE_ID, m.files, flags)]);
        const last = softprop.solutions.at(-1);
        if (!m.optimise || !last) return { softprop, gecode };
        const fix = join(work, `${m.name}-fixed.mzn`);
        writeFileSync(fix, fixingConstraints(last));
        return { softprop, gecode, confirm: await run(GECODE_ID, [...m.files, fix], []) };
      })(),
    );
  }
});

afterAll(() => {
  removeSolverFolder(gecodeRoot);
  rmSync(work, { recursive: true, force: true });
  rmSync(resolve('node_modules/.cache/softprop-minizinc-test', String(process.pid)), { recursive: true, force: true });
});

describe('MiniZinc models: softprop against Gecode', () => {
  it('has at least 50 models, satisfaction and optimisation', () => {
    expect(models.length).toBeGreaterThanOrEqual(50);
    expect(models.filter((m) => m.optimise).length).toBeGreaterThanOrEqual(15);
  });

  for (const m of models)
    it(m.name, { timeout: WAIT_MS }, async () => {
      const { softprop, gecode, confirm } = (await results.get(m.name)) as Runs;
      const said = `softprop stderr: ${softprop.stderr.trim().slice(0, 500)}`;
      expect(gecode.status, `gecode: ${gecode.stderr.trim().slice(0, 500)}`).not.toBe('error');
      expect(gecode.status, 'gecode finished').not.toBe('unknown');
      expect(softprop.code, said).toBe(0);
      if (gecode.status === 'unsatisfiable') {
        expect(softprop.status, said).toBe('unsatisfiable');
        return;
      }
      expect(softprop.status, said).toBe('complete');
      if (!m.optimise) {
        const set = (o: MznOutcome) => [...new Set(o.solutions.map((s) => JSON.stringify(s)))].sort();
        expect(set(softprop)).toEqual(set(gecode));
        // -a lists distinct solutions (MiniZinc's rule), as many as Gecode's.
        expect(softprop.solutions.length, 'softprop solutions listed').toBe(set(softprop).length);
        expect(softprop.solutions.length, 'softprop solutions listed').toBe(gecode.solutions.length);
        return;
      }
      expect(softprop.objective).toBe(gecode.objective);
      // Branch and bound: every solution printed improves on the one before.
      const o = softprop.objectives;
      expect(o.length).toBe(softprop.solutions.length);
      for (let i = 1; i < o.length; i++)
        expect(m.optimise === 'minimize' ? (o[i] as number) < (o[i - 1] as number) : (o[i] as number) > (o[i - 1] as number)).toBe(true);
      expect(confirm?.status, `Gecode on softprop's solution: ${confirm?.stderr.trim().slice(0, 300)}`).toBe('complete');
      expect(confirm?.objective).toBe(gecode.objective);
    });
});
