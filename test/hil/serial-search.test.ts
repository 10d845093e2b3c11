import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Device } from '../../fpga/device.js';
import { DeviceExternal } from '../../fpga/external.js';
import type { openDevice } from '../../fpga/open-device.js';
import { randomSudoku } from '../../fpga/puzzles.js';
import type { Problem } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { search } from '../../solver/search/search.js';
import { servePty, stopAll } from '../support/pty-serve.js';

/**
 * The per-node path of `solve --device` over the UART link: the search calls the device
 * synchronously at every node, and the serial device answers through its link process
 * (fpga/uart-link-process.ts) from the pseudo-terminal harness (build/sp_pty_serve). The device
 * module is loaded from dist/, where the link process's script is compiled.
 */
let device: Device;
beforeAll(async () => {
  const { path } = await servePty();
  const { openDevice: openBuilt } = (await import('../../dist/fpga/open-device.js' as string)) as { openDevice: typeof openDevice };
  device = openBuilt(`serial:${path}@38400`);
});
afterAll(() => {
  device?.close();
  stopAll();
});

function problems(): [string, Problem][] {
  const rng = Rng.seeded(77);
  const out: [string, Problem][] = [];
  for (let i = 0; i < 5; i++)
    out.push([`random #${i}`, randomProblem(rng, { vars: rng.int(3, 7), domain: rng.int(2, 5), density: 0.4, tightness: 0.35 })]);
  out.push(['4x4 sudoku', randomSudoku(rng, 2, 4)]);
  return out;
}

describe('search with the core behind the UART link as external propagator', () => {
  for (const [name, p] of problems())
    test(`${name}: same status, solution count and first solution as without offload`, () => {
      const opts = { all: true, maxSolutions: 20, seed: 1 };
      const plain = search(p, opts);
      const ext = new DeviceExternal(device, compileArcs(p));
      const offload = search(p, { ...opts, external: ext });
      expect(offload.status).toBe(plain.status);
      expect(offload.solutions).toBe(plain.solutions);
      expect(offload.solution ? [...offload.solution] : undefined).toEqual(plain.solution ? [...plain.solution] : undefined);
      if (plain.status === 'sat') expect(ext.calls).toBeGreaterThan(0);
    });
});
