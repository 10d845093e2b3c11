/**
 * What every benchmark section returns. A row compares a measured figure against a baseline
 * measured in the same run (never a constant), so a noisy shared machine shifts both alike. The one
 * exception is a baseline that cannot run here (tdoku): its published figure is read from the suite
 * and `baselineName` says so.
 */
export interface BenchRow {
  /** Section and suite, e.g. "solver/sudoku top95". */
  suite: string;
  /** What was measured, e.g. "median ms/puzzle". */
  metric: string;
  value: number;
  /** The baseline's figure for the same metric, measured in the same run (or published: see above). */
  baseline?: number;
  /** Name of the baseline, e.g. "minizinc+gecode", "typed-array a+b-ab loop". */
  baselineName?: string;
  /** value / baseline, or baseline / value where higher is better: say which in `note`. */
  ratio?: number;
  /** Target, e.g. ">= 0.5", checked by the section and reported as met / not met. */
  target?: string;
  met?: boolean;
  note?: string;
}

export interface BenchOptions {
  /** Folder of public benchmark instances (../shared/benchmarks layout), if present. */
  suite?: string;
  seed: number;
  /** Smaller workloads for a quick look. */
  quick: boolean;
  /** Per-instance time limit of the measured solver in seconds, where a section has one (--limit). */
  limitS?: number;
  /** Per-instance time limit of the baseline in seconds, where a section has one (--baseline-limit). */
  baselineLimitS?: number;
  /** Progress and log lines go here (stderr), never to stdout. */
  log: (line: string) => void;
}

export type BenchSection = (opts: BenchOptions) => Promise<BenchRow[]>;
