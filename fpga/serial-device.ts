import type { Device, DeviceMode, DeviceRun } from './device.js';
import { CTRL_ABORT, CTRL_START, PARAM_ORDER, parseParams, Reg, STATUS_BUSY, STATUS_FIXPOINT, STATUS_WIPEOUT } from './layout.js';
import type { LinkStats, UartLinkOptions } from './uart-link.js';
import { UartLinkProcess } from './uart-link-process.js';
import { WindowDevice } from './window-device.js';

/** Settings of a device on a serial port. */
export interface SerialDeviceOptions {
  /** Line rate (default 115200, the boards' UART). */
  baud?: number;
  /** Retries and timeout slack of the link (fpga/uart-link.ts). */
  link?: UartLinkOptions;
  /**
   * Longest wait for one run to finish, in ms, before it is aborted as a hang. Default: 10 s plus
   * the time of four times the cycle model's cycles at a 100 kHz clock.
   */
  runTimeoutMs?: number;
}

/** MAX_ROUNDS is a 32-bit register. */
const MAX_ROUNDS = 0xffffffff;

/**
 * The Device on a board (or the simulated board on a pseudo-terminal) behind the UART link of
 * hdl/SPEC.md section 7: the register-window sequence of bindings/c/softprop_sim.cpp, sent as link
 * requests. load stops any run (CTRL ABORT; there is no reset line) and writes the image's
 * registers and regions; state moves as one WEIGHTS transfer each way; run writes MODE, MAX_ROUNDS
 * and START, then polls STATUS until BUSY clears. Calls are synchronous (fpga/uart-link-process.ts).
 */
export class SerialDevice extends WindowDevice implements Device {
  readonly kind = 'serial' as const;

  private constructor(
    readonly link: UartLinkProcess,
    private readonly opts: SerialDeviceOptions,
  ) {
    // A read first: it sets the SEQ the device remembers, so no write of this session is taken for a duplicate.
    super(link, parseParams(PARAM_ORDER.map((_, i) => link.regRead(Reg.params + i))));
  }

  /** Opens the port `path` and reads the core's parameters. */
  static open(path: string, opts: SerialDeviceOptions = {}): SerialDevice {
    const link = new UartLinkProcess(path, opts.baud ?? 115_200, opts.link);
    try {
      return new SerialDevice(link, opts);
    } catch (e) {
      link.close();
      throw e;
    }
  }

  /** There is no reset line: ABORT stops a run and leaves the memories to be overwritten. */
  protected beforeLoad(): void {
    this.link.regWrite(Reg.ctrl, CTRL_ABORT);
  }

  run(mode: DeviceMode, maxRounds: number): DeviceRun {
    this.loaded();
    const rounds = Math.min(MAX_ROUNDS, maxRounds);
    const limitMs = this.opts.runTimeoutMs ?? 10_000 + (((4 * this.roundCycles + 64) * rounds) / 100e3) * 1000;
    this.link.regWrite(Reg.mode, mode === 'hard' ? 0 : 1);
    this.link.regWrite(Reg.maxRounds, rounds);
    this.link.regWrite(Reg.ctrl, CTRL_START);
    const t0 = performance.now();
    let status = this.link.regRead(Reg.status);
    while (status & STATUS_BUSY) {
      if (performance.now() - t0 > limitMs) {
        // Leave the core idle so the device stays usable after a hang report.
        this.link.regWrite(Reg.ctrl, CTRL_ABORT);
        throw new Error(`serial device: the core was still busy after ${Math.round(limitMs)} ms (a hang); run aborted`);
      }
      status = this.link.regRead(Reg.status);
    }
    const lo = this.link.regRead(Reg.cyclesLo);
    const hi = this.link.regRead(Reg.cyclesHi);
    return {
      rounds: this.link.regRead(Reg.rounds),
      fixpoint: (status & STATUS_FIXPOINT) !== 0,
      wipeout: (status & STATUS_WIPEOUT) !== 0,
      cycles: hi * 2 ** 32 + lo,
    };
  }

  /** The link's detected errors and retries so far. */
  linkStats(): LinkStats {
    return this.link.stats();
  }

  close(): void {
    this.link.close();
  }
}
