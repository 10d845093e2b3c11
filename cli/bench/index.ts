import type { BenchSection } from './report.js';

/**
 * Benchmark sections `softprop bench` runs, in order (one line per section file). Each loads on
 * demand, so that the CLI starts without the solver, the device layer (koffi) or tfjs.
 */
export const sections: Record<string, BenchSection> = {
  solver: async (opts) => (await import('./solver.js')).solverSection(opts),
  fpga: async (opts) => (await import('./fpga.js')).fpgaSection(opts),
  soft: async (opts) => (await import('./soft.js')).softSection(opts),
  encoder: async (opts) => (await import('./encoder.js')).encoderSection(opts),
  train: async (opts) => (await import('./train-throughput.js')).trainThroughputSection(opts),
  minizinc: async (opts) => (await import('./minizinc.js')).minizincSection(opts),
};
