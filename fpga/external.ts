import type { Problem } from '../solver/model/problem.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { compileArcs } from '../solver/rounds/arcs.js';
import type { ExternalPropagator } from '../solver/search/engine.js';
import type { SearchExtension, SearchOptions } from '../solver/search/search.js';
import type { Device, DeviceName } from './device.js';
import { type OpenDeviceOptions, openDevice } from './open-device.js';

/** Rounds per device run; a run that stops on this limit is simply continued. */
const ROUNDS_PER_RUN = 4096;

/**
 * Search offload: an ExternalPropagator that runs hard-mode rounds on a Device (the simulated core,
 * or the TS reference) to the arc-consistency fixpoint of the decomposed problem. The device holds
 * the problem's arc program for its whole life; each call moves only the domains.
 */
export class DeviceExternal implements ExternalPropagator {
  /** Calls, rounds and simulated cycles so far (cycles stay 0 on a device without a clock). */
  calls = 0;
  rounds = 0;
  cycles = 0;

  constructor(
    readonly device: Device,
    prog: ArcProgram,
  ) {
    device.load(prog);
  }

  fixpoint(dom: Uint32Array): boolean {
    this.calls++;
    this.device.setDomains(dom);
    for (;;) {
      const r = this.device.run('hard', ROUNDS_PER_RUN);
      this.rounds += r.rounds;
      this.cycles += r.cycles ?? 0;
      if (r.wipeout) return false;
      if (r.fixpoint) break;
    }
    this.device.readDomains(dom);
    return true;
  }

  close(): void {
    this.device.close();
  }
}

/** Opens the device `kind` names (fpga/device.ts DeviceName) and loads `problem`'s arc program into it, ready for `search({ external })`. */
export function deviceExternal(kind: DeviceName, problem: Problem, opts: OpenDeviceOptions = {}): DeviceExternal {
  const device = openDevice(kind, opts);
  try {
    return new DeviceExternal(device, compileArcs(problem));
  } catch (e) {
    device.close();
    throw e;
  }
}

/** What a search's device did: calls (search nodes it propagated), rounds run, simulated clock cycles (0 without a clock). */
export interface DeviceTotals {
  calls: number;
  rounds: number;
  cycles: number;
}

/**
 * `softprop solve --device NAME`: an extension that adds a DeviceExternal to the search options of
 * every problem, keeping everything else in them. One device is opened on first use and reloaded
 * with each problem's arc program; `totals()` sums what every search's external did.
 */
export class DeviceExtension implements SearchExtension {
  private device: Device | undefined;
  private current: DeviceExternal | undefined;
  /** Totals of the externals before `current` (only the latest is kept alive). */
  private readonly done: DeviceTotals = { calls: 0, rounds: 0, cycles: 0 };

  constructor(
    readonly name: DeviceName,
    private readonly opts: OpenDeviceOptions = {},
  ) {}

  extend(p: Problem, search: SearchOptions): SearchOptions {
    this.device ??= openDevice(this.name, this.opts);
    this.fold();
    this.current = new DeviceExternal(this.device, compileArcs(p));
    return { ...search, external: this.current };
  }

  /** Calls, rounds and cycles of every search extended so far. */
  totals(): DeviceTotals {
    const c = this.current;
    return c
      ? { calls: this.done.calls + c.calls, rounds: this.done.rounds + c.rounds, cycles: this.done.cycles + c.cycles }
      : { ...this.done };
  }

  /** Closes the device (when one was opened); the extension is unusable afterwards. */
  close(): void {
    this.fold();
    this.device?.close();
    this.device = undefined;
  }

  private fold(): void {
    const c = this.current;
    if (!c) return;
    this.done.calls += c.calls;
    this.done.rounds += c.rounds;
    this.done.cycles += c.cycles;
    this.current = undefined;
  }
}

/** `softprop solve --device NAME`'s extension (a DeviceExtension). */
export function withDevice(kind: DeviceName, opts: OpenDeviceOptions = {}): DeviceExtension {
  return new DeviceExtension(kind, opts);
}
