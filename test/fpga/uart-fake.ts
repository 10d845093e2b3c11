import { Reg } from '../../fpga/layout.js';
import { ByteQueue, type Transport } from '../../fpga/transport.js';
import { encodeResponse, FrameDecoder, LinkStatus, MAX_FRAME_WORDS, Op } from '../../fpga/uart-frame.js';
import { Rng } from '../../solver/model/rng.js';

/**
 * Test support for the UART link: an in-memory wire (two Transports whose bytes pass through a
 * seeded fault injector) and a TypeScript model of the device side of hdl/SPEC.md section 7 over a
 * register window with plain memory regions.
 */

/** Per-byte fault rates of one direction of the wire. */
export interface Faults {
  corrupt?: number;
  drop?: number;
  dup?: number;
}

/** What the injector did to one direction. */
export interface FaultCounts {
  corrupted: number;
  dropped: number;
  duplicated: number;
}

class WireEnd implements Transport {
  readonly rx = new ByteQueue();
  peer!: WireEnd;
  readonly counts: FaultCounts = { corrupted: 0, dropped: 0, duplicated: 0 };

  constructor(
    private readonly rng: Rng,
    public faults: Faults,
  ) {}

  async open(): Promise<void> {}

  async write(bytes: Uint8Array): Promise<void> {
    const { corrupt = 0, drop = 0, dup = 0 } = this.faults;
    const out: number[] = [];
    for (const b of bytes) {
      const r = this.rng.float();
      if (r < drop) {
        this.counts.dropped++;
        continue;
      }
      if (r < drop + corrupt) {
        this.counts.corrupted++;
        out.push(b ^ this.rng.int(1, 255));
        continue;
      }
      out.push(b);
      if (r < drop + corrupt + dup) {
        this.counts.duplicated++;
        out.push(b);
      }
    }
    // Delivered on a later turn of the event loop, as a real port would.
    setImmediate(() => this.peer.rx.push(Uint8Array.from(out)));
  }

  read(timeoutMs: number): Promise<Uint8Array> {
    return this.rx.read(timeoutMs);
  }

  async close(): Promise<void> {
    this.rx.close();
  }
}

/** Two connected transports: `host` → `device` with `toDevice` faults, back with `toHost` faults. */
export function memoryWire(seed: number, toDevice: Faults = {}, toHost: Faults = {}) {
  const rng = Rng.seeded(seed);
  const host = new WireEnd(rng.split(), toDevice);
  const device = new WireEnd(rng.split(), toHost);
  host.peer = device;
  device.peer = host;
  return { host, device };
}

/** Register words of the fake's window (6-bit addresses). */
const REGS = 64;
const STATUS_DONE = 1;

/**
 * The device side of section 7 over a fake core: 64 registers, memory regions of plain words with
 * REGION / ADDR / DATA (DATA auto-increments ADDR on every access), and CTRL START, which counts
 * its executions (not idempotent: a duplicate executed twice shows in `starts`) and finishes at
 * once with DONE. Executes a write with the last executed SEQ only once.
 */
export class FakeDevice {
  readonly regs = new Uint32Array(REGS);
  readonly regions = new Map<number, Uint32Array>();
  /** CTRL START writes executed. */
  starts = 0;
  /** Requests executed (duplicates of writes not counted). */
  executed = 0;
  private lastSeq = -1;
  private readonly decoder = FrameDecoder.requests();
  private running = true;
  private readonly done: Promise<void>;

  /** Serves `transport` until stop(); a request whose bytes stop for `interByteMs` is dropped. */
  constructor(
    private readonly transport: Transport,
    readonly regionWords = 16384,
    private readonly interByteMs = 4,
  ) {
    this.done = this.serve();
  }

  region(r: number): Uint32Array {
    let m = this.regions.get(r);
    if (!m) {
      m = new Uint32Array(this.regionWords);
      this.regions.set(r, m);
    }
    return m;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async serve(): Promise<void> {
    while (this.running) {
      const bytes = await this.transport.read(this.decoder.partial ? this.interByteMs : 5);
      if (bytes.length === 0) {
        this.decoder.reset();
        continue;
      }
      for (const b of bytes) {
        const f = this.decoder.push(b);
        if (!f) continue;
        const seq = f.header[0] as number;
        const reply = f.crcOk ? this.execute(seq, f.header, f.payload) : { status: LinkStatus.crcError, words: new Uint32Array(0) };
        await this.transport.write(encodeResponse(seq, reply.status, reply.words));
      }
    }
  }

  private dataAccess(write: boolean, value = 0): number {
    const m = this.region(this.regs[Reg.region] as number);
    const a = this.regs[Reg.addr] as number;
    this.regs[Reg.addr] = a + 1;
    if (write) m[a] = value;
    return m[a] ?? 0;
  }

  private execute(seq: number, h: Uint8Array, p: Uint32Array): { status: number; words: Uint32Array } {
    const op = h[1] as number;
    const arg0 = h[2] as number;
    const ok = (words = new Uint32Array(0)) => ({ status: LinkStatus.ok, words });
    const bad = { status: LinkStatus.badRequest, words: new Uint32Array(0) };
    const isWrite = op === Op.regWrite || op === Op.memWrite;
    if (isWrite && seq === this.lastSeq) return ok();
    if (op === Op.regWrite) {
      if (p.length !== 1 || arg0 >= REGS) return bad;
      this.commit(seq);
      if (arg0 === Reg.data) this.dataAccess(true, p[0] as number);
      else if (arg0 === Reg.ctrl) {
        if ((p[0] as number) & 1) {
          this.starts++;
          this.regs[Reg.status] = STATUS_DONE;
          this.regs[Reg.rounds] = this.starts;
        }
      } else this.regs[arg0] = p[0] as number;
      return ok();
    }
    if (op === Op.regRead) {
      if (p.length !== 0 || arg0 >= REGS || arg0 === Reg.data) return bad;
      this.commit(seq);
      return ok(Uint32Array.of(this.regs[arg0] as number));
    }
    if (op === Op.memWrite) {
      if (p.length < 1) return bad;
      this.commit(seq);
      this.regs[Reg.region] = arg0;
      this.regs[Reg.addr] = p[0] as number;
      for (let i = 1; i < p.length; i++) this.dataAccess(true, p[i] as number);
      return ok();
    }
    if (op === Op.memRead) {
      const count = p[1] as number;
      if (p.length !== 2 || count > MAX_FRAME_WORDS) return bad;
      this.commit(seq);
      this.regs[Reg.region] = arg0;
      this.regs[Reg.addr] = p[0] as number;
      const out = new Uint32Array(count);
      for (let i = 0; i < count; i++) out[i] = this.dataAccess(false);
      return ok(out);
    }
    return bad;
  }

  private commit(seq: number): void {
    this.lastSeq = seq;
    this.executed++;
  }
}
