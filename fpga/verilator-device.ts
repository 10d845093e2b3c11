import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SIM_MODE_FIXED, SIM_MODE_HARD, Sim } from '../bindings/sim.js';
import { SimBudgetError, SimError } from '../bindings/status.js';
import { UserError } from '../solver/api/user-error.js';
import { valuesPerVar } from '../solver/rounds/arc-lists.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { modelCyclesPerRound } from './cycle-model.js';
import type { Device, DeviceMode, DeviceRun } from './device.js';
import {
  buildImage,
  type CoreParams,
  CTRL_ABORT,
  type MemoryImage,
  packDomains,
  packWeights,
  parseParams,
  Reg,
  Region,
  unpackDomains,
  unpackWeights,
} from './layout.js';

export interface VerilatorDeviceOptions {
  /** Simulator library (default build/libsoftprop_sim.so, or build/libsoftprop_sim_trace.so with `trace`). */
  libraryPath?: string;
  /**
   * Write a VCD waveform of every signal of the core to this `.vcd` file, from open to close
   * (needs the traced library, `make sim-trace`). Written as a temporary sibling, renamed at close.
   */
  trace?: string;
  /**
   * Cycle budget of one run; a run that needs more is a hang and throws SimBudgetError. Default:
   * four times the cycle model of hdl/SPEC.md 6.5 per round, plus slack.
   */
  cycleBudget?: number;
}

/** MAX_ROUNDS is a 32-bit register. */
const MAX_ROUNDS = 0xffffffff;

/**
 * The Device over the Verilated core (bindings/ + the memory image of fpga/layout.ts): load writes
 * every region once, state moves as one WEIGHTS-region transfer each way, run is one sp_run call.
 */
export class VerilatorDevice implements Device {
  readonly kind = 'verilator' as const;
  readonly params: CoreParams;
  readonly lanes: number;
  private prog: ArcProgram | null = null;
  private img: MemoryImage | null = null;
  private stride = 0;
  private region = new Uint32Array(0);
  private roundCycles = 0;
  /** Cycle budget per run (see VerilatorDeviceOptions); undefined: derived from the cycle model. */
  cycleBudget: number | undefined;

  constructor(
    readonly sim: Sim,
    opts: VerilatorDeviceOptions = {},
  ) {
    this.params = parseParams(sim.params());
    this.lanes = this.params.lanes;
    this.cycleBudget = opts.cycleBudget;
  }

  /** The open trace: the file the user named and the temporary sibling the core writes. */
  private trace: { path: string; temp: string } | null = null;

  static open(opts: VerilatorDeviceOptions = {}): VerilatorDevice {
    const { trace } = opts;
    if (trace !== undefined && !trace.endsWith('.vcd')) throw new UserError(`${trace}: a trace is a .vcd file`);
    const sim = Sim.open(opts.libraryPath, trace === undefined ? 'plain' : 'trace');
    try {
      const device = new VerilatorDevice(sim, opts);
      if (trace !== undefined) device.startTrace(trace);
      return device;
    } catch (e) {
      sim.close();
      throw e;
    }
  }

  private startTrace(path: string): void {
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    try {
      this.sim.traceOpen(temp);
    } catch (e) {
      if (e instanceof SimError) throw new UserError(`${path}: cannot write the trace (${e.message})`);
      throw e;
    }
    this.trace = { path, temp };
  }

  load(prog: ArcProgram): void {
    const img = buildImage(prog, this.params);
    this.sim.reset();
    for (const [addr, value] of img.registers) this.sim.regWrite(addr, value);
    for (const r of img.regions) this.sim.memWrite(r.region, 0, r.words);
    this.prog = prog;
    this.img = img;
    this.stride = valuesPerVar(prog);
    this.region = new Uint32Array(img.weightWords);
    this.roundCycles = modelCyclesPerRound(prog, this.params.lanes);
  }

  private loaded(): { prog: ArcProgram; img: MemoryImage } {
    if (!this.prog || !this.img) throw new Error('VerilatorDevice: no program loaded');
    return { prog: this.prog, img: this.img };
  }

  setDomains(domains: Uint32Array): void {
    const { prog, img } = this.loaded();
    if (domains.length !== prog.nVars * prog.words)
      throw new Error(`setDomains: ${domains.length} words, expected ${prog.nVars * prog.words}`);
    // Packed into the device's own buffer: search offload calls this at every node.
    this.sim.memWrite(Region.weights, 0, packDomains(img, domains, prog.words, this.region));
  }

  setWeights(weights: Uint16Array): void {
    const { prog, img } = this.loaded();
    if (weights.length !== prog.nVars * this.stride)
      throw new Error(`setWeights: ${weights.length} weights, expected ${prog.nVars * this.stride}`);
    this.sim.memWrite(Region.weights, 0, packWeights(img, weights, this.stride, this.region));
  }

  run(mode: DeviceMode, maxRounds: number): DeviceRun {
    this.loaded();
    const rounds = Math.min(MAX_ROUNDS, maxRounds);
    const budget = this.cycleBudget ?? Math.min(Number.MAX_SAFE_INTEGER, (4 * this.roundCycles + 64) * rounds + 4096);
    try {
      const r = this.sim.run(mode === 'hard' ? SIM_MODE_HARD : SIM_MODE_FIXED, rounds, budget);
      return { rounds: r.rounds, fixpoint: r.fixpoint, wipeout: r.wipeout, cycles: r.cycles };
    } catch (e) {
      // Leave the core idle so the device stays usable after a hang report.
      if (e instanceof SimBudgetError) this.sim.regWrite(Reg.ctrl, CTRL_ABORT);
      throw e;
    }
  }

  readDomains(out?: Uint32Array): Uint32Array {
    const { prog, img } = this.loaded();
    const n = prog.nVars * prog.words;
    if (out && out.length !== n) throw new Error(`readDomains: ${out.length} words, expected ${n}`);
    // layout.ts types its default out-array as ArrayBuffer-backed; any Uint32Array works.
    return unpackDomains(
      img,
      this.sim.memRead(Region.weights, 0, this.region),
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
      this.sim.memRead(Region.weights, 0, this.region),
      this.stride,
      (out ?? new Uint16Array(n)) as Uint16Array<ArrayBuffer>,
    );
  }

  /** Closes the device; an open trace is flushed and renamed into place. */
  close(): void {
    const trace = this.trace;
    this.trace = null;
    try {
      if (trace && !this.sim.closed) {
        this.sim.traceClose();
        renameSync(trace.temp, trace.path);
      }
    } catch (e) {
      if (trace) rmSync(trace.temp, { force: true });
      throw new UserError(`${trace?.path}: cannot write the trace: ${(e as Error).message}`);
    } finally {
      this.sim.close();
    }
  }
}
