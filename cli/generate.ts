import { availableParallelism } from 'node:os';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { FamilyFlags } from '../encoder/datasets/family.js';
import { FAMILY_NAMES } from '../encoder/datasets/family-names.js';
import { UserError } from '../solver/api/user-error.js';
import { anyNumber, existing, nonNegativeInt, positiveInt, seedOption } from './flags.js';

/** `softprop generate` flags as commander parses them (counts here; each family checks its own ranges, which differ by family). */
interface GenerateFlags extends FamilyFlags {
  count: number;
  seed: number;
  out: string;
  workers: number;
  states?: true | string;
  maxStates?: number;
}

export function register(program: Command): void {
  program
    .command('generate')
    .description('generate a JSONL dataset of instances with solutions (record format: encoder/datasets/record.ts)')
    .argument('<family>', FAMILY_NAMES.join(' | '))
    .requiredOption('--count <n>', 'number of instances', positiveInt)
    .requiredOption('--out <file>', 'output JSONL file (written atomically)')
    .addOption(seedOption('seed; the same seed gives the same file whatever --workers'))
    .option('--workers <w>', 'worker threads', positiveInt, Math.max(1, availableParallelism()))
    .option('--size <n>', 'sudoku box order (3: 9×9, default), latin order (15), vertices (50), variables (cnf 100, rb 20)', positiveInt)
    .option('--givens <g>', 'sudoku: target givens (default: as few as removal reaches); with --from: at most g', nonNegativeInt)
    .option(
      '--attempts <a>',
      'sudoku: removal steps per puzzle: 1 pass, then swap-and-sweep steps keeping the fewest givens (default 1)',
      positiveInt,
    )
    .option('--from <file>', 'sudoku: draw puzzles from this file (e.g. 17-clue puzzles), each under a random symmetry', existing('file'))
    .option('--colors <k>', 'coloring: colours (default 3)', positiveInt)
    .option('--density <p>', 'coloring: edge probability between differently coloured vertices (default 0.1)', anyNumber)
    .option('--holes <f>', 'latin: fraction of empty cells (default 0.42)', anyNumber)
    .option('--unique', 'latin: empty cells only while the completion stays unique')
    .option('--ratio <r>', 'cnf: clauses per variable (default 4.26); rb: r, constraints = r·n·ln n (default 0.8)', anyNumber)
    .option('--planted', 'cnf: plant a satisfying assignment (every instance satisfiable)')
    .option('--alpha <a>', 'rb: domain size n^alpha (default 0.8)', anyNumber)
    .option('--tightness <p>', 'rb: fraction of forbidden value pairs per constraint (default 0.5)', anyNumber)
    .option('--nodes <n>', 'search node budget per solver call (default 200000)', positiveInt)
    .option(
      '--states [which]',
      "write the decision states of each instance's search instead (live: those a solution lies below, the default; all)",
    )
    .option('--max-states <n>', 'with --states: states kept per instance at most, drawn uniformly (default 50)', positiveInt)
    .action((family: string, flags: GenerateFlags) => runGenerate(family, flags));
}

async function runGenerate(family: string, flags: GenerateFlags): Promise<void> {
  const { count, seed, out, workers, states, maxStates, ...familyFlags } = flags;
  if (maxStates !== undefined && states === undefined) throw new UserError('--max-states needs --states');
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, etaBuffer: 50 }, Presets.shades_classic) : undefined;
  bar?.start(count, 0);
  try {
    const { generateDataset } = await import('../encoder/datasets/generate.js');
    const summary = await generateDataset({
      family,
      flags: familyFlags,
      count,
      seed,
      out,
      workers,
      states: states === undefined ? undefined : { keep: (states === true ? 'live' : states) as 'live' | 'all', max: maxStates ?? 50 },
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    const rate = summary.count / summary.seconds;
    process.stderr.write(
      states === undefined
        ? `wrote ${summary.count} ${family} instances to ${out} in ${summary.seconds.toFixed(1)} s (${rate.toFixed(1)}/s)\n`
        : `wrote ${summary.records} states of ${summary.count} ${family} instances to ${out} in ${summary.seconds.toFixed(1)} s (${(summary.records / summary.seconds).toFixed(1)} states/s)\n`,
    );
  } finally {
    bar?.stop();
  }
}
