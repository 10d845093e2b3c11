import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ONE } from '../../solver/rounds/fixed-point.js';

// The RTL checks are make targets (hdl/hdl.mk); this file runs them and reads what they wrote.
// make rebuilds only what changed, so the logs always belong to the current sources.
const root = join(import.meta.dirname, '..', '..');
const build = join(root, 'build', 'hdl');
let makeOutput = '';

beforeAll(() => {
  makeOutput = execFileSync('make', ['--no-print-directory', 'hdl-lint', 'hdl-tb', 'hdl-sweep'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 900_000,
  });
}, 900_000);

describe('hdl: lint, test benches, exhaustive unit sweep', () => {
  test('verilator --lint-only -Wall is clean for every module and test bench', () => {
    // make stops at the first module with a warning; a clean run leaves its stamp.
    expect(readdirSync(build)).toContain('lint.stamp');
    expect(makeOutput).not.toMatch(/%Warning|%Error/);
  });

  test('every test bench under hdl/tb ran and passed', () => {
    const benches = readdirSync(join(root, 'hdl', 'tb')).filter((f) => /^tb_.*\.v$/.test(f));
    expect(benches.length).toBeGreaterThanOrEqual(7);
    // hdl-lint also lints each bench (verilator -Wall --timing); its stamp is checked above.
    for (const tb of benches) {
      const log = readFileSync(join(build, tb.replace(/\.v$/, '.log')), 'utf8');
      expect(log, tb).toMatch(new RegExp(`^PASS ${tb.replace(/\.v$/, '')}$`, 'm'));
      expect(log, tb).not.toMatch(/^FAIL/m);
    }
  });

  test('the lane product and OR match the spec for every pair a, b in [0, ONE]', () => {
    const log = readFileSync(join(build, 'sweep.log'), 'utf8');
    const pairs = (ONE + 1) ** 2;
    expect(log).toMatch(new RegExp(`^PASS mul ${pairs} pairs`, 'm'));
    expect(log).toMatch(new RegExp(`^PASS or ${pairs} pairs`, 'm'));
    expect(log).not.toMatch(/^FAIL/m);
  });

  test('the RTL takes ONE only from the generated header', () => {
    for (const f of readdirSync(join(root, 'hdl', 'rtl')).filter((f) => f.endsWith('.v')))
      expect(readFileSync(join(root, 'hdl', 'rtl', f), 'utf8')).not.toMatch(/32768|16'h8000/);
  });
});
