import { afterEach, describe, expect, test } from 'vitest';
import { CTRL_START, Reg } from '../../fpga/layout.js';
import { encodeResponse, LinkStatus } from '../../fpga/uart-frame.js';
import { LinkError, UartLink, type UartLinkOptions } from '../../fpga/uart-link.js';
import { Rng } from '../../solver/model/rng.js';
import { FakeDevice, type Faults, memoryWire } from './uart-fake.js';

// Short timeouts keep the fault runs fast: the in-memory wire answers within a few event-loop turns.
const FAST: UartLinkOptions = { baud: 1_000_000, slackMs: 15, gapMs: 10 };

let stopping: FakeDevice[] = [];
afterEach(async () => {
  await Promise.all(stopping.map((d) => d.stop()));
  stopping = [];
});

function setup(seed: number, toDevice: Faults = {}, toHost: Faults = {}, opts: UartLinkOptions = FAST) {
  const wire = memoryWire(seed, toDevice, toHost);
  const device = new FakeDevice(wire.device);
  stopping.push(device);
  return { wire, device, link: new UartLink(wire.host, opts) };
}

/**
 * A random session of register and memory accesses against a shadow model of the window: every
 * read must equal what the model says, and each CTRL START must run exactly once.
 */
async function session(link: UartLink, device: FakeDevice, seed: number, ops: number, maxLen: number) {
  const rng = Rng.seeded(seed);
  const mem = new Map<number, Uint32Array>();
  const shadow = (r: number) => {
    let m = mem.get(r);
    if (!m) {
      m = new Uint32Array(device.regionWords);
      mem.set(r, m);
    }
    return m;
  };
  let starts = 0;
  const wrong: string[] = [];
  await link.regRead(Reg.id);
  for (let k = 0; k < ops; k++) {
    const r = rng.int(0, 3);
    const f = rng.float();
    if (f < 0.25) {
      const words = Uint32Array.from({ length: rng.int(1, k % 17 === 0 ? maxLen : 40) }, () => rng.int(0, 0xffffffff));
      const offset = rng.int(0, device.regionWords - words.length);
      await link.memWrite(r, offset, words);
      shadow(r).set(words, offset);
    } else if (f < 0.5) {
      const count = rng.int(1, k % 13 === 0 ? maxLen : 40);
      const offset = rng.int(0, device.regionWords - count);
      const got = await link.memRead(r, offset, new Uint32Array(count));
      const want = shadow(r).subarray(offset, offset + count);
      if (got.some((v, i) => v !== want[i])) wrong.push(`op ${k}: memRead(${r}, ${offset}, ${count})`);
    } else if (f < 0.65) {
      await link.regWrite(Reg.ctrl, CTRL_START);
      starts++;
      // The fake's ROUNDS counts START executions: a START executed twice shows here at once.
      const rounds = await link.regRead(Reg.rounds);
      if (rounds !== starts) wrong.push(`op ${k}: ${rounds} STARTs executed, ${starts} sent`);
    } else {
      const value = rng.int(0, 0xffffffff);
      await link.regWrite(Reg.unitAb, value);
      const got = await link.regRead(Reg.unitAb);
      if (got !== value) wrong.push(`op ${k}: register 0x10 read 0x${got.toString(16)}, wrote 0x${value.toString(16)}`);
    }
  }
  return { wrong, starts };
}

describe('UART link against the protocol model', () => {
  test('a clean wire: every access right, no retry', async () => {
    const { link, device } = setup(1, {}, {}, { baud: 1_000_000, slackMs: 500 });
    // Transfers over 1024 words take several frames.
    const { wrong, starts } = await session(link, device, 2, 150, 2500);
    expect(wrong).toEqual([]);
    expect(device.starts).toBe(starts);
    expect(link.stats.retries).toBe(0);
    expect(link.stats.requests).toBeGreaterThan(200);
  });

  test('corrupted, dropped and duplicated bytes both ways: each kind detected, every request recovered, nothing wrong accepted', async () => {
    // About one byte in 900 goes wrong: a 64-word frame (270 bytes) gets through three times in four.
    const faults = { corrupt: 0.0005, drop: 0.0003, dup: 0.0003 };
    const { link, device, wire } = setup(3, faults, faults, { ...FAST, retries: 20 });
    const { wrong, starts } = await session(link, device, 4, 1000, 64);
    expect(wrong).toEqual([]);
    expect(device.starts).toBe(starts);
    const s = link.stats;
    // Every fault kind happened on both directions, and each detection path fired.
    for (const c of [wire.host.counts, wire.device.counts]) {
      expect(c.corrupted).toBeGreaterThan(5);
      expect(c.dropped).toBeGreaterThan(3);
      expect(c.duplicated).toBeGreaterThan(3);
    }
    expect(s.badCrc).toBeGreaterThan(0);
    expect(s.deviceCrcErrors).toBeGreaterThan(0);
    expect(s.timeouts).toBeGreaterThan(0);
    // Every failed attempt was retried (none gave up: the session finished).
    expect(s.retries + s.frameShrinks).toBe(s.badCrc + s.deviceCrcErrors + s.timeouts);
    console.log(
      `link under faults: ${JSON.stringify(s)}; to device ${JSON.stringify(wire.host.counts)}, to host ${JSON.stringify(wire.device.counts)}`,
    );
  }, 60_000);

  test('long transfers on a noisy line: frames that fail twice are split, and every word arrives right', async () => {
    // At one byte in 300 wrong, a 1024-word frame (4 kB) almost never gets through whole.
    const faults = { corrupt: 0.002, drop: 0.0007, dup: 0.0007 };
    const { link, device } = setup(10, faults, faults, { ...FAST, retries: 20 });
    await link.regRead(Reg.id);
    const rng = Rng.seeded(11);
    const words = Uint32Array.from({ length: 3000 }, () => rng.int(0, 0xffffffff));
    await link.memWrite(6, 500, words);
    expect(device.region(6).subarray(500, 3500)).toEqual(words);
    device.region(7).set(words, 3);
    expect(await link.memRead(7, 3, new Uint32Array(3000))).toEqual(words);
    expect(link.stats.frameShrinks).toBeGreaterThan(2);
    expect(link.stats.retries + link.stats.frameShrinks).toBe(link.stats.badCrc + link.stats.deviceCrcErrors + link.stats.timeouts);
  });

  test('frame sizes halved from an odd length grow back to at most 1024 words', async () => {
    // A line on which frames over 3810 bytes never get through: 951 words (3813 bytes) fail, 475 and 950 pass.
    const { link, device, wire } = setup(12);
    const write = wire.host.write.bind(wire.host);
    wire.host.write = async (bytes) => (bytes.length > 3810 ? undefined : write(bytes));
    await link.regRead(Reg.id);
    const words = Uint32Array.from({ length: 9000 }, (_, i) => i * 2654435761);
    await link.memWrite(3, 0, words.subarray(0, 950));
    await link.memWrite(3, 950, words.subarray(950));
    expect(device.region(3).subarray(0, 9000)).toEqual(words);
    expect(link.stats.frameShrinks).toBeGreaterThan(1);
  });

  test('a lost answer to a START: the retry carries the same SEQ and the device does not start twice', async () => {
    const { link, device, wire } = setup(5);
    await link.regRead(Reg.id);
    // Every answer is lost for a while: the START is retried until one gets through.
    wire.device.faults = { drop: 1 };
    const pending = link.regWrite(Reg.ctrl, CTRL_START);
    await new Promise((r) => setTimeout(r, 60));
    wire.device.faults = {};
    await pending;
    expect(link.stats.retries).toBeGreaterThan(0);
    expect(device.starts).toBe(1);
    expect(await link.regRead(Reg.rounds)).toBe(1);
  });

  test('after the retry limit: a LinkError saying why, and no value', async () => {
    const { link } = setup(6, {}, { drop: 1 }, { ...FAST, retries: 3 });
    await expect(link.regRead(Reg.id)).rejects.toThrow(
      new LinkError('UART link: no valid response to REG_READ 0x0 (seq 1) after 4 attempts (4 timeouts)', true),
    );
    expect(link.stats.retries).toBe(3);
  });

  test('answers that always fail their CRC are never accepted', async () => {
    const { link } = setup(7, {}, { corrupt: 0.3 }, { ...FAST, retries: 4 });
    // 64 words: two attempts, then 32 words: two attempts, then 16 words: all five.
    await expect(link.memRead(0, 0, new Uint32Array(64))).rejects.toThrow(/no valid response to MEM_READ 0x0 \(seq 3\) after 5 attempts/);
    expect(link.stats.frameShrinks).toBe(2);
    expect(link.stats.badCrc + link.stats.timeouts).toBe(9);
  });

  test('a valid answer with another SEQ is discarded, the right one taken', async () => {
    const wire = memoryWire(8);
    const link = new UartLink(wire.host, FAST);
    const pending = link.regRead(Reg.id);
    // A stale answer (SEQ 0) then the answer to SEQ 1.
    await wire.device.write(encodeResponse(0, LinkStatus.ok, Uint32Array.of(0xdead)));
    await wire.device.write(encodeResponse(1, LinkStatus.ok, Uint32Array.of(0x53500001)));
    expect(await pending).toBe(0x53500001);
    expect(link.stats.wrongSeq).toBe(1);
  });

  test('DATA through REG_READ is refused by the device (BAD_REQUEST), not retried', async () => {
    const { link } = setup(9);
    await expect(link.regRead(Reg.data)).rejects.toThrow('UART link: the device refused REG_READ 0xe (seq 1) (BAD_REQUEST)');
    expect(link.stats.retries).toBe(0);
  });
});
