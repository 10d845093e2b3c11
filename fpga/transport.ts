/**
 * A byte stream to a device: the UART link (fpga/uart-link.ts) talks through this interface only,
 * so the driver a user runs on a board (fpga/serial-transport.ts) is the driver the tests run
 * against an in-memory fake or a pseudo-terminal.
 */
export interface Transport {
  /** Opens the stream; rejects with a message naming the port when it cannot. */
  open(): Promise<void>;
  /** Queues `bytes` for sending; resolves once they have been handed to the stream. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Resolves with the bytes received since the last read (at least one), or with an empty array
   * when none arrives within `timeoutMs` (0: only what has already arrived).
   */
  read(timeoutMs: number): Promise<Uint8Array>;
  /** Closes the stream; pending reads resolve empty. */
  close(): Promise<void>;
}

/**
 * Received bytes queued until read: the receiving half that both the serial transport and the
 * in-memory test transports use (one reader at a time).
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private waiter: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /** Appends received bytes and wakes a waiting read. */
  push(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.chunks.push(bytes);
    this.wake();
  }

  /** Ends every pending and later read with an empty result. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    clearTimeout(this.timer);
    w?.();
  }

  private take(): Uint8Array {
    const all = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : Buffer.concat(this.chunks);
    this.chunks = [];
    return all;
  }

  /** Transport.read over this queue. */
  async read(timeoutMs: number): Promise<Uint8Array> {
    if (this.chunks.length > 0) return this.take();
    if (this.closed || timeoutMs <= 0) return new Uint8Array(0);
    if (this.waiter) throw new Error('Transport.read: a read is already waiting');
    await new Promise<void>((resolve) => {
      this.waiter = resolve;
      this.timer = setTimeout(() => this.wake(), timeoutMs);
    });
    return this.chunks.length > 0 ? this.take() : new Uint8Array(0);
  }
}
