import { expect, test } from 'vitest';
import { uartBytesPerRun, uartRunsPerSecond } from '../../cli/bench/uart-bound.js';
import { encodeRequest, encodeResponse, Op } from '../../fpga/uart-frame.js';

/** The frames of one run, encoded by the link's own encoders, written out call by call. */
function encodedBytes(weightWords: number): number {
  const frames: Uint8Array[] = [];
  const reply = (words: number): void => {
    frames.push(encodeResponse(0, 0, new Uint32Array(words)));
  };
  for (let k = 0; k < weightWords; k += 1023) {
    frames.push(encodeRequest(0, Op.memWrite, 0, 0, new Uint32Array(1 + Math.min(1023, weightWords - k))));
    reply(0);
  }
  for (let i = 0; i < 3; i++) {
    frames.push(encodeRequest(0, Op.regWrite, 0, 0, new Uint32Array(1)));
    reply(0);
  }
  for (let i = 0; i < 4; i++) {
    frames.push(encodeRequest(0, Op.regRead, 0, 0, new Uint32Array(0)));
    reply(1);
  }
  for (let k = 0; k < weightWords; k += 1024) {
    frames.push(encodeRequest(0, Op.memRead, 0, 0, new Uint32Array(2)));
    reply(Math.min(1024, weightWords - k));
  }
  return frames.reduce((n, f) => n + f.length, 0);
}

test('the UART bound counts the bytes of the frames a run sends and receives, across frame splits', () => {
  for (const n of [0, 1, 1022, 1023, 1024, 1025, 2046, 2047, 2048, 5000]) expect(uartBytesPerRun(n), `${n} words`).toBe(encodedBytes(n));
  // 10 line bits per byte.
  expect(uartRunsPerSecond(1024, 115_200)).toBeCloseTo(11_520 / encodedBytes(1024), 12);
});
