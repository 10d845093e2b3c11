// tfjs loads here, on the worker thread, when the command runs.
import type { EvaluateRow, EvaluateSummary, GuidedFigures, PlainFigures } from '../encoder/evaluate.js';
import type { EvaluateFlags } from './evaluate.js';
import { type CommandIo, EXIT_INTERRUPTED } from './worker-command.js';

/** Exit code when a node or time limit left an instance undecided on either side (as `solve`). */
const EXIT_LIMIT = 3;

/**
 * `softprop evaluate`'s work on its worker thread (cli/evaluate-worker.ts): loads the encoder,
 * prints each instance as it is evaluated (text row or JSON object), then the summary; returns the
 * exit code: 0 all decided, 3 a limit stopped a search, EXIT_INTERRUPTED after SIGINT.
 */
export async function runEvaluate(file: string, flags: EvaluateFlags, io: CommandIo): Promise<number> {
  const [{ Encoder }, { evaluate, summarize }] = await Promise.all([
    import('../encoder/guided-solve.js'),
    import('../encoder/evaluate.js'),
  ]);
  const encoder = await Encoder.load(flags.encoder, undefined, { refuseOutside: flags.encoderAny !== true, inference: flags.inference });
  const rows: EvaluateRow[] = [];
  try {
    for await (const row of evaluate({
      file,
      encoder,
      compare: flags.compare,
      seed: flags.seed,
      nodes: flags.nodes,
      timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      interrupt: io.interrupted,
      // Flags not given take the model's recorded guidance (encoder/model-guidance.ts).
      staging: { every: flags.encoderEvery, variables: flags.encoderVars, after: flags.encoderAfter, rounds: flags.encoderRounds },
      read: { colors: flags.colors, format: flags.format },
    })) {
      // The header comes with the first row, so a file refused at its first instance prints nothing.
      if (!flags.json && rows.length === 0) io.out(`${header(flags.compare)}\n`);
      rows.push(row);
      io.out(`${flags.json ? JSON.stringify(row, roundTimes) : textRow(row)}\n`);
    }
  } finally {
    encoder.dispose();
  }
  const summary = summarize(rows);
  io.out(flags.json ? `${JSON.stringify({ summary }, roundTimes)}\n` : textSummary(summary));
  if (io.interrupted()) return EXIT_INTERRUPTED;
  const undecided = rows.some((r) => r.guided.status === 'unknown' || r.plain?.status === 'unknown');
  return undecided ? EXIT_LIMIT : 0;
}

/** JSON.stringify replacer: milliseconds to the microsecond, as `solve --json`. */
function roundTimes(key: string, value: unknown): unknown {
  return (key.endsWith('Ms') || key === 'encoderMsPerCall') && typeof value === 'number' ? Math.round(value * 1000) / 1000 : value;
}

const NAME = 28;
const cells = (values: string[], widths: number[]): string => values.map((v, i) => v.padStart(widths[i] as number)).join(' ');
const SIDE_WIDTHS = [7, 8, 8, 4, 10, 10];
const PLAIN_WIDTHS = [7, 8, 8, 4, 10];

function header(compare: boolean): string {
  const guided = cells(['status', 'nodes', 'backtr', 'zero', 'encoder ms', 'search ms'], SIDE_WIDTHS);
  const plain = compare ? ` | ${cells(['status', 'nodes', 'backtr', 'zero', 'ms'], PLAIN_WIDTHS)}` : '';
  return `${'instance'.padEnd(NAME)} ${'family'.padEnd(8)} ${guided}${plain}${compare ? '   (guided | without the encoder)' : ''}`;
}

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

function guidedCells(g: GuidedFigures): string {
  return cells(
    [g.status, `${g.nodes}`, `${g.backtracks}`, yesNo(g.zeroBacktrack), g.encoderMs.toFixed(2), g.searchMs.toFixed(2)],
    SIDE_WIDTHS,
  );
}

function plainCells(p: PlainFigures): string {
  return cells([p.status, `${p.nodes}`, `${p.backtracks}`, yesNo(p.zeroBacktrack), p.wallMs.toFixed(2)], PLAIN_WIDTHS);
}

function textRow(r: EvaluateRow): string {
  return `${r.name.padEnd(NAME)} ${r.family.padEnd(8)} ${guidedCells(r.guided)}${r.plain ? ` | ${plainCells(r.plain)}` : ''}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** The summary as a table: one line per figure, guided and plain side by side, and their ratio. */
function textSummary(s: EvaluateSummary): string {
  const p = s.plain;
  const line = (label: string, g: string, pl = '', ratio: number | null = null): string =>
    `${label.padEnd(24)} ${g.padStart(12)} ${pl.padStart(12)} ${ratio === null ? '' : ratio.toFixed(3).padStart(12)}`.trimEnd();
  const lines = [
    '',
    line('summary', 'guided', p ? 'plain' : '', null) + (p ? '  guided/plain'.padStart(13) : ''),
    line('instances', `${s.instances}`),
    line('solved', `${s.guided.solved}`, p ? `${p.solved}` : ''),
    line('zero-backtrack', pct(s.guided.zeroBacktrack), p ? pct(p.zeroBacktrack) : ''),
    line('mean nodes', s.guided.meanNodes.toFixed(2), p ? p.meanNodes.toFixed(2) : '', s.nodesRatio),
    line('median nodes', `${s.guided.medianNodes}`, p ? `${p.medianNodes}` : ''),
    line('wall ms, total', s.guided.totalMs.toFixed(1), p ? p.totalMs.toFixed(1) : '', s.timeRatio),
    line('wall ms per instance', s.guided.meanMs.toFixed(2), p ? p.meanMs.toFixed(2) : ''),
    line('encoder ms per call', s.guided.encoderMsPerCall.toFixed(3)),
    `(guided wall time includes the encoder: ${s.guided.encoderMs.toFixed(1)} ms over ${s.guided.encoderCalls} call${s.guided.encoderCalls === 1 ? '' : 's'})`,
  ];
  return `${lines.join('\n')}\n`;
}
