import type { ArcProgram } from '../solver/rounds/arcs.js';
import { FixedPropagator } from '../solver/rounds/fixed-propagate.js';
import { HardRounds } from '../solver/rounds/hard-rounds.js';
import type { Device, DeviceMode, DeviceRun } from './device.js';

/**
 * The Device over the bit-exact TypeScript references: HardRounds for hard mode, FixedPropagator
 * for Q1.15 soft mode. It is the oracle the Verilated core is compared against, word for word.
 */
export class TsDevice implements Device {
  readonly kind = 'ts' as const;
  readonly lanes = undefined;
  private hard: HardRounds | null = null;
  private fixed: FixedPropagator | null = null;
  private domains = new Uint32Array(0);
  private weights = new Uint16Array(0);

  load(prog: ArcProgram): void {
    this.hard = new HardRounds(prog);
    this.fixed = new FixedPropagator(prog);
    this.domains = new Uint32Array(this.hard.size);
    this.weights = new Uint16Array(this.fixed.size);
  }

  setDomains(domains: Uint32Array): void {
    if (domains.length !== this.domains.length) throw new Error(`setDomains: ${domains.length} words, expected ${this.domains.length}`);
    this.domains.set(domains);
  }

  setWeights(weights: Uint16Array): void {
    if (weights.length !== this.weights.length) throw new Error(`setWeights: ${weights.length} weights, expected ${this.weights.length}`);
    this.weights.set(weights);
  }

  run(mode: DeviceMode, maxRounds: number): DeviceRun {
    if (!this.hard || !this.fixed) throw new Error('TsDevice.run: no program loaded');
    const r = mode === 'hard' ? this.hard.run(this.domains, maxRounds) : this.fixed.run(this.weights, maxRounds);
    return { rounds: r.total, fixpoint: r.fixpoint[0] === 1, wipeout: r.wipeout[0] === 1, cycles: undefined };
  }

  readDomains(out = new Uint32Array(this.domains.length)): Uint32Array {
    if (out.length !== this.domains.length) throw new Error(`readDomains: ${out.length} words, expected ${this.domains.length}`);
    out.set(this.domains);
    return out;
  }

  readWeights(out = new Uint16Array(this.weights.length)): Uint16Array {
    if (out.length !== this.weights.length) throw new Error(`readWeights: ${out.length} weights, expected ${this.weights.length}`);
    out.set(this.weights);
    return out;
  }

  close(): void {
    this.hard = null;
    this.fixed = null;
  }
}
