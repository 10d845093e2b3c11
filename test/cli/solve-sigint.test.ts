import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN } from '../support/cli.js';

interface Interrupted {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `softprop solve ARGS` and sends SIGINT `afterMs` after the first output (or after the start when
 * `afterOutput` is false); fails if it has not ended 30 s later.
 */
function interrupt(args: string[], afterOutput: boolean, afterMs: number): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [MAIN, 'solve', ...args]);
    let out = '';
    let err = '';
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      setTimeout(() => child.kill('SIGINT'), afterMs);
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`solve did not end within 30 s of SIGINT; stdout so far: ${out.slice(-300)}`));
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

/** Pigeonhole 11 → 10 as CNF: unsatisfiable, and far beyond what clause propagation refutes in a test's time. */
function pigeonhole(): string {
  const n = 11;
  const m = 10;
  const v = (i: number, j: number) => i * m + j + 1;
  const clauses: number[][] = [];
  for (let i = 0; i < n; i++) clauses.push(Array.from({ length: m }, (_, j) => v(i, j)));
  for (let j = 0; j < m; j++) for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) clauses.push([-v(a, j), -v(b, j)]);
  return `p cnf ${n * m} ${clauses.length}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`;
}

/**
 * A SIGINT that arrives while Node is still starting (before solve installs its handler) ends the
 * process by the signal itself; on a loaded machine that can take seconds, so wait longer and retry.
 */
async function interruptOnceStarted(args: string[]): Promise<Interrupted> {
  for (let wait = 1000; ; wait *= 2) {
    const r = await interrupt(args, false, wait);
    if (r.signal !== 'SIGINT' || wait >= 16_000) return r;
  }
}

const SUMMARY =
  /^softprop: interrupted: 1 problem reported \((\d) sat, (\d) unsat, (\d) unknown\); the last, .+, after \d+ nodes in [\d.]+ ms\n$/;

describe('SIGINT ends solve with exit 130, the interrupted problem reported', () => {
  const dir = fixtures({ 'empty.txt': `${'.'.repeat(81)}\n`, 'php.cnf': pigeonhole() });

  it('--all: the solutions streamed so far, no ==========, a summary on stderr', async () => {
    const r = await interrupt([join(dir, 'empty.txt'), '--all'], true, 300);
    expect([r.code, r.signal], r.err).toEqual([130, null]);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length % 2).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    for (const [i, l] of lines.entries()) expect(l).toMatch(i % 2 === 0 ? /^[1-9]{81}$/ : /^----------$/);
    expect(r.err).toMatch(SUMMARY);
    expect(SUMMARY.exec(r.err)?.slice(1)).toEqual(['1', '0', '0']);
  });

  it('an undecided CNF: s UNKNOWN with its stats in text, status unknown with stats in JSON', async () => {
    const text = await interruptOnceStarted([join(dir, 'php.cnf')]);
    expect([text.code, text.signal], text.err).toEqual([130, null]);
    expect(text.out).toMatch(/^c .*php\.cnf\ns UNKNOWN\nc nodes \d+ failures \d+ time [\d.]+ ms\n$/);
    expect(SUMMARY.exec(text.err)?.slice(1)).toEqual(['0', '0', '1']);
    const json = await interruptOnceStarted([join(dir, 'php.cnf'), '--json']);
    expect([json.code, json.signal], json.err).toEqual([130, null]);
    const o = JSON.parse(json.out);
    expect(o).toMatchObject({ status: 'unknown', decided: false, solution: null });
    expect(o.stats.nodes).toBeGreaterThan(0);
    expect(json.err).toMatch(SUMMARY);
    expect(json.err).not.toMatch(/\n\s+at /);
  });
});
