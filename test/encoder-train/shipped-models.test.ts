import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';

/**
 * A shipped encoder's meta.json records the commands that reproduce it ("reproduce"), and this
 * checks both halves on the first records of its data:
 * - the recorded generate command still writes them (dataPrefix.sha256). The sudoku and latin
 *   generators run the solver's search (and 3sat's decision states are met and labelled by it),
 *   so a change to search behaviour (variable order, failure weights, propagation order) silently
 *   changes the data;
 * - the recorded train command over them for trainCheck.epochs still writes the recorded weights.
 *   A reordered sum or a fused op changes the weights after a few steps, and the command then
 *   trains a different model without a word (it happened once: every shipped model had to be
 *   retrained).
 * The sudoku model's data are decision states of puzzles from the shared benchmark pool
 * (dataPrefix.source beside the project, its first sourceLines lines; never copied into the
 * project): its check needs that pool and says so when it is absent.
 */
const REPO = resolve(import.meta.dirname, '../..');

interface ShippedMeta {
  reproduce: string[];
  dataPrefix: { records: number; sha256: string; count?: number; source?: string; sourceLines?: number };
  trainCheck: { epochs: number; weightsSha256: string };
}

/** The arguments after `softprop` of the recorded `softprop <command> …` line (its comment dropped), with `values` replacing their flags' values. */
function recorded(meta: ShippedMeta, command: 'generate' | 'train', values: Record<string, string>): string[] {
  const line = meta.reproduce.find((c) => c.startsWith(`softprop ${command} `));
  if (line === undefined) throw new Error(`meta.json records no softprop ${command} command`);
  const args = (line.split('#')[0] as string).trim().split(/\s+/).slice(1);
  for (const [flag, value] of Object.entries(values)) {
    const at = args.indexOf(flag);
    if (at < 0) throw new Error(`the recorded command has no ${flag}`);
    args[at + 1] = value;
  }
  return args;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the shipped encoders reproduce from their recorded commands', () => {
  for (const model of ['sudoku', 'latin', 'coloring', '3sat']) {
    it(`${model}: the generate command writes the recorded data and the train command the recorded weights (data prefix)`, {
      timeout: 300_000,
    }, () => {
      const meta = JSON.parse(readFileSync(join(REPO, 'encoder/models', model, 'meta.json'), 'utf8')) as ShippedMeta;
      const prefix = meta.dataPrefix;
      const source = prefix.source === undefined ? undefined : resolve(REPO, prefix.source);
      if (source !== undefined && !existsSync(source)) {
        console.warn(`shipped-models: ${model}: ${source} is absent, so its data and training cannot be rerun here`);
        return;
      }
      const dir = fixtures({});
      try {
        const data = join(dir, 'data.jsonl');
        const values: Record<string, string> = { '--count': String(prefix.count ?? prefix.records), '--out': data };
        if (source !== undefined) {
          values['--from'] = join(dir, 'pool.txt');
          writeFileSync(values['--from'], `${readFileSync(source, 'utf8').split('\n').slice(0, prefix.sourceLines).join('\n')}\n`);
        }
        const gen = softprop(recorded(meta, 'generate', values));
        expect(gen.code, gen.err).toBe(0);
        expect(sha256(data), 'search or the generator changed: the shipped model can no longer be reproduced from meta.json').toBe(
          prefix.sha256,
        );
        const out = join(dir, 'model');
        const train = softprop(recorded(meta, 'train', { '--data': data, '--out': out, '--epochs': String(meta.trainCheck.epochs) }));
        expect(train.code, train.err).toBe(0);
        expect(
          sha256(join(out, 'weights.bin')),
          'training computes differently: the recorded command no longer reproduces the shipped model',
        ).toBe(meta.trainCheck.weightsSha256);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
