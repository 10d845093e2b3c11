import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../solver/api/atomic-file.js';
import { systemErrorText } from '../solver/api/system-error.js';
import { UserError } from '../solver/api/user-error.js';
import type { Constraint, Problem } from '../solver/model/problem.js';
import type { DeviceMode, DeviceRun } from './device.js';
import type { HilCase } from './hil-cases.js';

/**
 * A HIL mismatch as a self-contained JSON file (format "softprop-hil-reproducer/1"), replayable with
 * `softprop hil --replay FILE`. There is no JSON-model writer, so the problem is the Problem model
 * itself with typed arrays as plain arrays:
 *   problem: { domSize: [d…], init: [word…], constraints: [
 *     {kind:"table", x, y, rows:[word…]} | {kind:"neq", x, y} | {kind:"alldiff", vars:[…]} |
 *     {kind:"clause", vars:[…], sets:[word…]} ] }
 *   mode "hard" | "fixed", maxRounds, input: domains (hard, nVars·words words) or Q1.15 weights
 *   (fixed, nVars·maxDomain values); expected (TS reference) and got (Verilated core): run report
 *   and output state; firstDiff: first differing output index, or -1 when only the report differs.
 */
export const REPRODUCER_FORMAT = 'softprop-hil-reproducer/1';

export interface DeviceOutcome {
  run: DeviceRun;
  state: Uint32Array | Uint16Array;
}

export interface Reproducer {
  format: string;
  seed: number;
  caseIndex: number;
  family: string;
  mode: DeviceMode;
  maxRounds: number;
  problem: unknown;
  input: number[];
  expected: { run: DeviceRun; state: number[] };
  got: { run: DeviceRun; state: number[] };
  firstDiff: number;
}

function constraintJson(c: Constraint): unknown {
  switch (c.kind) {
    case 'table':
      return { kind: c.kind, x: c.x, y: c.y, rows: [...c.rows] };
    case 'neq':
      return { kind: c.kind, x: c.x, y: c.y };
    case 'alldiff':
      return { kind: c.kind, vars: [...c.vars] };
    case 'clause':
      return { kind: c.kind, vars: [...c.vars], sets: [...c.sets] };
  }
}

export function reproducerOf(
  seed: number,
  caseIndex: number,
  c: HilCase,
  expected: DeviceOutcome,
  got: DeviceOutcome,
  firstDiff: number,
): Reproducer {
  const p = c.problem;
  return {
    format: REPRODUCER_FORMAT,
    seed,
    caseIndex,
    family: c.family,
    mode: c.mode,
    maxRounds: c.maxRounds,
    problem: { domSize: [...p.domSize], init: [...p.init], constraints: p.constraints.map(constraintJson) },
    input: [...((c.mode === 'hard' ? c.domains : c.weights) ?? [])],
    expected: { run: expected.run, state: [...expected.state] },
    got: { run: got.run, state: [...got.state] },
    firstDiff,
  };
}

/** Writes `r` as `dir/name` atomically; returns the path. */
export function writeReproducer(dir: string, name: string, r: Reproducer): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError(`${dir}: cannot create the folder: ${systemErrorText(e)}`);
  }
  const path = join(dir, name);
  writeFileAtomicSync(path, `${JSON.stringify(r)}\n`);
  return path;
}

/** Reads a reproducer back into the case it describes. */
export function readReproducer(file: string): { reproducer: Reproducer; hilCase: HilCase } {
  let r: Reproducer;
  try {
    r = JSON.parse(readFileSync(file, 'utf8')) as Reproducer;
  } catch (e) {
    throw new UserError(`${file}: not a readable JSON reproducer (${(e as Error).message})`);
  }
  if (r.format !== REPRODUCER_FORMAT) throw new UserError(`${file}: format ${JSON.stringify(r.format)} is not ${REPRODUCER_FORMAT}`);
  const q = r.problem as { domSize: number[]; init: number[]; constraints: Record<string, unknown>[] };
  const problem: Problem = {
    domSize: Int32Array.from(q.domSize),
    init: Uint32Array.from(q.init),
    constraints: q.constraints.map((c): Constraint => {
      switch (c.kind) {
        case 'table':
          return { kind: 'table', x: c.x as number, y: c.y as number, rows: Uint32Array.from(c.rows as number[]) };
        case 'neq':
          return { kind: 'neq', x: c.x as number, y: c.y as number };
        case 'alldiff':
          return { kind: 'alldiff', vars: Int32Array.from(c.vars as number[]) };
        case 'clause':
          return { kind: 'clause', vars: Int32Array.from(c.vars as number[]), sets: Uint32Array.from(c.sets as number[]) };
        default:
          throw new UserError(`${file}: unknown constraint kind ${JSON.stringify(c.kind)}`);
      }
    }),
  };
  const base = { family: r.family, problem, mode: r.mode, maxRounds: r.maxRounds };
  const hilCase: HilCase =
    r.mode === 'hard' ? { ...base, domains: Uint32Array.from(r.input) } : { ...base, weights: Uint16Array.from(r.input) };
  return { reproducer: r, hilCase };
}
