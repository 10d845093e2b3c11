import { UserError } from '../solver/api/user-error.js';
import { ByteQueue, type Transport } from './transport.js';

/** The part of serialport's SerialPort this transport uses. */
interface Port {
  open(cb: (err: Error | null) => void): void;
  write(data: Uint8Array, cb: (err: Error | null | undefined) => void): boolean;
  close(cb: (err: Error | null) => void): void;
  on(event: 'data', cb: (data: Buffer) => void): void;
  readonly isOpen: boolean;
}

/**
 * A Transport over a serial port (a board's FTDI UART, or a pseudo-terminal serving the simulated
 * core) through `serialport`, loaded only when a port is opened.
 */
export class SerialTransport implements Transport {
  private port: Port | null = null;
  private readonly rx = new ByteQueue();

  constructor(
    readonly path: string,
    readonly baudRate: number,
  ) {}

  async open(): Promise<void> {
    const { SerialPort } = await import('serialport');
    const port: Port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err ? reject(new UserError(`serial:${this.path}: cannot open the port: ${err.message.replace(/^Error:\s*/, '')}`)) : resolve(),
      ),
    );
    port.on('data', (data) => this.rx.push(data));
    this.port = port;
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new Error(`serial:${this.path}: write before open`));
    return new Promise((resolve, reject) =>
      port.write(bytes, (err) => (err ? reject(new UserError(`serial:${this.path}: write failed: ${err.message}`)) : resolve())),
    );
  }

  read(timeoutMs: number): Promise<Uint8Array> {
    return this.rx.read(timeoutMs);
  }

  async close(): Promise<void> {
    this.rx.close();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
