import { fpgaSection } from './fpga.js';
import type { BenchSection } from './report.js';
import { softSection } from './soft.js';
import { solverSection } from './solver.js';

/** Benchmark sections `softprop bench` runs, in order (one line per section file). */
export const sections: Record<string, BenchSection> = {
  solver: solverSection,
  fpga: fpgaSection,
  soft: softSection,
  // Loaded on demand: it brings in tfjs.
  encoder: async (opts) => (await import('./encoder.js')).encoderSection(opts),
};
