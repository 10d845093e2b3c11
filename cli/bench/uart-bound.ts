import { frameBytes, MAX_FRAME_WORDS, REQUEST_HEADER, RESPONSE_HEADER } from '../../fpga/uart-frame.js';

/** Bits on the line per byte: start, 8 data, stop. */
const BITS_PER_BYTE = 10;

/** Line bytes (both directions) of one request and its response. */
function exchange(requestWords: number, responseWords: number): number {
  return frameBytes(REQUEST_HEADER, requestWords) + frameBytes(RESPONSE_HEADER, responseWords);
}

/**
 * Line bytes of one device run over the UART link as fpga/serial-device.ts makes it, with no
 * retries and the first STATUS poll already done: weights in (MEM_WRITE frames of an offset word
 * and up to MAX_FRAME_WORDS - 1 words), MODE, MAX_ROUNDS and CTRL written, STATUS, CYCLES_LO,
 * CYCLES_HI and ROUNDS read, weights out (MEM_READ frames of up to MAX_FRAME_WORDS words).
 */
export function uartBytesPerRun(weightWords: number): number {
  let bytes = 3 * exchange(1, 0) + 4 * exchange(0, 1);
  for (let k = 0; k < weightWords; k += MAX_FRAME_WORDS - 1) bytes += exchange(1 + Math.min(MAX_FRAME_WORDS - 1, weightWords - k), 0);
  for (let k = 0; k < weightWords; k += MAX_FRAME_WORDS) bytes += exchange(2, Math.min(MAX_FRAME_WORDS, weightWords - k));
  return bytes;
}

/** Runs per second the line alone allows at `baud`. */
export function uartRunsPerSecond(weightWords: number, baud: number): number {
  return baud / BITS_PER_BYTE / uartBytesPerRun(weightWords);
}
