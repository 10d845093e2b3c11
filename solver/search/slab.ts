/**
 * Small typed arrays carved out of one ArrayBuffer. V8 gives every typed array over 64 bytes a
 * backing store of its own (0.25–0.9 µs each on this machine, plus external-memory pressure on the
 * GC), which made up most of building an engine for a 9x9 sudoku; a view on a shared buffer costs
 * about 40 ns. Sizes are an upper bound given up front; past it arrays are allocated on their own.
 */
export class Slab {
  private readonly buffer: ArrayBuffer;
  private used = 0;

  /** A slab for arrays taking `bytes` in all (count each array's bytes rounded up to 8). */
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }

  /** Bytes an array of `count` elements of `size` bytes takes in a slab. */
  static bytes(count: number, size: number): number {
    return (count * size + 7) & ~7;
  }

  int32(count: number): Int32Array {
    const at = this.take(Slab.bytes(count, 4));
    return at < 0 ? new Int32Array(count) : new Int32Array(this.buffer, at, count);
  }

  uint32(count: number): Uint32Array {
    const at = this.take(Slab.bytes(count, 4));
    return at < 0 ? new Uint32Array(count) : new Uint32Array(this.buffer, at, count);
  }

  uint8(count: number): Uint8Array {
    const at = this.take(Slab.bytes(count, 1));
    return at < 0 ? new Uint8Array(count) : new Uint8Array(this.buffer, at, count);
  }

  float64(count: number): Float64Array {
    const at = this.take(Slab.bytes(count, 8));
    return at < 0 ? new Float64Array(count) : new Float64Array(this.buffer, at, count);
  }

  /** Byte offset of the next `bytes` (a multiple of 8), or -1 when the slab is full. */
  private take(bytes: number): number {
    const at = this.used;
    if (at + bytes > this.buffer.byteLength) return -1;
    this.used = at + bytes;
    return at;
  }
}
