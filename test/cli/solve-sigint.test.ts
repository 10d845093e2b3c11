import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../support/cli.js';
import { signalAfter, signalOnceStarted } from '../support/signal.js';

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

const SUMMARY =
  /^softprop: interrupted: 1 problem reported \((\d) sat, (\d) unsat, (\d) unknown\); the last, .+, after \d+ nodes in [\d.]+ ms\n$/;

describe('SIGINT ends solve with exit 130, the interrupted problem reported', () => {
  const dir = fixtures({ 'empty.txt': `${'.'.repeat(81)}\n`, 'php.cnf': pigeonhole() });

  it('--all: the solutions streamed so far, no ==========, a summary on stderr', async () => {
    const r = await signalAfter(['solve', join(dir, 'empty.txt'), '--all'], 'SIGINT', true, 300);
    expect([r.code, r.signal], r.err).toEqual([130, null]);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.length % 2).toBe(0);
    expect(lines.length).toBeGreaterThan(0);
    for (const [i, l] of lines.entries()) expect(l).toMatch(i % 2 === 0 ? /^[1-9]{81}$/ : /^----------$/);
    expect(r.err).toMatch(SUMMARY);
    expect(SUMMARY.exec(r.err)?.slice(1)).toEqual(['1', '0', '0']);
  });

  it('an undecided CNF: s UNKNOWN with its stats in text, status unknown with stats in JSON', async () => {
    const text = await signalOnceStarted(['solve', join(dir, 'php.cnf')], 'SIGINT');
    expect([text.code, text.signal], text.err).toEqual([130, null]);
    expect(text.out).toMatch(/^c .*php\.cnf\ns UNKNOWN\nc nodes \d+ failures \d+ time [\d.]+ ms\n$/);
    expect(SUMMARY.exec(text.err)?.slice(1)).toEqual(['0', '0', '1']);
    const searched = (r: { out: string }) => /"nodes":\s*[1-9]/.test(r.out);
    const json = await signalOnceStarted(['solve', join(dir, 'php.cnf'), '--json'], 'SIGINT', searched);
    expect([json.code, json.signal], json.err).toEqual([130, null]);
    const o = JSON.parse(json.out);
    expect(o).toMatchObject({ status: 'unknown', decided: false, solution: null });
    expect(o.stats.nodes).toBeGreaterThan(0);
    expect(json.err).toMatch(SUMMARY);
    expect(json.err).not.toMatch(/\n\s+at /);
  });
});
