/**
 * Frames of the UART host link (hdl/SPEC.md section 7): a request `0xA5, SEQ, OP, ARG0, ARG1,
 * LEN_LO, LEN_HI, payload, CRC_HI, CRC_LO` and a response `0x5A, SEQ, STATUS, LEN_LO, LEN_HI,
 * payload, CRC_HI, CRC_LO`. LEN counts 32-bit payload words (little-endian); the CRC is
 * CRC-16/CCITT-FALSE over every byte from SEQ to the end of the payload.
 */

/** First byte of a request (host → device). */
export const REQUEST_SYNC = 0xa5;
/** First byte of a response (device → host). */
export const RESPONSE_SYNC = 0x5a;
/** Largest LEN of either frame, in words. */
export const MAX_FRAME_WORDS = 1024;

/** Request operations. */
export const Op = { regWrite: 0x01, regRead: 0x02, memWrite: 0x03, memRead: 0x04 } as const;
export type OpCode = (typeof Op)[keyof typeof Op];

/** Response statuses. */
export const LinkStatus = { ok: 0, crcError: 1, badRequest: 2, busyWrite: 3 } as const;

/** Bytes between the sync byte and the payload: SEQ, OP, ARG0, ARG1, LEN (request); SEQ, STATUS, LEN (response). */
export const REQUEST_HEADER = 6;
export const RESPONSE_HEADER = 4;

/** Length in bytes of a frame with `header` header bytes and `words` payload words (sync and CRC included). */
export function frameBytes(header: number, words: number): number {
  return 1 + header + 4 * words + 2;
}

/** CRC-16/CCITT-FALSE by table, one entry per byte value. */
const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let c = b << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
    t[b] = c & 0xffff;
  }
  return t;
})();

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of bytes[from, to), continuing from `crc`. */
export function crc16(bytes: Uint8Array, from = 0, to = bytes.length, crc = 0xffff): number {
  for (let i = from; i < to; i++) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 8) ^ (bytes[i] as number)) & 0xff] as number)) & 0xffff;
  return crc;
}

function frame(sync: number, header: readonly number[], payload: Uint32Array): Uint8Array {
  if (payload.length > MAX_FRAME_WORDS) throw new Error(`UART frame: ${payload.length} words, at most ${MAX_FRAME_WORDS}`);
  const out = new Uint8Array(frameBytes(header.length, payload.length));
  out[0] = sync;
  out.set(header, 1);
  const view = new DataView(out.buffer);
  const body = 1 + header.length;
  for (let i = 0; i < payload.length; i++) view.setUint32(body + 4 * i, payload[i] as number, true);
  const end = out.length - 2;
  view.setUint16(end, crc16(out, 1, end), false);
  return out;
}

/** The bytes of a request frame. */
export function encodeRequest(seq: number, op: number, arg0: number, arg1: number, payload: Uint32Array): Uint8Array {
  const n = payload.length;
  return frame(REQUEST_SYNC, [seq & 0xff, op & 0xff, arg0 & 0xff, arg1 & 0xff, n & 0xff, n >>> 8], payload);
}

/** The bytes of a response frame. */
export function encodeResponse(seq: number, status: number, payload: Uint32Array): Uint8Array {
  const n = payload.length;
  return frame(RESPONSE_SYNC, [seq & 0xff, status & 0xff, n & 0xff, n >>> 8], payload);
}

/** A frame the decoder has read whole: its header bytes (after the sync byte), payload and whether its CRC held. */
export interface DecodedFrame {
  header: Uint8Array;
  payload: Uint32Array;
  crcOk: boolean;
}

/**
 * A byte-at-a-time frame decoder for one direction: discards bytes until the sync byte, reads the
 * header, then LEN words and the CRC. A LEN above MAX_FRAME_WORDS cannot be a frame: the decoder
 * drops it and hunts for the next sync byte. The buffers are reused, so a returned frame is valid
 * only until the next push.
 */
export class FrameDecoder {
  private readonly buf = new Uint8Array(frameBytes(REQUEST_HEADER, MAX_FRAME_WORDS));
  private readonly head: Uint8Array;
  private readonly words = new Uint32Array(MAX_FRAME_WORDS);
  private at = 0;
  private need = 0;

  constructor(
    private readonly sync: number,
    private readonly header: number,
  ) {
    this.head = this.buf.subarray(1, 1 + header);
  }

  /** A decoder of requests (the device side). */
  static requests(): FrameDecoder {
    return new FrameDecoder(REQUEST_SYNC, REQUEST_HEADER);
  }

  /** A decoder of responses (the host side). */
  static responses(): FrameDecoder {
    return new FrameDecoder(RESPONSE_SYNC, RESPONSE_HEADER);
  }

  /** Forgets a partial frame (after a timeout: the next byte must be a sync byte). */
  reset(): void {
    this.at = 0;
  }

  /** Whether a frame has started and is not yet complete. */
  get partial(): boolean {
    return this.at > 0;
  }

  /** Takes one byte; returns the frame it completes, else null. */
  push(byte: number): DecodedFrame | null {
    if (this.at === 0) {
      if (byte === this.sync) this.buf[this.at++] = byte;
      return null;
    }
    this.buf[this.at++] = byte;
    if (this.at === 1 + this.header) {
      const len = (this.buf[this.header - 1] as number) | ((this.buf[this.header] as number) << 8);
      if (len > MAX_FRAME_WORDS) {
        this.at = 0;
        return null;
      }
      this.need = frameBytes(this.header, len);
    }
    if (this.at <= this.header || this.at < this.need) return null;
    const len = (this.need - this.header - 3) >>> 2;
    const view = new DataView(this.buf.buffer);
    for (let i = 0; i < len; i++) this.words[i] = view.getUint32(1 + this.header + 4 * i, true);
    const crcOk = crc16(this.buf, 1, this.need - 2) === view.getUint16(this.need - 2, false);
    this.at = 0;
    return { header: this.head, payload: this.words.subarray(0, len), crcOk };
  }
}
