import { valuesPerVar } from '../solver/rounds/arc-lists.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { modelCyclesPerRound } from './cycle-model.js';
import type { Device, DeviceMode, DeviceRun } from './device.js';
import {
  buildImage,
  type CoreParams,
  CTRL_ABORT,
  CTRL_START,
  type MemoryImage,
  PARAM_ORDER,
  packDomains,
  packWeights,
  parseParams,
  Reg,
  Region,
  STATUS_BUSY,
  STATUS_FIXPOINT,
  STATUS_WIPEOUT,
  unpackDomains,
  unpackWeights,
} from './layout.js';
import type { LinkStats, UartLinkOptions } from './uart-link.js';
import { UartLinkProcess } from './uart-link-process.js';

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
export class SerialDevice implements Device {
  readonly kind = 'serial' as const;
  readonly params: CoreParams;
  readonly lanes: number;
  private prog: ArcProgram | null = null;
  private img: MemoryImage | null = null;
  private stride = 0;
  private region = new Uint32Array(0);
  private roundCycles = 0;

  private constructor(
    readonly link: UartLinkProcess,
    private readonly opts: SerialDeviceOptions,
  ) {
    // A read first: it sets the SEQ the device remembers, so no write of this session is taken for a duplicate.
    const words = PARAM_ORDER.map((_, i) => link.regRead(Reg.params + i));
    this.params = parseParams(words);
    this.lanes = this.params.lanes;
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

  load(prog: ArcProgram): void {
    const img = buildImage(prog, this.params);
    this.link.regWrite(Reg.ctrl, CTRL_ABORT);
    for (const [addr, value] of img.registers) this.link.regWrite(addr, value);
    for (const r of img.regions) this.link.memWrite(r.region, 0, r.words);
    this.prog = prog;
    this.img = img;
    this.stride = valuesPerVar(prog);
    this.region = new Uint32Array(img.weightWords);
    this.roundCycles = modelCyclesPerRound(prog, this.params.lanes);
  }

  private loaded(): { prog: ArcProgram; img: MemoryImage } {
    if (!this.prog || !this.img) throw new Error('SerialDevice: no program loaded');
    return { prog: this.prog, img: this.img };
  }

  setDomains(domains: Uint32Array): void {
    const { prog, img } = this.loaded();
    if (domains.length !== prog.nVars * prog.words)
      throw new Error(`setDomains: ${domains.length} words, expected ${prog.nVars * prog.words}`);
    this.link.memWrite(Region.weights, 0, packDomains(img, domains, prog.words, this.region));
  }

  setWeights(weights: Uint16Array): void {
    const { prog, img } = this.loaded();
    if (weights.length !== prog.nVars * this.stride)
      throw new Error(`setWeights: ${weights.length} weights, expected ${prog.nVars * this.stride}`);
    this.link.memWrite(Region.weights, 0, packWeights(img, weights, this.stride, this.region));
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

  readDomains(out?: Uint32Array): Uint32Array {
    const { prog, img } = this.loaded();
    const n = prog.nVars * prog.words;
    if (out && out.length !== n) throw new Error(`readDomains: ${out.length} words, expected ${n}`);
    return unpackDomains(
      img,
      this.link.memRead(Region.weights, 0, this.region),
      prog.words,
      (out ?? new Uint32Array(n)) as Uint32Array<ArrayBuffer>,
    );
  }

  readWeights(out?: Uint16Array): Uint16Array {
    const { prog, img } = this.loaded();
    const n = prog.nVars * this.stride;
    if (out && out.length !== n) throw new Error(`readWeights: ${out.length} weights, expected ${n}`);
    return unpackWeights(
      img,
      this.link.memRead(Region.weights, 0, this.region),
      this.stride,
      (out ?? new Uint16Array(n)) as Uint16Array<ArrayBuffer>,
    );
  }

  /** The link's detected errors and retries so far. */
  linkStats(): LinkStats {
    return this.link.stats();
  }

  close(): void {
    this.link.close();
  }
}
