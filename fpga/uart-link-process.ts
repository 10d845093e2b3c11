import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../solver/api/user-error.js';
import { SerialTransport } from './serial-transport.js';
import { type LinkStats, UartLink, type UartLinkOptions } from './uart-link.js';

/**
 * The UART link in a process of its own, called synchronously. The Device interface is synchronous
 * (the Verilator device is a koffi call; `solve --device` runs the device inside the search's
 * synchronous loop at every node, on a worker thread), while serial I/O in Node is asynchronous.
 * Rather than make every caller async, the link runs in a child Node process (serialport, timeouts
 * and retries on its own event loop) and the caller blocks in readSync on a FIFO until the child
 * has answered. A child process, not a worker thread: serialport's native poller registers on the
 * process's default event loop (uv_default_loop in @serialport/bindings-cpp's poller.cpp), so on a
 * worker thread its data callbacks run on the main thread's loop: no data while the main thread
 * waits, a V8 locking crash when it is idle (both seen). A call costs a pipe round trip (tens of
 * µs) beside a UART round trip of milliseconds, and every caller (hil, propagate, solve, train)
 * works unchanged from any thread.
 *
 * Messages on the FIFOs: a request is u32 words [bytes, fn, a, b, c, data…]; a response is
 * [bytes, status, data…] with status 0 (data: result words), 1 (a UserError's message, UTF-8) or
 * 2 (another error's message).
 */

const FN = { regWrite: 1, regRead: 2, memWrite: 3, memRead: 4, stats: 5, close: 6 } as const;
const STATS_KEYS = [
  'requests',
  'retries',
  'timeouts',
  'badCrc',
  'wrongSeq',
  'deviceCrcErrors',
  'frameShrinks',
  'bytesSent',
  'bytesReceived',
] as const;

/** The caller's side: a register window over the UART link in a child process. */
export class UartLinkProcess {
  private req = -1;
  private res = -1;
  private readonly head = new Uint32Array(2);

  /** Starts the child, which opens the port `path` at `baud`; throws its open error (a UserError naming the port). */
  constructor(path: string, baud: number, link: UartLinkOptions = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'softprop-link-'));
    const reqPath = join(dir, 'req');
    const resPath = join(dir, 'res');
    try {
      const made = spawnSync('mkfifo', [reqPath, resPath], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`mkfifo: ${made.error?.message ?? made.stderr}`);
      const child = spawn(process.execPath, [fileURLToPath(import.meta.url), reqPath, resPath, path, String(baud), JSON.stringify(link)], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      // The child lives as long as the FIFOs are open; it must not keep this process alive.
      child.unref();
      // Opening a FIFO blocks until the other end opens it: the child opens req, then res, in this order too.
      this.req = openSync(reqPath, 'w');
      this.res = openSync(resPath, 'r');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    this.receive();
  }

  private readExactly(buf: Uint8Array): void {
    for (let at = 0; at < buf.length; ) {
      const n = readSync(this.res, buf, at, buf.length - at, null);
      if (n === 0) throw new Error('UART link process: ended without an answer');
      at += n;
    }
  }

  /** Reads one response: its result words, or throws its error. */
  private receive(): Uint32Array {
    this.readExactly(new Uint8Array(this.head.buffer));
    const [bytes, status] = this.head as unknown as [number, number];
    const body = new Uint8Array(bytes - 8);
    this.readExactly(body);
    if (status === 0) return new Uint32Array(body.buffer);
    const message = Buffer.from(body).toString('utf8');
    throw status === 1 ? new UserError(message) : new Error(message);
  }

  private call(fn: number, a = 0, b = 0, c = 0, data?: Uint32Array): Uint32Array {
    if (this.req < 0) throw new Error('UART link used after close()');
    const msg = new Uint32Array(5 + (data?.length ?? 0));
    msg.set([msg.length * 4, fn, a >>> 0, b >>> 0, c >>> 0]);
    if (data) msg.set(data, 5);
    writeSync(this.req, new Uint8Array(msg.buffer));
    return this.receive();
  }

  regWrite(addr: number, value: number): void {
    this.call(FN.regWrite, addr, value);
  }

  regRead(addr: number): number {
    return this.call(FN.regRead, addr)[0] as number;
  }

  memWrite(region: number, offset: number, words: Uint32Array): void {
    if (words.length > 0) this.call(FN.memWrite, region, offset, 0, words);
  }

  /** Fills `out` from `region` at word `offset`. */
  memRead<T extends Uint32Array>(region: number, offset: number, out: T): T {
    if (out.length > 0) out.set(this.call(FN.memRead, region, offset, out.length));
    return out;
  }

  /** The link's error and retry counts so far. */
  stats(): LinkStats {
    const w = this.call(FN.stats);
    return Object.fromEntries(STATS_KEYS.map((k, i) => [k, w[i] as number])) as unknown as LinkStats;
  }

  /** Closes the port and ends the child; safe to call twice. */
  close(): void {
    if (this.req < 0) return;
    try {
      this.call(FN.close);
    } finally {
      closeSync(this.req);
      closeSync(this.res);
      this.req = -1;
      this.res = -1;
    }
  }
}

/** The child's side: opens the port, then serves requests one at a time until `close` or the end of the request FIFO. */
async function serve(reqPath: string, resPath: string, path: string, baud: number, linkOpts: UartLinkOptions): Promise<void> {
  const { createReadStream, createWriteStream } = await import('node:fs');
  const input = createReadStream(reqPath);
  const output = createWriteStream(resPath);
  const send = (status: number, body: Uint8Array): void => {
    const head = Uint32Array.of(8 + body.length, status);
    output.write(Buffer.concat([new Uint8Array(head.buffer), body]));
  };
  const fail = (e: unknown): void => send(e instanceof UserError ? 1 : 2, Buffer.from(e instanceof Error ? e.message : String(e)));
  const transport = new SerialTransport(path, baud);
  const link = new UartLink(transport, { baud, name: `serial:${path}`, ...linkOpts });
  try {
    await transport.open();
    send(0, new Uint8Array(0));
  } catch (e) {
    fail(e);
    output.end();
    input.destroy();
    return;
  }
  let pending = Buffer.alloc(0);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= pending.readUInt32LE(0)) {
      const bytes = pending.readUInt32LE(0);
      const m = new Uint32Array(pending.buffer.slice(pending.byteOffset, pending.byteOffset + bytes));
      pending = pending.subarray(bytes);
      const [, fn, a, b, c] = m as unknown as [number, number, number, number, number];
      try {
        let out: Uint32Array = new Uint32Array(0);
        if (fn === FN.regWrite) await link.regWrite(a, b);
        else if (fn === FN.regRead) out = Uint32Array.of(await link.regRead(a));
        else if (fn === FN.memWrite) await link.memWrite(a, b, m.subarray(5));
        else if (fn === FN.memRead) out = await link.memRead(a, b, new Uint32Array(c));
        else if (fn === FN.stats) out = Uint32Array.from(STATS_KEYS, (k) => link.stats[k]);
        else if (fn === FN.close) {
          await transport.close();
          send(0, new Uint8Array(0));
          output.end();
          return;
        }
        send(0, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      } catch (e) {
        fail(e);
      }
    }
  }
  await transport.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [reqPath, resPath, path, baud, opts] = process.argv.slice(2) as [string, string, string, string, string];
  await serve(reqPath, resPath, path, Number(baud), JSON.parse(opts) as UartLinkOptions);
}
