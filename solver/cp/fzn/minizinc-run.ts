import { spawn } from 'node:child_process';

/** What `minizinc --output-mode json --output-objective` printed, read back. */
export interface MznOutcome {
  /** 'complete' is `==========` (all solutions listed or optimality proved). */
  status: 'satisfied' | 'complete' | 'unsatisfiable' | 'unknown' | 'error';
  /** Each solution's JSON object, `_objective` removed, in order. */
  solutions: Record<string, unknown>[];
  /** `_objective` of each solution (optimisation). */
  objectives: number[];
  /** `_objective` of the last solution. */
  objective?: number;
  /** The solver's own `%%%mzn-stat: solveTime=` in seconds (with -s), if it printed one. */
  solveTime?: number;
  stderr: string;
  code: number | null;
}

/**
 * Runs `minizinc --solver ID FLAGS files` with `env` added (MZN_SOLVER_PATH, …). After `timeoutMs`
 * the whole process group is killed (minizinc and the solver it started), and the outcome is what
 * was printed by then.
 */
export function runMiniZinc(
  solver: string,
  env: Record<string, string>,
  files: string[],
  flags: string[],
  timeoutMs: number,
): Promise<MznOutcome> {
  const args = ['--solver', solver, '--output-mode', 'json', '--output-objective', ...flags, ...files];
  return new Promise((resolve) => {
    const child = spawn('minizinc', args, { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ...parseOutput(Buffer.concat(out).toString('utf8')), stderr: Buffer.concat(err).toString('utf8'), code });
    });
  });
}

/** The solutions and final status of minizinc's JSON-mode output. */
export function parseOutput(text: string): Omit<MznOutcome, 'stderr' | 'code'> {
  const solutions: Record<string, unknown>[] = [];
  const objectives: number[] = [];
  let solveTime: number | undefined;
  let status: MznOutcome['status'] = 'error';
  let chunk: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '----------') {
      const sol = JSON.parse(chunk.join('\n') || '{}') as Record<string, unknown>;
      if (typeof sol._objective === 'number') objectives.push(sol._objective);
      delete sol._objective;
      solutions.push(sol);
      chunk = [];
      status = 'satisfied';
    } else if (line === '==========') status = 'complete';
    else if (line === '=====UNSATISFIABLE=====') status = 'unsatisfiable';
    else if (line === '=====UNKNOWN=====') status = 'unknown';
    else if (line.startsWith('=====')) status = 'error';
    else if (line.startsWith('%%%mzn-stat: solveTime=')) solveTime = Number(line.slice(line.indexOf('=') + 1));
    else if (!line.startsWith('%')) chunk.push(line);
  }
  const objective = objectives.at(-1);
  return {
    status,
    solutions,
    objectives,
    ...(objective === undefined ? {} : { objective }),
    ...(solveTime === undefined ? {} : { solveTime }),
  };
}

/**
 * MiniZinc constraints fixing every output variable of `solution` (a JSON-mode solution), so that
 * another solver can confirm it: `x = 3`, `s = 1..3 union {5}`, `array1d(a) = [...]` (nested arrays flattened).
 */
export function fixingConstraints(solution: Record<string, unknown>): string {
  const lit = (v: unknown): string => {
    if (typeof v === 'boolean' || typeof v === 'number') return String(v);
    // A set is {"set": [...]} of values and [lo, hi] ranges.
    const set = (v as { set?: unknown } | null)?.set;
    if (!Array.isArray(set)) return '';
    const parts = set.map((e) => (Array.isArray(e) ? `${e[0]}..${e[1]}` : `{${e}}`));
    return parts.length ? parts.join(' union ') : '{}';
  };
  const lines: string[] = [];
  for (const [name, value] of Object.entries(solution)) {
    if (Array.isArray(value)) lines.push(`constraint array1d(${name}) = [${(value.flat(8) as unknown[]).map(lit).join(', ')}];`);
    else if (lit(value) !== '') lines.push(`constraint ${name} = ${lit(value)};`);
    else throw new Error(`cannot fix ${name} = ${JSON.stringify(value)}`);
  }
  return lines.join('\n');
}
