import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';

/**
 * The shipped encoders record the command that regenerates their training data (meta.json
 * "reproduce") and the data's sha256. The sudoku and latin generators run the solver's search (and
 * 3sat's decision states are met and labelled by it), so a change to search behaviour (variable
 * order, failure weights, propagation order) silently changes that data. This regenerates the
 * first records with the recorded command and compares them with the hash of the same lines of
 * the real training file.
 *
 * The sudoku model's data are decision states of puzzles from the shared benchmark pool
 * (dataPrefix.source beside the project, its first sourceLines lines; never copied into the
 * project): its check needs that pool and says so when it is absent.
 */
const repo = resolve(import.meta.dirname, '../..');

describe('training data of the shipped encoders', () => {
  for (const model of ['sudoku', 'latin', '3sat']) {
    it(`${model}: the recorded generate command still writes the recorded data (first records)`, () => {
      const meta = JSON.parse(readFileSync(join(repo, 'encoder/models', model, 'meta.json'), 'utf8')) as {
        reproduce: string[];
        dataPrefix: { records: number; sha256: string; count?: number; source?: string; sourceLines?: number };
      };
      const prefix = meta.dataPrefix;
      const generate = meta.reproduce.find((c) => c.startsWith('softprop generate')) as string;
      const args = generate.split('#')[0]?.trim().split(/\s+/) as string[];
      expect(args.slice(0, 2)).toEqual(['softprop', 'generate']);
      const source = prefix.source === undefined ? undefined : resolve(repo, prefix.source);
      if (source !== undefined && !existsSync(source)) {
        console.warn(`shipped-data: ${model}: ${source} is absent, so its training data cannot be regenerated here`);
        return;
      }
      const dir = fixtures({});
      try {
        const out = join(dir, 'data.jsonl');
        const flags = args.slice(1);
        flags[flags.indexOf('--count') + 1] = String(prefix.count ?? prefix.records);
        flags[flags.indexOf('--out') + 1] = out;
        if (source !== undefined) {
          const pool = join(dir, 'pool.txt');
          writeFileSync(pool, `${readFileSync(source, 'utf8').split('\n').slice(0, prefix.sourceLines).join('\n')}\n`);
          flags[flags.indexOf('--from') + 1] = pool;
        }
        const r = softprop(flags);
        expect(r.code, r.err).toBe(0);
        const sha = createHash('sha256').update(readFileSync(out)).digest('hex');
        expect(sha, 'search or the generator changed: the shipped model can no longer be reproduced from meta.json').toBe(
          meta.dataPrefix.sha256,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
