import type { ArcProgram } from '../solver/rounds/arcs.js';

/** Which propagation a device runs: bitmask arc consistency, or Q1.15 soft rounds (hdl/SPEC.md 3–4). */
export type DeviceMode = 'hard' | 'fixed';

/** Implementations of Device: the bit-exact TypeScript reference, or the Verilated core. */
export const DEVICE_KINDS = ['ts', 'verilator'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** How one run ended (hdl/SPEC.md section 5 stopping rule). */
export interface DeviceRun {
  /** Rounds run; the last one is the round that stopped the run. */
  rounds: number;
  /** The last round changed nothing. */
  fixpoint: boolean;
  /** The last round left some variable with no value (hard) or all-zero weights (fixed). */
  wipeout: boolean;
  /** Simulated clock cycles of the run; undefined for a device without a clock (the TS reference). */
  cycles: number | undefined;
}

/**
 * A propagation device: holds one arc program and one state (hard domains or fixed-point weights)
 * and runs synchronous rounds on it. Hard state is `nVars * words` bitmask words (the Problem
 * layout); fixed state is `nVars * stride` Q1.15 weights, stride = largest domain size (value a of
 * variable x at x*stride + a). Both devices must produce the same words, bit for bit.
 */
export interface Device {
  readonly kind: DeviceKind;
  /**
   * Value lanes of a clocked core, whose cycles per round are those of the cycle model (hdl/SPEC.md
   * 6.5) for this many lanes; undefined for a device without a clock.
   */
  readonly lanes: number | undefined;
  /** Loads an arc program; the state is undefined until setDomains / setWeights. */
  load(prog: ArcProgram): void;
  /** Sets the hard-mode state. */
  setDomains(domains: Uint32Array): void;
  /** Sets the fixed-mode state. */
  setWeights(weights: Uint16Array): void;
  /** Runs up to `maxRounds` rounds in `mode`, stopping early at a fixpoint or a wipe-out. */
  run(mode: DeviceMode, maxRounds: number): DeviceRun;
  /**
   * Returns the hard-mode state, all nVars * words words the device holds: in `out` when given (it
   * must have exactly that length), else in a new array.
   */
  readDomains(out?: Uint32Array): Uint32Array;
  /** Returns the fixed-mode state, all nVars * stride weights, in `out` (exactly that long) or a new array. */
  readWeights(out?: Uint16Array): Uint16Array;
  /** Releases native resources; the device is unusable afterwards. */
  close(): void;
}
