import { readFileSync, readlinkSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { systemErrorText } from '../solver/api/system-error.js';

/** Exit code when the output cannot be written: disk full, the reading end of a pipe gone, stdout closed. */
export const EXIT_WRITE = 4;

/** A write to standard output that failed; the CLI prints `softprop: cannot write output: …` and exits with EXIT_WRITE. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/**
 * Whether fd 1 was closed when the process started (`softprop solve x >&-`). Node then opens
 * /dev/null read-write in its place, so output vanishes; a shell's `> /dev/null` opens it write-only.
 * Linux only (it reads /proc); elsewhere a closed stdout stays undetected.
 */
function stdoutWasClosed(): boolean {
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    const O_ACCMODE = 3;
    const O_RDWR = 2;
    return flags !== undefined && (Number.parseInt(flags, 8) & O_ACCMODE) === O_RDWR;
  } catch {
    return false;
  }
}

/**
 * Standard output as every command writes it. A failed write is reported once, as one line, with
 * exit code EXIT_WRITE: synchronously at the write that meets it (a file sets the stream's
 * `errored` at once, a pipe whose reader has gone too), so a long run stops there instead of
 * computing output nobody receives; otherwise when the stream reports it.
 */
export class Output {
  private checked = false;
  private failure: OutputError | undefined;

  constructor(private readonly stream: Writable & { fd?: number } = process.stdout) {
    stream.on('error', (e: Error) => {
      if (this.failure) return;
      this.fail(e);
      // An asynchronous failure has no caller left to throw to.
      process.exit(EXIT_WRITE);
    });
  }

  /** The one line the CLI prints for a write error. */
  static message(e: OutputError): string {
    return `softprop: cannot write output: ${e.message}\n`;
  }

  /**
   * Writes `text`; throws OutputError when the stream has failed. Returns false when the stream's
   * buffer is full: an asynchronous caller then awaits `drain()` before writing more.
   */
  write(text: string): boolean {
    if (!this.checked) {
      this.checked = true;
      if (this.stream.fd === 1 && stdoutWasClosed()) throw this.fail(new Error('standard output is closed'));
    }
    if (this.failure) throw this.failure;
    const room = this.stream.write(text);
    if (this.stream.errored) throw this.fail(this.stream.errored);
    return room;
  }

  /** Resolves when the stream's buffer has room again (at once when it has). */
  drain(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  private fail(e: Error): OutputError {
    this.failure = new OutputError(systemErrorText(e));
    process.stderr.write(Output.message(this.failure));
    return this.failure;
  }
}

/** The process's standard output, shared by every command. */
export const stdout = new Output();
