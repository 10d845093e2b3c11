import { loadSimLibrary, type SimLibrary } from './loader.js';
import type { SimFlavour } from './sim-build.js';
import {
  check,
  SimArgError,
  SimStateError,
  SP_ERR_ARG,
  SP_ERR_STATE,
  SP_STATUS_DONE,
  SP_STATUS_FIXPOINT,
  SP_STATUS_WIPEOUT,
} from './status.js';

/** What one sp_run call reports. */
export interface SimRunResult {
  /** Raw SP_STATUS_* bits. */
  status: number;
  done: boolean;
  fixpoint: boolean;
  wipeout: boolean;
  rounds: number;
  /** Clock cycles stepped by this call. */
  cycles: number;
}

/** Core modes of sp_run. */
export const SIM_MODE_HARD = 0;
export const SIM_MODE_FIXED = 1;
/** Ops of sp_unit_batch. */
export const UNIT_MUL = 0;
export const UNIT_OR = 1;

interface LiveHandle {
  lib: SimLibrary;
  handle: bigint;
}

/** Handles not yet destroyed. A Verilated model still alive when the process exits can crash the exit (measured: SIGSEGV in about a third of runs), so 'exit' destroys what is left. */
const live = new Set<LiveHandle>();
function destroy(h: LiveHandle): void {
  if (live.delete(h)) h.lib.sp_destroy(h.handle);
}
// Handles dropped without close() are destroyed when collected; close() is still the contract.
const leaked = new FinalizationRegistry<LiveHandle>(destroy);
process.once('exit', () => {
  for (const h of [...live]) destroy(h);
});

/**
 * One simulated device: a thin, typed wrapper over one sp_sim handle. Every call checks its status
 * and throws the typed error of bindings/status.ts; memory moves in bulk typed arrays. Call close()
 * when done (a closed Sim throws SimStateError on use).
 */
export class Sim {
  private handle: bigint | null;
  private readonly held: LiveHandle;
  // Out-parameters reused across calls so run() allocates no buffers.
  private readonly status = new Uint32Array(1);
  private readonly rounds = new Uint32Array(1);
  private readonly cycles = new BigUint64Array(1);
  private readonly word = new Uint32Array(1);

  private constructor(
    readonly lib: SimLibrary,
    handle: bigint,
  ) {
    this.handle = handle;
    this.held = { lib, handle };
    live.add(this.held);
    leaked.register(this, this.held, this);
  }

  /** Creates a device from the library at `libraryPath` (default: the `flavour` one loadSimLibrary finds or builds). */
  static open(libraryPath?: string, flavour: SimFlavour = 'plain'): Sim {
    const lib = loadSimLibrary(libraryPath, flavour);
    const handle = lib.sp_create();
    if (!handle) throw new SimStateError(SP_ERR_STATE, 'sp_create: out of memory');
    return new Sim(lib, handle);
  }

  private h(): bigint {
    if (this.handle === null) throw new SimStateError(SP_ERR_STATE, 'simulator handle used after close()');
    return this.handle;
  }

  /** Destroys the handle; safe to call twice. */
  close(): void {
    if (this.handle === null) return;
    leaked.unregister(this);
    destroy(this.held);
    this.handle = null;
  }

  get closed(): boolean {
    return this.handle === null;
  }

  reset(): void {
    check(this.lib.sp_reset(this.h()), 'sp_reset');
  }

  /** The core's build parameters, in the order of hdl/SPEC.md section 6. */
  params(max = 64): Uint32Array {
    const out = new Uint32Array(max);
    const n = check(this.lib.sp_params(this.h(), out, max), 'sp_params');
    return out.slice(0, n);
  }

  regWrite(addr: number, value: number): void {
    check(this.lib.sp_reg_write(this.h(), addr, value >>> 0), 'sp_reg_write');
  }

  regRead(addr: number): number {
    check(this.lib.sp_reg_read(this.h(), addr, this.word), 'sp_reg_read');
    return this.word[0] as number;
  }

  /** Writes all of `words` to `region` starting at word `offset`. */
  memWrite(region: number, offset: number, words: Uint32Array): void {
    if (words.length === 0) return;
    check(this.lib.sp_mem_write(this.h(), region, offset, words, words.length), 'sp_mem_write');
  }

  /** Fills all of `out` from `region` starting at word `offset`. */
  memRead<T extends Uint32Array>(region: number, offset: number, out: T): T {
    if (out.length === 0) return out;
    check(this.lib.sp_mem_read(this.h(), region, offset, out, out.length), 'sp_mem_read');
    return out;
  }

  /**
   * Runs up to `maxRounds` rounds in `mode` (SIM_MODE_HARD / SIM_MODE_FIXED), stopping early at a
   * fixpoint or wipe-out; throws SimBudgetError when `cycleBudget` cycles pass without done.
   */
  run(mode: number, maxRounds: number, cycleBudget: number): SimRunResult {
    check(this.lib.sp_run(this.h(), mode, maxRounds, cycleBudget, this.status, this.rounds, this.cycles), 'sp_run');
    const status = this.status[0] as number;
    return {
      status,
      done: (status & SP_STATUS_DONE) !== 0,
      fixpoint: (status & SP_STATUS_FIXPOINT) !== 0,
      wipeout: (status & SP_STATUS_WIPEOUT) !== 0,
      rounds: this.rounds[0] as number,
      cycles: Number(this.cycles[0]),
    };
  }

  /**
   * Starts a VCD trace of every signal into `path` (the traced library only: `make sim-trace`);
   * two time steps of 5 units per clock cycle. Throws SimArgError on the untraced library or when
   * a trace is already open, SimStateError when the file cannot be created.
   */
  traceOpen(path: string): void {
    const open = this.lib.sp_trace_open;
    if (!open) throw new SimArgError(SP_ERR_ARG, `${this.lib.path}: not the traced build (make sim-trace)`);
    check(open(this.h(), path), 'sp_trace_open');
  }

  /** Flushes and closes the trace (sp_destroy also closes an open one). */
  traceClose(): void {
    const close = this.lib.sp_trace_close;
    if (!close) throw new SimArgError(SP_ERR_ARG, `${this.lib.path}: not the traced build (make sim-trace)`);
    check(close(this.h()), 'sp_trace_close');
  }

  /** out[k] = op(a[k], b[k]) in Q1.15 through the core's arithmetic units (UNIT_MUL / UNIT_OR). */
  unitBatch<T extends Uint16Array>(op: number, a: Uint16Array, b: Uint16Array, out: T): T {
    if (a.length !== b.length || out.length < a.length)
      throw new SimArgError(SP_ERR_ARG, `unitBatch: lengths a=${a.length} b=${b.length} out=${out.length}`);
    if (a.length === 0) return out;
    check(this.lib.sp_unit_batch(this.h(), op, a, b, out, a.length), 'sp_unit_batch');
    return out;
  }
}
