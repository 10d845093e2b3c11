import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { coreClock } from '../../fpga/core-clock.js';
import { UserError } from '../../solver/api/user-error.js';
import { fixtures } from '../support/cli.js';

/** A package root whose build/bitstream-report.json holds `text` (none when undefined). */
function root(text?: string): string {
  const dir = fixtures({});
  if (text !== undefined) {
    mkdirSync(join(dir, 'build'));
    writeFileSync(join(dir, 'build', 'bitstream-report.json'), text);
  }
  return dir;
}

describe('coreClock: the rate device cycles are timed at', () => {
  test('the slowest achieved fmax of the bitstream report', () => {
    const report = { fmax: { a: { achievedMHz: 21.5, constraintMHz: 12 }, b: { achievedMHz: 19.25, constraintMHz: 12 } } };
    expect(coreClock(root(JSON.stringify(report)))).toEqual({ mhz: 19.25, source: 'fmax of build/bitstream-report.json' });
  });

  test("without a report, the boards' 12 MHz oscillator, said so", () => {
    expect(coreClock(root())).toEqual({
      mhz: 12,
      source: "the boards' 12 MHz oscillator (hdl/SPEC.md 7.6; no build/bitstream-report.json)",
    });
  });

  test('a report without a usable fmax is a UserError naming the file', () => {
    for (const text of ['{', '{}', '{"fmax":{}}', '{"fmax":{"clk":{"achievedMHz":0}}}', '{"fmax":{"clk":{}}}']) {
      const dir = root(text);
      expect(() => coreClock(dir), text).toThrow(UserError);
      expect(() => coreClock(dir), text).toThrow(join(dir, 'build', 'bitstream-report.json'));
    }
  });
});
