import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../bindings/loader.js';
import { UserError } from '../solver/api/user-error.js';

/** The clock a device's cycles are turned into time at, and where its rate comes from. */
export interface CoreClock {
  mhz: number;
  /** What the rate is: the fmax of a bitstream report, or the boards' oscillator. */
  source: string;
}

/** The boards' oscillator, which clocks the core directly (hdl/SPEC.md 7.6). */
export const BOARD_CLOCK_MHZ = 12;

/** The report `make bitstream` writes (hdl/bitstream-report.mjs). */
const REPORT = join('build', 'bitstream-report.json');

/**
 * The core's clock for converting cycles to time: the fmax nextpnr achieved in build/bitstream-report.json
 * (the slowest clock when it lists several), else the boards' 12 MHz oscillator. A report without
 * an fmax is a UserError naming the file.
 */
export function coreClock(root = packageRoot()): CoreClock {
  const path = join(root, REPORT);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { mhz: BOARD_CLOCK_MHZ, source: `the boards' ${BOARD_CLOCK_MHZ} MHz oscillator (hdl/SPEC.md 7.6; no ${REPORT})` };
  }
  let fmax: unknown;
  try {
    fmax = (JSON.parse(text) as { fmax?: unknown }).fmax;
  } catch (e) {
    throw new UserError(`${path}: not JSON (${(e as Error).message})`);
  }
  const rates =
    typeof fmax === 'object' && fmax !== null ? Object.values(fmax).map((f) => (f as { achievedMHz?: unknown }).achievedMHz) : [];
  if (rates.length === 0 || !rates.every((r): r is number => typeof r === 'number' && r > 0))
    throw new UserError(`${path}: no fmax (expected "fmax": { CLOCK: { "achievedMHz": N } }, as make bitstream writes)`);
  return { mhz: Math.min(...rates), source: `fmax of ${REPORT}` };
}

/** The time `cycles` take at `clock`, in milliseconds. */
export function cyclesMs(cycles: number, clock: CoreClock): number {
  return cycles / (clock.mhz * 1e3);
}
