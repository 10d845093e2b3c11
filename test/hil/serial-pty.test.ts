import { afterEach, describe, expect, test } from 'vitest';
import type { HilReport } from '../../fpga/hil.js';
import { softprop } from '../support/cli.js';
import { type Served, servePty, stopAll } from '../support/pty-serve.js';

/**
 * End to end without a board: build/sp_pty_serve (make pty-serve, hdl/SPEC.md 7.7) serves the
 * Verilated FPGA top, UART bridge included, on a pseudo-terminal; `softprop hil --device
 * serial:<pty>` drives it through the same serialport driver a board gets and compares every word
 * with the TS reference. The harness runs its clock only while there is work, at 16 cycles per
 * bit: measured here about 3 kB/s, so a case takes about a second and the runs are short.
 */
// The harness's bytes flow at about 7 kB/s, slower than 115200 baud: the host's timeouts are set for 38400.
const BAUD = 38_400;

afterEach(stopAll);

function hil(served: Served, args: string[]): { code: number | null; report: HilReport; err: string } {
  const r = softprop(['hil', '--device', `serial:${served.path}@${BAUD}`, '--json', '--out', 'build/hil-serial-out', ...args]);
  expect(r.err).not.toMatch(/MISMATCH|\n\s+at /);
  return { code: r.code, report: JSON.parse(r.out || 'null') as HilReport, err: r.err };
}

/** The harness's injected counts: [dropped, corrupted, duplicated] summed over both directions. */
function injected(text: string): number[] {
  const sums = [0, 0, 0];
  for (const m of text.matchAll(/(\d+) dropped, (\d+) corrupted, (\d+) duplicated/g))
    for (let k = 0; k < 3; k++) sums[k] = (sums[k] as number) + Number(m[k + 1]);
  return sums;
}

describe('hil over the UART link on the pseudo-terminal harness', () => {
  test('the standard HIL corpus: 0 mismatches, every run on the cycle model', async () => {
    const served = await servePty([]);
    const t0 = Date.now();
    const { code, report } = hil(served, ['--problems', '24', '--seed', '11']);
    const seconds = (Date.now() - t0) / 1000;
    expect(report.problems).toBe(24);
    expect(report.mismatches).toEqual([]);
    expect(report.cycleModelDeviations).toBe(0);
    expect(code).toBe(0);
    expect(report.link?.requests).toBeGreaterThan(24 * 10);
    const stderr = await served.report;
    expect(injected(stderr)).toEqual([0, 0, 0]);
    console.log(`clean link: ${report.problems} cases in ${seconds.toFixed(1)} s, ${JSON.stringify(report.link)}`);
  });

  test('with bytes corrupted, dropped and duplicated both ways: retries counted, still 0 mismatches', async () => {
    const served = await servePty(['--corrupt-rate', '0.0005', '--drop-rate', '0.0003', '--dup-rate', '0.0003', '--seed', '5']);
    const t0 = Date.now();
    const { code, report } = hil(served, ['--problems', '12', '--seed', '12']);
    const seconds = (Date.now() - t0) / 1000;
    expect(report.mismatches).toEqual([]);
    expect(report.cycleModelDeviations).toBe(0);
    expect(code).toBe(0);
    const link = report.link;
    expect(link).toBeDefined();
    const [dropped, corrupted, duplicated] = injected(await served.report);
    expect(dropped).toBeGreaterThan(0);
    expect(corrupted).toBeGreaterThan(0);
    expect(duplicated).toBeGreaterThan(0);
    // Every failed attempt was retried, or its frame resent in smaller ones.
    expect(link?.retries).toBeGreaterThan(0);
    expect((link?.retries ?? 0) + (link?.frameShrinks ?? 0)).toBe(
      (link?.timeouts ?? 0) + (link?.badCrc ?? 0) + (link?.deviceCrcErrors ?? 0),
    );
    console.log(
      `faulty link: ${report.problems} cases in ${seconds.toFixed(1)} s; injected dropped ${dropped}, corrupted ${corrupted}, duplicated ${duplicated}; ${JSON.stringify(link)}`,
    );
  });

  test('hil FILE: a user problem on the link, both modes', async () => {
    const served = await servePty([]);
    const { code, report } = hil(served, ['cli/demo/petersen.col', '--colors', '3']);
    expect(report.problems).toBe(2);
    expect(report.byMode).toEqual({ hard: 1, fixed: 1 });
    expect(report.mismatches).toEqual([]);
    expect(code).toBe(0);
  });

  test('propagate --device serial prints what the TS reference prints, hard and fixed', async () => {
    for (const mode of ['hard', 'fixed']) {
      const served = await servePty([]);
      const args = ['propagate', '--mode', mode, '--json', 'cli/demo/sudoku-9x9.txt'];
      const got = softprop([...args, '--device', `serial:${served.path}@${BAUD}`]);
      const want = softprop(args);
      expect(got.err).toBe('');
      expect(want.err).toBe('');
      expect(JSON.parse(got.out).map((r: { cycles?: number }) => ({ ...r, cycles: undefined }))).toEqual(JSON.parse(want.out));
      expect(got.code).toBe(0);
    }
  });

  test('a device that never answers: one line naming the request and the attempts, exit 1', async () => {
    const served = await servePty(['--drop-rate', '1', '--seed', '1']);
    const r = softprop(['hil', '--device', `serial:${served.path}@115200`, '--problems', '1']);
    expect(r.err).toBe(`softprop: serial:${served.path}: no valid response to REG_READ 0x18 (seq 1) after 9 attempts (9 timeouts)\n`);
    expect(r.code).toBe(1);
  });
});
