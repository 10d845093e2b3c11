import { UserError } from '../solver/api/user-error.js';
import type { Transport } from './transport.js';
import { encodeRequest, FrameDecoder, frameBytes, LinkStatus, MAX_FRAME_WORDS, Op, RESPONSE_HEADER } from './uart-frame.js';

/** Timing and retry settings of a UartLink. */
export interface UartLinkOptions {
  /** Line rate in bits/s (8N1: 10 bits a byte); sets the response timeout. Default 115200. */
  baud?: number;
  /** Retries of one request after the first attempt. Default 8. */
  retries?: number;
  /** Added to every response timeout: the device's turnaround and the host's scheduling. Default 100 ms. */
  slackMs?: number;
  /**
   * Quiet time on the line before a retry, longer than the device's inter-byte timeout, so that it
   * drops a partial frame (a dropped or duplicated byte) instead of reading the retry into it.
   * Default: 30 byte times, at least 2 ms.
   */
  gapMs?: number;
  /** Name used in error messages (the port). */
  name?: string;
}

/** What the link has seen so far: every detected error, and the retries that recovered from them. */
export interface LinkStats {
  requests: number;
  /** Attempts after the first one, over all requests. */
  retries: number;
  /** Attempts that got no complete, valid response in time (dropped bytes). */
  timeouts: number;
  /** Responses whose CRC did not hold (discarded). */
  badCrc: number;
  /** Valid responses with another request's SEQ (late or duplicated; discarded). */
  wrongSeq: number;
  /** CRC_ERROR answers: the device saw a corrupted request and did not execute it. */
  deviceCrcErrors: number;
  /** Memory frames given up after two attempts and resent as smaller frames (a noisy line). */
  frameShrinks: number;
  bytesSent: number;
  bytesReceived: number;
}

/** The link gave up, or the device refused a request: a clear message, never a wrong word. */
export class LinkError extends UserError {
  override name = 'LinkError';

  constructor(
    message: string,
    /** True when no valid response came (timeouts, CRC errors); false when the device refused the request. */
    readonly noResponse = false,
  ) {
    super(message);
  }
}

const OP_NAMES: Record<number, string> = {
  [Op.regWrite]: 'REG_WRITE',
  [Op.regRead]: 'REG_READ',
  [Op.memWrite]: 'MEM_WRITE',
  [Op.memRead]: 'MEM_READ',
};

/** Memory frames of up to this many words get every retry; longer ones are split when two attempts fail. */
const MIN_FRAME_WORDS = 16;
/** Successful memory frames in a row after which the frame size doubles again. */
const GROW_AFTER = 4;

/**
 * The host side of the UART link (hdl/SPEC.md section 7): one request in flight at a time, each
 * with SEQ = previous + 1 mod 256 and the same SEQ on a retry, so the device executes a repeated
 * write only once. An attempt fails on a timeout (derived from the baud and both frame lengths,
 * plus slack), a response with a bad CRC, or a CRC_ERROR answer; it is then retried after the
 * input is drained, up to `retries` times, and the response decoder resynchronises on the next
 * 0x5A; before a retry the line is left quiet for longer than the device's inter-byte timeout, so
 * the device too drops any partial frame and reads the retry from its first byte. Responses with
 * another SEQ are discarded. After the last retry a LinkError says what went
 * wrong. Memory transfers adapt their frame size to the line: a frame longer than 16 words that
 * fails twice is not retried further but its words are sent again in frames of half the size (the
 * memory operations are idempotent), and the size doubles back after four good frames; on a line
 * with byte error rate e a frame of b bytes gets through with probability (1 − e)^b. The first request of a session should be a read (it sets the SEQ the device remembers, so
 * a write is never mistaken for a duplicate of an earlier session's).
 */
export class UartLink {
  readonly stats: LinkStats = {
    requests: 0,
    retries: 0,
    timeouts: 0,
    badCrc: 0,
    wrongSeq: 0,
    deviceCrcErrors: 0,
    frameShrinks: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
  private seq = 0;
  /** Largest memory frame, in payload words (halved on a noisy line, see above). */
  private frameWords = MAX_FRAME_WORDS;
  private goodFrames = 0;
  private readonly decoder = FrameDecoder.responses();
  private readonly byteMs: number;
  private readonly retries: number;
  private readonly slackMs: number;
  private readonly gapMs: number;
  private readonly name: string;

  constructor(
    readonly transport: Transport,
    opts: UartLinkOptions = {},
  ) {
    this.byteMs = 10_000 / (opts.baud ?? 115_200);
    this.retries = opts.retries ?? 8;
    this.slackMs = opts.slackMs ?? 100;
    this.gapMs = opts.gapMs ?? Math.max(2, 30 * this.byteMs);
    this.name = opts.name ?? 'UART link';
  }

  /**
   * Sends one request and returns the payload of its OK response, which must hold `replyWords`
   * words. Retries as described above; throws LinkError after the last retry, on BAD_REQUEST or
   * BUSY_WRITE (not retried: the device would answer the same), or on an OK of the wrong length.
   * `attempts` (default: 1 + retries) bounds the attempts.
   */
  async request(
    op: number,
    arg0: number,
    arg1: number,
    payload: Uint32Array,
    replyWords: number,
    attempts = this.retries + 1,
  ): Promise<Uint32Array> {
    this.seq = (this.seq + 1) & 0xff;
    const seq = this.seq;
    const frame = encodeRequest(seq, op, arg0, arg1, payload);
    const timeoutMs = this.slackMs + 2 * this.byteMs * (frame.length + frameBytes(RESPONSE_HEADER, replyWords));
    const what = () => `${OP_NAMES[op] ?? `op 0x${op.toString(16)}`} 0x${arg0.toString(16)} (seq ${seq})`;
    this.stats.requests++;
    const failures: string[] = [];
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) this.stats.retries++;
      await this.drain(attempt > 0 ? this.gapMs : 0);
      await this.transport.write(frame);
      this.stats.bytesSent += frame.length;
      const r = await this.response(seq, timeoutMs);
      if (typeof r === 'string') {
        failures.push(r);
        continue;
      }
      if (r.status === LinkStatus.ok) {
        if (r.payload.length !== replyWords)
          throw new LinkError(`${this.name}: ${what()} answered ${r.payload.length} words, expected ${replyWords}`);
        return r.payload.slice();
      }
      if (r.status === LinkStatus.badRequest) throw new LinkError(`${this.name}: the device refused ${what()} (BAD_REQUEST)`);
      if (r.status === LinkStatus.busyWrite)
        throw new LinkError(`${this.name}: the device refused ${what()}: a memory write while the core is busy (BUSY_WRITE)`);
      throw new LinkError(`${this.name}: ${what()} answered unknown status ${r.status}`);
    }
    const counts = new Map<string, number>();
    for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
    const why = [...counts].map(([f, n]) => `${n} ${f}`).join(', ');
    throw new LinkError(`${this.name}: no valid response to ${what()} after ${attempts} attempts (${why})`, true);
  }

  /**
   * Discards whatever arrives (a late answer to an earlier attempt, noise) until the line has been
   * quiet for `quietMs`, and resets the response decoder.
   */
  private async drain(quietMs: number): Promise<void> {
    for (;;) {
      const junk = await this.transport.read(quietMs);
      if (junk.length === 0) break;
      this.stats.bytesReceived += junk.length;
    }
    this.decoder.reset();
  }

  /** Reads until the response to `seq` (its status and payload) or the attempt's failure (a reason to retry). */
  private async response(seq: number, timeoutMs: number): Promise<{ status: number; payload: Uint32Array } | string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      const bytes = left > 0 ? await this.transport.read(left) : new Uint8Array(0);
      if (bytes.length === 0) {
        this.stats.timeouts++;
        return 'timeouts';
      }
      this.stats.bytesReceived += bytes.length;
      for (const b of bytes) {
        const f = this.decoder.push(b);
        if (!f) continue;
        if (!f.crcOk) {
          this.stats.badCrc++;
          return 'responses with a bad CRC';
        }
        const status = f.header[1] as number;
        // The SEQ of a CRC_ERROR echoes a received byte that may itself be corrupted: any one means ours was refused.
        if (status === LinkStatus.crcError) {
          this.stats.deviceCrcErrors++;
          return 'requests the device received corrupted';
        }
        if (f.header[0] !== seq) {
          this.stats.wrongSeq++;
          continue;
        }
        return { status, payload: f.payload };
      }
    }
  }

  /** REG_WRITE: register `addr` = `value`. */
  async regWrite(addr: number, value: number): Promise<void> {
    await this.request(Op.regWrite, addr, 0, Uint32Array.of(value >>> 0), 0);
  }

  /** REG_READ of register `addr` (not DATA: its reads go through memRead). */
  async regRead(addr: number): Promise<number> {
    return (await this.request(Op.regRead, addr, 0, new Uint32Array(0), 1))[0] as number;
  }

  /**
   * Runs one memory frame of `words` payload words: true when it went through, false when it was
   * given up after two attempts (it was long: the frame size is halved and the caller resends).
   */
  private async memFrame(words: number, run: (attempts: number) => Promise<void>): Promise<boolean> {
    const long = words > MIN_FRAME_WORDS;
    try {
      await run(long ? 2 : this.retries + 1);
    } catch (e) {
      if (!long || !(e instanceof LinkError && e.noResponse)) throw e;
      this.stats.frameShrinks++;
      this.frameWords = Math.max(MIN_FRAME_WORDS, words >>> 1);
      this.goodFrames = 0;
      return false;
    }
    if (++this.goodFrames >= GROW_AFTER && this.frameWords < MAX_FRAME_WORDS) {
      this.frameWords = Math.min(MAX_FRAME_WORDS, 2 * this.frameWords);
      this.goodFrames = 0;
    }
    return true;
  }

  /** Writes all of `words` to `region` from word `offset`, in MEM_WRITE frames (an offset word, then up to 1023 data words). */
  async memWrite(region: number, offset: number, words: Uint32Array): Promise<void> {
    for (let k = 0; k < words.length; ) {
      const chunk = words.subarray(k, Math.min(words.length, k + this.frameWords - 1));
      const payload = new Uint32Array(1 + chunk.length);
      payload[0] = offset + k;
      payload.set(chunk, 1);
      if (await this.memFrame(payload.length, (attempts) => this.request(Op.memWrite, region, 0, payload, 0, attempts).then(() => {})))
        k += chunk.length;
    }
  }

  /** Fills all of `out` from `region` from word `offset`, in MEM_READ frames of up to 1024 words. */
  async memRead(region: number, offset: number, out: Uint32Array): Promise<Uint32Array> {
    for (let k = 0; k < out.length; ) {
      const count = Math.min(this.frameWords, out.length - k);
      const got = await this.memFrame(count, async (attempts) => {
        out.set(await this.request(Op.memRead, region, 0, Uint32Array.of(offset + k, count), count, attempts), k);
      });
      if (got) k += count;
    }
    return out;
  }
}
