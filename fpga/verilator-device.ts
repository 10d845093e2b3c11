import { renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SIM_MODE_FIXED, SIM_MODE_HARD, Sim } from '../bindings/sim.js';
import { SimBudgetError, SimError } from '../bindings/status.js';
import { UserError } from '../solver/api/user-error.js';
import type { Device, DeviceMode, DeviceRun } from './device.js';
import { CTRL_ABORT, parseParams, Reg } from './layout.js';
import { WindowDevice } from './window-device.js';

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
export class VerilatorDevice extends WindowDevice implements Device {
  readonly kind = 'verilator' as const;
  /** Cycle budget per run (see VerilatorDeviceOptions); undefined: derived from the cycle model. */
  cycleBudget: number | undefined;

  constructor(
    readonly sim: Sim,
    opts: VerilatorDeviceOptions = {},
  ) {
    super(sim, parseParams(sim.params()));
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

  protected beforeLoad(): void {
    this.sim.reset();
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
