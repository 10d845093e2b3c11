import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../support/cli.js';
import { signalAfter, signalOnceStarted } from '../support/signal.js';

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
    const r = await signalOnceStarted(['fzn', '-s', join(dir, 'php.fzn')], 'SIGTERM');
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
    const r = await signalAfter(['fzn', '-s', join(dir, 'php-min.fzn')], 'SIGTERM', true, 500);
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
