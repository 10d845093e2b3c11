import { UserError } from '../solver/api/user-error.js';
import { ModelCheckError, type ModelResult, type ModelSolution, type ModelSolveOptions } from '../solver/cp/named-model.js';
import type { SolveFlags } from './solve.js';
import { type CommandIo, EXIT_INTERRUPTED } from './worker-command.js';

/**
 * `softprop solve` on a model the CP engine solves (an XCSP3 instance outside the bitmask engine's
 * subset or with an objective, a JSON model with an objective): each improving objective as an `o`
 * line when found, then the `s` status line, the last solution and statistics; `--all` streams the
 * solutions, `--json` prints objects as the other formats do, `--competition` prints exactly what
 * the XCSP3 competition reads (`c`, `o`, one `s`, `v` lines).
 */
export interface CpModel {
  /** The file name messages use. */
  name: string;
  /** Solves with the flags' limits, calling `onSolution` with each checked (improving) solution. */
  solve(options: ModelSolveOptions): ModelResult;
  /** A solution as text, without the status line (XCSP3: the `v <instantiation>` line). */
  render(s: ModelSolution): string;
}

/** The flags of the bitmask engine alone (its search plug-ins), refused on the CP engine. */
const BITMASK_ONLY = ['encoder', 'device', 'varOrder', 'colors', 'chromatic'] as const;
const FLAG_NAME: Record<(typeof BITMASK_ONLY)[number], string> = {
  encoder: '--encoder',
  device: '--device',
  varOrder: '--var-order',
  colors: '--colors',
  chromatic: '--chromatic',
};

/** Statuses of `solve --json` (as for every format). */
const JSON_STATUS = { SATISFIABLE: 'sat', 'OPTIMUM FOUND': 'sat', UNSATISFIABLE: 'unsat', UNKNOWN: 'unknown' } as const;

/**
 * Runs `model` on the CP engine and prints it; `why` says why the bitmask engine did not take it
 * (for the message refusing a flag only that engine has). Returns the exit code: 0 decided, 3 a
 * limit stopped the search, 2 a solution refused by the checker, EXIT_INTERRUPTED on a signal.
 */
export function runCpModel(model: CpModel, flags: SolveFlags, io: CommandIo, why: string): number {
  for (const f of BITMASK_ONLY)
    if (flags[f] !== undefined && flags[f] !== false)
      throw new UserError(`${why} (the CP engine takes it, but ${FLAG_NAME[f]} needs the bitmask engine)`);
  const all = flags.all === true;
  const enumerate = all || flags.count === true;
  let streamed = 0;
  const onSolution = (s: ModelSolution): void => {
    if (flags.json) {
      if (all) io.out(`${JSON.stringify({ name: model.name, solution: named(s), assignment: named(s), ...objective(s) })}\n`);
      return;
    }
    const head = streamed++ === 0 && !flags.competition ? `c ${model.name}\n` : '';
    const o = s.objective === undefined ? '' : `o ${s.objective}\n`;
    io.out(all ? `${head}${o}${model.render(s)}\n${SOLUTION_END}\n` : `${head}${o}`);
  };
  let r: ModelResult;
  try {
    r = model.solve({
      count: enumerate,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      nodeLimit: flags.nodes,
      seed: flags.seed,
      stop: {
        get stopped() {
          return io.interrupted();
        },
      },
      onSolution,
    });
  } catch (e) {
    if (!(e instanceof ModelCheckError)) throw e;
    io.err(`softprop: internal error: ${e.message}\n`);
    return 2;
  }
  if (flags.json)
    io.out(`${JSON.stringify(jsonResult(model, r, enumerate), (k, v) => (k === 'timeMs' ? Math.round(v * 1000) / 1000 : v))}\n`);
  else io.out(`${textResult(model, r, flags, streamed === 0).join('\n')}\n`);
  if (io.interrupted()) {
    io.err(`softprop: interrupted: ${model.name} reported ${r.status} after ${r.nodes} nodes in ${r.timeMs.toFixed(1)} ms\n`);
    return EXIT_INTERRUPTED;
  }
  return r.complete || (!enumerate && !r.optimisation && r.solutions > 0) ? 0 : 3;
}

/** Ends each solution of --all, as MiniZinc does (and `solve` for every format). */
const SOLUTION_END = '----------';

/** The lines after the search: status, solution, counts, statistics (`fresh`: nothing printed yet). */
function textResult(model: CpModel, r: ModelResult, flags: SolveFlags, fresh: boolean): string[] {
  const lines = fresh && !flags.competition ? [`c ${model.name}`] : [];
  lines.push(`s ${r.status}`);
  if (flags.competition) {
    if (r.last) lines.push(...competitionValues(model.render(r.last), r.last.objective));
  } else {
    if (r.last && !flags.all && !flags.count) lines.push(model.render(r.last));
    if (flags.all && r.complete) lines.push('==========');
    if (flags.all || flags.count) lines.push(`c solutions ${r.solutions}${r.complete ? '' : ' (at least; a limit stopped the search)'}`);
  }
  lines.push(`c nodes ${r.nodes} failures ${r.failures} time ${r.timeMs.toFixed(1)} ms`);
  return lines;
}

/**
 * The competition's `v` lines (XCSP3 competition rules: several `v` lines make one instantiation):
 * the solution's `<instantiation>`, typed as a solution with its cost for a COP.
 */
export function competitionValues(line: string, cost: number | undefined): string[] {
  const m = /^v <instantiation> (<list>.*<\/list>) (<values>.*<\/values>) <\/instantiation>$/.exec(line);
  if (!m) return [line];
  const type = cost === undefined ? 'type="solution"' : `type="solution" cost="${cost}"`;
  return [`v <instantiation ${type}>`, `v   ${m[1]}`, `v   ${m[2]}`, 'v </instantiation>'];
}

function named(s: ModelSolution): Record<string, number> {
  return Object.fromEntries(s.names.map((n, i) => [n, s.values[i] as number]));
}

function objective(s: ModelSolution): { objective?: number } {
  return s.objective === undefined ? {} : { objective: s.objective };
}

function jsonResult(model: CpModel, r: ModelResult, enumerate: boolean): Record<string, unknown> {
  const last = enumerate ? undefined : r.last;
  return {
    name: model.name,
    status: JSON_STATUS[r.status],
    decided: r.complete || (!enumerate && !r.optimisation && r.solutions > 0),
    solution: last ? named(last) : null,
    assignment: last ? named(last) : null,
    ...(enumerate ? { count: r.solutions } : {}),
    ...(r.optimisation && r.last ? { objective: r.last.objective, optimal: r.status === 'OPTIMUM FOUND' } : {}),
    stats: { nodes: r.nodes, failures: r.failures, solutions: r.solutions, timeMs: r.timeMs },
  };
}
