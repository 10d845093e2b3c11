import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { UserError } from '../../solver/api/user-error.js';
import { MAIN } from '../support/cli.js';
import { type Case, corpus, type Expected } from './corpus.js';

/** Longest a case may take, in process and through the CLI (a hang past it fails the case). */
const CASE_MS = 5000;
const LIMITS = { nodes: 20_000, timeoutMs: 2000 };

type Outcome = 'sat' | 'unsat' | 'unknown' | 'error';

/** Solves a case in process as `softprop solve` would (text decoded as UTF-8, as readInput does); the outcome or the error's message. */
function runInProcess(c: Case): { outcome: Outcome; message?: string } {
  try {
    const statuses = [...solveText(c.bytes.toString('utf8'), c.file, { colors: c.colors, ...LIMITS })].map((r) => r.status);
    const outcome = statuses.includes('unknown') ? 'unknown' : statuses.includes('sat') ? 'sat' : 'unsat';
    return { outcome: statuses.length === 0 ? 'unknown' : outcome };
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`${c.file}: not a UserError: ${(e as Error).stack}`);
    return { outcome: 'error', message: e.message };
  }
}

/** Soft expectations: a run reports every case that misses its outcome, not only the first. */
function expectOutcome(c: Case, outcome: Outcome, message: string | undefined, e: Expected): void {
  const what = `${c.file}: ${outcome} ${message ?? ''}`;
  if (e.kind === 'error') {
    expect.soft(outcome, what).toBe('error');
    expect.soft(message, what).toMatch(e.message);
  } else if (e.kind !== 'either') expect.soft(outcome, what).toBe(e.kind);
  if (outcome === 'error') {
    expect.soft(message?.includes('\n'), what).toBe(false);
    expect.soft(message?.startsWith(`${c.file}`) || message?.startsWith('--colors'), what).toBe(true);
  }
}

describe('bad-input corpus', () => {
  const cases = corpus();

  it('has a few hundred cases of every format and kind', () => {
    expect(cases.length).toBeGreaterThan(250);
    for (const ext of ['txt', 'col', 'cnf', 'json', 'xml'])
      expect(cases.filter((c) => c.file.endsWith(`.${ext}`)).length).toBeGreaterThan(20);
  });

  it('every case, in process: its expected outcome, a one-line located error or an answer, never a crash or a hang', () => {
    const tally: Record<string, number> = {};
    let slowest = 0;
    for (const c of cases) {
      const t0 = performance.now();
      const { outcome, message } = runInProcess(c);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      expect(ms, `${c.file} took ${ms} ms`).toBeLessThan(CASE_MS);
      expectOutcome(c, outcome, message, c.expected);
      const key = `${c.expected.kind === 'either' ? 'damaged' : 'targeted'} -> ${outcome}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    const summary = Object.entries(tally)
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    console.log(`bad-input corpus: ${cases.length} cases (${summary}); slowest ${slowest.toFixed(0)} ms`);
  });

  it('the CLI cases: exit 1 with one `softprop: file:line: problem` line and no stack, or an answer and exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'softprop-corpus-'));
    const cli = cases.filter((c) => c.cli);
    expect(cli.length).toBeGreaterThan(70);
    for (const c of cli) {
      const path = join(dir, c.file);
      writeFileSync(path, c.bytes);
      const args = ['solve', path, '--nodes', String(LIMITS.nodes), ...(c.colors === undefined ? [] : ['--colors', String(c.colors)])];
      const r = spawnSync('node', [MAIN, ...args], { encoding: 'utf8', timeout: CASE_MS * 2 });
      const what = `${c.file}: exit ${r.status} ${r.signal ?? ''}\n${r.stderr}`;
      expect(r.signal, what).toBe(null);
      expect(r.stderr, what).not.toMatch(/\n\s+at /);
      if (r.status === 1) {
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines.length, what).toBe(1);
        expect(lines[0], what).toMatch(/^softprop: /);
        expectOutcome(c, 'error', (lines[0] as string).slice('softprop: '.length).replace(`${dir}/`, ''), c.expected);
      } else {
        // 0: every problem decided; 3: a limit stopped one (possible for damaged inputs).
        expect([0, 3], what).toContain(r.status);
        expect(r.stdout, what).not.toBe('');
        const outcome = r.status === 3 ? 'unknown' : /^s UNSATISFIABLE$|^unsat$/m.test(r.stdout) ? 'unsat' : 'sat';
        expectOutcome(c, outcome, undefined, c.expected);
      }
    }
  });
});
