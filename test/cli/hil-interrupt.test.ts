import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN } from '../support/cli.js';

describe('softprop hil interrupted', () => {
  it('SIGINT prints the summary of the cases run so far, then exits 130', async () => {
    const dir = fixtures({});
    const child = spawn('node', [MAIN, 'hil', '--problems', '100000', '--out', join(dir, 'hil-out')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The first progress line (after 500 cases) says the run is under way.
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        err += d;
        if (err.includes('hil: 500/100000 cases')) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const run = /^hil: (\d+) problems \(seed 1\), interrupted: .*\ncompared \d+ output words: 0 mismatches\n/.exec(out);
    expect(run, out).not.toBeNull();
    expect(Number(run?.[1])).toBeGreaterThanOrEqual(500);
    expect(Number(run?.[1])).toBeLessThan(100000);
    expect(readdirSync(dir)).toEqual([]);
  });
});
