import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_VARIABLES } from '../../solver/formats/instance.js';
import { MAX_DOMAIN_WORDS } from '../../solver/formats/model-builder.js';
import { fixtures, MAIN } from '../support/cli.js';

/** The JS heap a run may take, and the peak resident memory it must stay under (typed arrays included). */
const HEAP_MB = 1024;
const PEAK_KB = 1024 * 1024;

interface Run {
  code: number | null;
  out: string;
  err: string;
  peakKb: number;
  wallMs: number;
}

/** `softprop solve ARGS` with a capped heap, killed after `limitMs`; reports its peak memory and wall time. */
function solve(args: string[], limitMs: number): Promise<Run> {
  const t0 = performance.now();
  const child = spawn('node', [`--max-old-space-size=${HEAP_MB}`, '--import', './test/support/peak-rss.mjs', MAIN, 'solve', ...args]);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const e = Buffer.concat(err).toString();
      const peak = /peak-rss-kb (\d+)\n$/.exec(e);
      resolve({
        code,
        out: Buffer.concat(out).toString(),
        err: e,
        peakKb: peak ? Number(peak[1]) : Number.NaN,
        wallMs: performance.now() - t0,
      });
    });
  });
}

const N = 1_000_000;

/** Each input, and a check of its solution (the `--json` solution) that shares nothing with the solver. */
const inputs: { file: string; text: () => string; args?: string[]; holds: (solution: unknown) => boolean }[] = [
  {
    // One clause over 3 of a million variables.
    file: 'one-clause.cnf',
    text: () => `p cnf ${N} 1\n1 -2 3 0\n`,
    holds: (s) => Array.isArray(s) && s.length === N && (s[0] === 1 || s[1] === -2 || s[2] === 3),
  },
  {
    // One clause of a million literals.
    file: 'long-clause.cnf',
    text: () => `p cnf ${N} 1\n${Array.from({ length: N }, (_, i) => i + 1).join(' ')} 0\n`,
    holds: (s) => Array.isArray(s) && s.length === N && s.some((l, i) => l === i + 1),
  },
  {
    // A million vertices, four edges.
    file: 'sparse.col',
    text: () => `p edge ${N} 4\ne 1 2\ne 2 3\ne 3 1\ne ${N - 1} ${N}\n`,
    args: ['--colors', '3'],
    holds: (s) =>
      Array.isArray(s) &&
      s.length === N &&
      s.every((c) => c === 1 || c === 2 || c === 3) &&
      s[0] !== s[1] &&
      s[1] !== s[2] &&
      s[2] !== s[0] &&
      s[N - 2] !== s[N - 1],
  },
  {
    // 200,000 variables no constraint mentions.
    file: 'free.json',
    text: () => JSON.stringify({ variables: [{ name: 'x', domain: 10, size: 200_000 }], constraints: [] }),
    holds: (s) => {
      const values = Object.values(s as Record<string, number>);
      return values.length === 200_000 && values.every((a) => Number.isInteger(a) && a >= 0 && a < 10);
    },
  },
  {
    // A 4M-element array, three of them constrained (XCSP3 solutions cover the constrained ones).
    file: 'array.xml',
    text: () =>
      '<instance format="XCSP3" type="CSP">\n<variables>\n<array id="x" size="[4000000]"> 0..9 </array>\n</variables>\n' +
      '<constraints>\n<allDifferent> x[0] x[1] x[2] x[3999999] </allDifferent>\n</constraints>\n</instance>\n',
    holds: (s) => {
      const v = s as Record<string, number>;
      const values = ['x[0]', 'x[1]', 'x[2]', 'x[3999999]'].map((k) => v[k]);
      return Object.keys(v).length === 4 && new Set(values).size === 4 && values.every((a) => a !== undefined && a >= 0 && a < 10);
    },
  },
];

describe('trivial but huge inputs', () => {
  it('are each answered sat in seconds under 1 GB, with a solution that holds', async () => {
    const dir = fixtures({});
    for (const input of inputs) writeFileSync(join(dir, input.file), input.text());
    // Two at a time: the machine running the suite has two cores.
    const runs: Run[] = [];
    for (let k = 0; k < inputs.length; k += 2)
      runs.push(...(await Promise.all(inputs.slice(k, k + 2).map((i) => solve([join(dir, i.file), '--json', ...(i.args ?? [])], 60_000)))));
    console.log(
      inputs
        .map((input, k) => `${input.file} ${((runs[k]?.wallMs ?? 0) / 1000).toFixed(1)} s ${Math.round((runs[k]?.peakKb ?? 0) / 1024)} MB`)
        .join(', '),
    );
    inputs.forEach((input, k) => {
      const r = runs[k] as Run;
      const what = `${input.file}: exit ${r.code}, ${(r.wallMs / 1000).toFixed(1)} s, ${Math.round(r.peakKb / 1024)} MB, ${r.err.slice(0, 300)}`;
      // Exit 0: the solution also passed solve's own source check.
      expect(r.code, what).toBe(0);
      const result = JSON.parse(r.out) as { status: string; solution: unknown };
      expect(result.status, what).toBe('sat');
      expect(input.holds(result.solution), what).toBe(true);
      expect(r.peakKb, what).toBeLessThan(PEAK_KB);
    });
  }, 180_000);

  it('an input its representation cannot hold is refused at once, the message naming the limit', async () => {
    const dir = fixtures({
      // 300,000 variables of 1024 values: 32 words each.
      'wide.json': JSON.stringify({ variables: [{ name: 'x', range: [0, 1023], size: 300_000 }], constraints: [] }),
      'long.xml': `<instance format="XCSP3" type="CSP">\n<variables>\n<array id="x" size="[${MAX_VARIABLES + 1}]"> 0..9 </array>\n</variables>\n</instance>\n`,
    });
    const [wide, long] = await Promise.all(['wide.json', 'long.xml'].map((f) => solve([join(dir, f)], 30_000)));
    for (const [r, limit] of [
      [wide, MAX_DOMAIN_WORDS],
      [long, MAX_VARIABLES],
    ] as const) {
      expect(r?.code, r?.err).toBe(1);
      expect(r?.err).toMatch(new RegExp(`^softprop: [^\n]*: [^\n]*at most ${limit}\npeak-rss-kb \\d+\n$`));
      expect(r?.wallMs, r?.err).toBeLessThan(10_000);
    }
  }, 60_000);

  it('--timeout covers building: a model whose relations take seconds to tabulate answers unknown near the limit', async () => {
    // 800 relations between variables of 1001 values: about a million predicate calls each.
    const model = {
      variables: [{ name: 'x', range: [0, 1000], size: 801 }],
      constraints: Array.from({ length: 800 }, (_, i) => ({ type: 'relation', op: 'lt', vars: [`x[${i}]`, `x[${i + 1}]`] })),
    };
    const dir = fixtures({ 'slow.json': JSON.stringify(model) });
    const r = await solve([join(dir, 'slow.json'), '--json', '--timeout', '1'], 60_000);
    const what = `exit ${r.code}, ${(r.wallMs / 1000).toFixed(1)} s, ${r.err.slice(0, 300)}`;
    expect(r.code, what).toBe(3);
    const result = JSON.parse(r.out) as { status: string; decided: boolean };
    expect(result.status).toBe('unknown');
    expect(result.decided).toBe(false);
    // Node's start-up and reading the file come on top of the second the limit allows.
    expect(r.wallMs, what).toBeLessThan(3_500);
  }, 90_000);
});
