import { UserError } from '../solver/api/user-error.js';
import type { ArcProgram } from '../solver/rounds/arcs.js';
import type { LinkStats } from './uart-link.js';

/** Which propagation a device runs: bitmask arc consistency, or Q1.15 soft rounds (hdl/SPEC.md 3–4). */
export type DeviceMode = 'hard' | 'fixed';

/** Implementations of Device: the bit-exact TypeScript reference, the Verilated core, or a core behind a serial port. */
export const DEVICE_KINDS = ['ts', 'verilator', 'serial'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A device as a user names it: `ts`, `verilator`, or `serial:PATH[@baud]` (a board's UART, or a pseudo-terminal). */
export type DeviceName = 'ts' | 'verilator' | `serial:${string}`;

/** The usage text of a device name, for flag descriptions and messages. */
export const DEVICE_NAMES_TEXT = 'ts, verilator or serial:PATH[@baud]';

/** A parsed device name. */
export type DeviceSpec = { kind: 'ts' } | { kind: 'verilator' } | { kind: 'serial'; path: string; baud: number | undefined };

/**
 * Reads a device name (DeviceName); throws a UserError saying what is accepted. The baud is the
 * digits after the last '@', so a path may hold an '@' itself when a baud follows.
 */
export function parseDeviceName(name: string): DeviceSpec {
  if (name === 'ts' || name === 'verilator') return { kind: name };
  const m = /^serial:(.*?)(?:@(\d+))?$/.exec(name);
  if (m && m[1] !== '') {
    const baud = m[2] === undefined ? undefined : Number(m[2]);
    if (baud !== undefined && !(baud >= 50 && baud <= 12_000_000))
      throw new UserError(`device '${name}': baud ${m[2]} is not a line rate (50 to 12000000)`);
    return { kind: 'serial', path: m[1] as string, baud };
  }
  throw new UserError(`device '${name}' is not one of ${DEVICE_NAMES_TEXT}`);
}

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
  /** What the host link has detected and recovered so far (a device behind a link, fpga/uart-link.ts). */
  linkStats?(): LinkStats;
  /** Releases native resources; the device is unusable afterwards. */
  close(): void;
}
