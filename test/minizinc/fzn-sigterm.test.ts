import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN } from '../support/cli.js';

interface Terminated {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `softprop fzn -s FILE` and sends SIGTERM (what MiniZinc sends at --time-limit) `afterMs`
 * after its first output, or after the start when `afterOutput` is false; fails if it has not
 * ended 30 s later.
 */
function terminate(file: string, afterOutput: boolean, afterMs: number): Promise<Terminated> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [MAIN, 'fzn', '-s', file]);
    let out = '';
    let err = '';
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      setTimeout(() => child.kill('SIGTERM'), afterMs);
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`fzn did not end within 30 s of SIGTERM; stdout so far: ${out.slice(-300)}`));
      }, afterMs + 30_000).unref();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (afterOutput) send();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    if (!afterOutput) send();
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

/** A SIGTERM that arrives while Node is still starting ends it by the signal itself: wait longer and retry. */
async function terminateOnceStarted(file: string): Promise<Terminated> {
  for (let wait = 1000; ; wait *= 2) {
    const r = await terminate(file, false, wait);
    if (r.signal !== 'SIGTERM' || wait >= 16_000) return r;
  }
}

/**
 * n pigeons in h holes, pairwise int_ne only (no all_different to refute it at once), searched in
 * input order: with n > h a refutation takes minutes. `minimize` adds m ≥ every pigeon's hole and
 * minimises m over 1..n: the first solution (m = n) comes at once, the proof that m = n − 1 is
 * impossible is the same long refutation.
 */
function pigeons(n: number, h: number, minimize: boolean): string {
  const x = Array.from({ length: n }, (_, i) => `x${i}`);
  const lines = x.map((v) => `var 1..${h}: ${v} :: output_var;`);
  if (minimize) lines.push(`var 1..${h}: m :: output_var;`);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) lines.push(`constraint int_ne(x${i}, x${j});`);
  if (minimize) for (const v of x) lines.push(`constraint int_le(${v}, m);`);
  const vars = minimize ? [...x, 'm'] : x;
  lines.push(`solve :: int_search([${vars.join(', ')}], input_order, indomain_min, complete) ${minimize ? 'minimize m' : 'satisfy'};`);
  return `${lines.join('\n')}\n`;
}

/** The `-s` statistics block that ends the output, with the values it must hold. */
function statistics(out: string): Record<string, string> {
  const block = /((?:%%%mzn-stat: \w+=\S+\n)+)%%%mzn-stat-end\n$/.exec(out);
  expect(block, `statistics at the end of: ${out.slice(-400)}`).not.toBeNull();
  return Object.fromEntries(
    (block?.[1] ?? '')
      .trimEnd()
      .split('\n')
      .map((l) => l.slice('%%%mzn-stat: '.length).split('=') as [string, string]),
  );
}

describe('SIGTERM stops softprop fzn, which still prints its status and statistics (MiniZinc --time-limit)', () => {
  const dir = fixtures({ 'php.fzn': pigeons(12, 11, false), 'php-min.fzn': pigeons(12, 12, true) }, 'softprop-sigterm-');

  it('satisfaction, no solution yet: =====UNKNOWN===== and the statistics, exit 143', { timeout: 120_000 }, async () => {
    const r = await terminateOnceStarted(join(dir, 'php.fzn'));
    expect([r.code, r.signal], r.err).toEqual([143, null]);
    expect(r.err).toBe('');
    expect(r.out.startsWith('=====UNKNOWN=====\n'), r.out).toBe(true);
    const s = statistics(r.out);
    expect(s.solutions).toBe('0');
    // The signal may come while the constraints are posted, before any node.
    expect(s.nodes).toMatch(/^\d+$/);
    expect(s.solveTime).toMatch(/^\d+\.\d{3}$/);
  });

  it('optimisation: the best solution, no ==========, its objective in the statistics, exit 143', { timeout: 120_000 }, async () => {
    const r = await terminate(join(dir, 'php-min.fzn'), true, 500);
    expect([r.code, r.signal], r.err).toEqual([143, null]);
    expect(r.err).toBe('');
    const solution = `${Array.from({ length: 12 }, (_, i) => `x${i} = ${i + 1};`).join('\n')}\nm = 12;\n----------\n`;
    expect(r.out.startsWith(solution), r.out).toBe(true);
    expect(r.out).not.toContain('==========');
    expect(r.out).not.toContain('UNKNOWN');
    const s = statistics(r.out.slice(solution.length));
    expect(s.solutions).toBe('1');
    expect(s.objective).toBe('12');
  });
});
