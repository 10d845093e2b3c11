import { type Command, Option } from 'commander';
import { FORMAT_NAMES } from '../solver/formats/instance.js';
import {
  encoderEvery,
  encoderRoundsOption,
  encoderVariablesOption,
  existing,
  type GuideFlags,
  inferenceOption,
  nonNegativeInt,
  positiveInt,
  positiveNumber,
  seedOption,
} from './flags.js';
import { runInWorker } from './worker-command.js';

/** `softprop evaluate` flags as commander parses them. */
export interface EvaluateFlags extends GuideFlags {
  encoder: string;
  /** Run the search without the encoder beside each guided one (commander's --no-compare sets false). */
  compare: boolean;
  seed: number;
  json?: boolean;
  nodes?: number;
  timeout?: number;
  colors?: number;
  format?: string;
}

/** `softprop evaluate`: an encoder's guided solve over a dataset, beside the same search without it, and a summary table. */
export function register(program: Command): void {
  program
    .command('evaluate')
    .description(
      'solve every instance of a dataset (softprop generate) or solvable file guided by an encoder and, unless --no-compare, without it; per-instance figures and a summary table',
    )
    .argument('<file>', 'JSONL dataset, or any file softprop solve reads', existing('file'))
    .requiredOption('--encoder <dir>', 'trained encoder (softprop train --out)', existing('folder'))
    .option('--encoder-any', "apply --encoder to instances outside what it was trained on (its meta.json's scope), refused otherwise")
    .option(
      '--encoder-every <k>',
      "re-score with the encoder at every k-th decision node from the current domains ('root' or 0: only at the root; default: the model's meta.json guidance, else root)",
      encoderEvery,
    )
    .addOption(encoderVariablesOption())
    .option(
      '--encoder-after <nodes>',
      "search without the encoder for this many nodes first; consult it only if the problem is still open (default: the model's meta.json guidance, else 0: at once)",
      nonNegativeInt,
    )
    .addOption(encoderRoundsOption())
    .addOption(inferenceOption())
    .option('--compare', 'also run the same search without the encoder (the default)', true)
    .option('--no-compare', 'only the guided search')
    .addOption(seedOption('seed for tie-breaking and restarts'))
    .option('--nodes <n>', 'search node limit per instance and side', positiveInt)
    .option('--timeout <s>', 'time limit per instance and side in seconds', positiveNumber)
    .option('--json', 'one JSON object per instance, then one with the summary')
    .option('--colors <k>', 'number of colours for a plain .col graph', positiveInt)
    .addOption(new Option('--format <format>', 'format of a plain input (default: from the file name or content)').choices(FORMAT_NAMES))
    .action(async (file: string, flags: EvaluateFlags) => {
      // The searches run on a worker thread, so that SIGINT stops them with the summary so far (cli/worker-command.ts).
      process.exitCode = await runInWorker(new URL('./evaluate-worker.js', import.meta.url), { file, flags });
    });
}
