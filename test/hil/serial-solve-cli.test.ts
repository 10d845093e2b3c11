import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { coreClock } from '../../fpga/core-clock.js';
import { type CliRun, fixtures, softprop } from '../support/cli.js';
import { type Served, servePty, stopAll, stopped } from '../support/pty-serve.js';

/**
 * `softprop solve --device serial:<pty>` end to end: the search calls the core behind the UART link
 * (build/sp_pty_serve, make pty-serve) at every node. Checked against the same solve without a
 * device (status, solutions, search counts) and against --device verilator (calls, rounds and the
 * core's cycle counter read over the link must equal the simulated core's; their time at the
 * bitstream's fmax); `train --device serial`
 * against --device ts.
 */
afterEach(stopAll);

let last: Served | undefined;

/** Starts the harness and resolves with its pseudo-terminal as a device name (it exits when the host closes it). */
async function servedDevice(): Promise<string> {
  last = await servePty();
  return `serial:${last.path}@38400`;
}

interface JsonResult {
  status: string;
  solution: unknown;
  count?: number;
  stats: { nodes: number; failures: number; solutions: number; externalCalls?: number; timeMs: number };
  device?: { calls: number; rounds: number; cycles: number; cycleTimeMs?: number; clockMHz?: number };
}

function results(r: CliRun): JsonResult[] {
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(0);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as JsonResult);
}

/** What a device must not change: the answer and the search's counts. */
function answer(r: JsonResult): unknown {
  const { nodes, failures, solutions } = r.stats;
  return { status: r.status, solution: r.solution, count: r.count, nodes, failures, solutions };
}

describe('solve --device serial:<pty>', () => {
  for (const args of [['cli/demo/queens-6.xml', '--count'], ['cli/demo/pigeonhole-4-3.cnf']])
    test(`${args.join(' ')}: the answer of a plain solve, device work equal to the simulated core's`, async () => {
      const plain = results(softprop(['solve', ...args, '--json']));
      const device = await servedDevice();
      const run = softprop(['solve', ...args, '--json', '--device', device]);
      const serial = results(run);
      const sim = results(softprop(['solve', ...args, '--json', '--device', 'verilator']));
      expect(serial.map(answer)).toEqual(plain.map(answer));
      for (const [i, r] of serial.entries()) {
        expect(r.device?.calls).toBeGreaterThan(0);
        expect(r.device?.calls).toBe(r.stats.externalCalls);
        expect(r.device?.cycles).toBeGreaterThan(0);
        expect(r.device).toEqual(sim[i]?.device);
      }
      const d = serial[0]?.device;
      const { mhz, source } = coreClock();
      expect(d?.clockMHz).toBe(mhz);
      expect(d?.cycleTimeMs).toBeCloseTo((d?.cycles ?? 0) / (mhz * 1e3), 3);
      expect(run.err).toBe(
        `device ${device}: calls ${d?.calls} rounds ${d?.rounds} cycles ${d?.cycles} time ${d?.cycleTimeMs?.toFixed(3)} ms at ${mhz.toFixed(2)} MHz (${source})\n`,
      );
    });

  test('text output: the lines of a plain solve, plus the device line', async () => {
    const args = ['solve', 'cli/demo/petersen.col', '--colors', '3'];
    const lines = (r: CliRun): string[] => r.out.trim().split('\n');
    const plain = softprop(args);
    const run = softprop([...args, '--device', await servedDevice()]);
    expect(run.code).toBe(0);
    const got = lines(run);
    const device = got.pop() as string;
    expect(device).toMatch(/^c device calls [1-9]\d* rounds [1-9]\d* cycles [1-9]\d* time \d+\.\d{3} ms at \d+\.\d\d MHz$/);
    // The search is the same; only its time differs.
    const untimed = (l: string[]): string[] => l.map((s) => s.replace(/ time [\d.]+ ms$/, ''));
    expect(untimed(got)).toEqual(untimed(lines(plain)));
  });

  test('train --loss unsupervised --device serial: the run of --device ts, with the hard propagation on the link', async () => {
    const args = [
      'train',
      '--data',
      'cli/demo/latin-10.jsonl',
      '--loss',
      'unsupervised',
      '--epochs',
      '1',
      '--hidden',
      '8',
      '--rounds',
      '2',
    ];
    const run = (device: string, out: string): Record<string, unknown> => {
      const r = softprop([...args, '--json', '--force', '--out', join(dir, out), '--device', device]);
      expect(r.err).not.toMatch(/\n\s+at /);
      expect(r.code).toBe(0);
      const { out: _, instancesPerSec: __, ...summary } = JSON.parse(r.out) as Record<string, unknown>;
      return summary;
    };
    const dir = fixtures({});
    const serial = run(await servedDevice(), 'serial');
    expect(await stopped(last as Served)).toMatch(/host to device: [1-9]\d* bytes, 0 dropped/);
    expect(serial).toEqual(run('ts', 'ts'));
  });
});
