import { describe, expect, test } from 'vitest';
import {
  crc16,
  encodeRequest,
  encodeResponse,
  FrameDecoder,
  MAX_FRAME_WORDS,
  Op,
  REQUEST_SYNC,
  RESPONSE_SYNC,
} from '../../fpga/uart-frame.js';
import { Rng } from '../../solver/model/rng.js';

/** CRC-16/CCITT-FALSE bit by bit, straight from its definition: an independent reference for the table. */
function crcBitwise(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes)
    for (let bit = 7; bit >= 0; bit--) {
      const top = ((crc >>> 15) & 1) ^ ((byte >>> bit) & 1);
      crc = ((crc << 1) & 0xffff) ^ (top ? 0x1021 : 0);
    }
  return crc;
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(0, 255));
}

function randomWords(rng: Rng, n: number): Uint32Array {
  return Uint32Array.from({ length: n }, () => rng.int(0, 0xffffffff));
}

/** Every frame `bytes` completes in a fresh decoder, fed one byte at a time. */
function decodeAll(dec: FrameDecoder, bytes: Uint8Array) {
  const out: { header: number[]; payload: number[]; crcOk: boolean }[] = [];
  for (const b of bytes) {
    const f = dec.push(b);
    if (f) out.push({ header: [...f.header], payload: [...f.payload], crcOk: f.crcOk });
  }
  return out;
}

describe('CRC-16/CCITT-FALSE', () => {
  test('the catalogue check value: "123456789" gives 0x29B1', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });

  test('equals a bitwise implementation on random strings, and continues across a split', () => {
    const rng = Rng.seeded(12);
    for (let k = 0; k < 300; k++) {
      const b = randomBytes(rng, rng.int(0, 200));
      expect(crc16(b)).toBe(crcBitwise(b));
      const cut = rng.int(0, b.length);
      expect(crc16(b, cut, b.length, crc16(b, 0, cut))).toBe(crcBitwise(b));
    }
  });
});

describe('frames', () => {
  test('a request is laid out as section 7 says (sync, header, little-endian words, CRC big-endian over SEQ..payload)', () => {
    const f = encodeRequest(0x12, Op.memWrite, 6, 0, Uint32Array.of(0x00000010, 0xa1b2c3d4));
    const body = [0x12, 0x03, 0x06, 0x00, 0x02, 0x00, 0x10, 0, 0, 0, 0xd4, 0xc3, 0xb2, 0xa1];
    const crc = crcBitwise(Uint8Array.from(body));
    expect([...f]).toEqual([REQUEST_SYNC, ...body, crc >>> 8, crc & 0xff]);
  });

  test('a response is laid out as section 7 says', () => {
    const f = encodeResponse(0xff, 0, Uint32Array.of(0x53500001));
    const body = [0xff, 0x00, 0x01, 0x00, 0x01, 0x00, 0x50, 0x53];
    const crc = crcBitwise(Uint8Array.from(body));
    expect([...f]).toEqual([RESPONSE_SYNC, ...body, crc >>> 8, crc & 0xff]);
  });

  test('random frames between junk bytes decode to what was encoded, both directions', () => {
    const rng = Rng.seeded(3);
    for (const [encode, dec] of [
      [(s: number, p: Uint32Array) => encodeRequest(s, Op.memRead, 4, 0, p), FrameDecoder.requests()],
      [(s: number, p: Uint32Array) => encodeResponse(s, 2, p), FrameDecoder.responses()],
    ] as const) {
      const sent: number[][] = [];
      const stream: number[] = [];
      for (let k = 0; k < 50; k++) {
        // Junk without a sync byte, so that it cannot start a frame.
        for (let j = rng.int(0, 5); j > 0; j--) stream.push(rng.int(0, 0x59));
        const p = randomWords(rng, k === 0 ? MAX_FRAME_WORDS : rng.int(0, 40));
        sent.push([...p]);
        stream.push(...encode(k, p));
      }
      const got = decodeAll(dec, Uint8Array.from(stream));
      expect(got.map((f) => f.crcOk)).toEqual(sent.map(() => true));
      expect(got.map((f) => f.payload)).toEqual(sent);
      expect(got.map((f) => f.header[0])).toEqual(sent.map((_, k) => k));
    }
  });

  test('every single corrupted byte of a frame is detected: no frame, or one whose CRC fails', () => {
    const rng = Rng.seeded(9);
    for (let k = 0; k < 20; k++) {
      const good = encodeResponse(k, 0, randomWords(rng, rng.int(0, 6)));
      for (let i = 0; i < good.length; i++) {
        const bad = good.slice();
        bad[i] = (bad[i] as number) ^ rng.int(1, 255);
        const got = decodeAll(FrameDecoder.responses(), bad);
        expect(got.every((f) => !f.crcOk)).toBe(true);
      }
    }
  });

  test('a LEN above 1024 words is no frame: the decoder hunts for the next sync byte', () => {
    const frame = encodeResponse(7, 0, Uint32Array.of(1, 2));
    const bogus = [RESPONSE_SYNC, 1, 0, 0x01, 0x04]; // LEN 1025
    const got = decodeAll(FrameDecoder.responses(), Uint8Array.from([...bogus, ...frame]));
    expect(got).toEqual([{ header: [7, 0, 2, 0], payload: [1, 2], crcOk: true }]);
  });
});
