import type { Command } from 'commander';
import { sections } from './bench/index.js';
import type { BenchRow } from './bench/report.js';
import { existing, listOf, positiveNumber, seedOption } from './flags.js';
import { stdout } from './output.js';

export interface BenchFlags {
  suite?: string;
  only?: string[];
  seed: number;
  quick?: boolean;
  json?: boolean;
  limit?: number;
  baselineLimit?: number;
}

export function register(program: Command): void {
  program
    .command('bench')
    .description(
      `run the benchmark sections (${Object.keys(sections).join(', ')}); every figure is compared with a baseline measured in the same run`,
    )
    .option('--suite <dir>', 'folder of public benchmark instances (../shared/benchmarks layout)', existing('folder'))
    .option('--only <sections>', 'comma-separated sections to run', listOf(Object.keys(sections)))
    .addOption(seedOption('seed for sampling and generated instances'))
    .option('--quick', 'smaller workloads and time limits')
    .option('--limit <s>', 'minizinc: softprop time limit per instance in seconds (default 20)', positiveNumber)
    .option('--baseline-limit <s>', 'minizinc: Gecode time limit per instance in seconds (default 60)', positiveNumber)
    .option('--json', 'print the rows as JSON')
    .action((flags: BenchFlags) => runBench(flags));
}

export async function runBench(flags: BenchFlags): Promise<void> {
  const names = flags.only ?? Object.keys(sections);
  const rows: BenchRow[] = [];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  for (const n of names) {
    log(`bench: section ${n}`);
    const section = sections[n];
    if (section)
      rows.push(
        ...(await section({
          suite: flags.suite,
          seed: flags.seed,
          quick: flags.quick ?? false,
          log,
          ...(flags.limit === undefined ? {} : { limitS: flags.limit }),
          ...(flags.baselineLimit === undefined ? {} : { baselineLimitS: flags.baselineLimit }),
        })),
      );
  }
  stdout.write(flags.json ? `${JSON.stringify(rows, null, 1)}\n` : formatTable(rows));
}

function num(v: number | undefined): string {
  if (v === undefined) return '';
  if (v === 0 || Math.abs(v) >= 100) return String(Math.round(v));
  return v.toPrecision(3);
}

/** Rows as an aligned text table, notes below. */
export function formatTable(rows: BenchRow[]): string {
  const head = ['suite', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.suite,
    r.metric,
    num(r.value),
    r.baseline === undefined ? '' : `${num(r.baseline)}${r.baselineName ? ` (${r.baselineName})` : ''}`,
    num(r.ratio),
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const width = head.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const fmt = (row: string[]) =>
    row
      .map((s, c) => s.padEnd(width[c] as number))
      .join('  ')
      .trimEnd();
  const notes = rows.flatMap((r) => (r.note ? [`  ${r.suite} / ${r.metric}: ${r.note}`] : []));
  return `${[fmt(head), ...cells.map(fmt)].join('\n')}\n${notes.length ? `notes:\n${notes.join('\n')}\n` : ''}`;
}
