import type { Problem } from '../solver/model/problem.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import { compileArcs } from '../solver/rounds/arcs.js';
import type { ExternalPropagator } from '../solver/search/engine.js';
import type { SearchExtension } from '../solver/search/search.js';
import type { Device, DeviceKind } from './device.js';
import { openDevice } from './open-device.js';
import type { VerilatorDeviceOptions } from './verilator-device.js';

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

/** Opens a device of `kind` and loads `problem`'s arc program into it, ready for `search({ external })`. */
export function deviceExternal(kind: DeviceKind, problem: Problem, opts: VerilatorDeviceOptions = {}): DeviceExternal {
  const device = openDevice(kind, opts);
  try {
    return new DeviceExternal(device, compileArcs(problem));
  } catch (e) {
    device.close();
    throw e;
  }
}

/**
 * `softprop solve --device KIND`: an extension that adds a DeviceExternal to the search options of
 * every problem, keeping everything else in them. One device is opened on first use and reloaded
 * with each problem's arc program.
 */
export function withDevice(kind: DeviceKind, opts: VerilatorDeviceOptions = {}): SearchExtension {
  let device: Device | undefined;
  return {
    extend(p, search) {
      device ??= openDevice(kind, opts);
      return { ...search, external: new DeviceExternal(device, compileArcs(p)) };
    },
  };
}
