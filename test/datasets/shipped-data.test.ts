import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../support/cli.js';
import { regeneratePrefix, SHIPPED_MODELS, shippedMeta } from '../support/shipped-model.js';

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
describe('training data of the shipped encoders', () => {
  for (const model of SHIPPED_MODELS) {
    it(`${model}: the recorded generate command still writes the recorded data (first records)`, () => {
      const meta = shippedMeta(model);
      const dir = fixtures({});
      try {
        const data = regeneratePrefix(meta, dir);
        if (data === null) {
          console.warn(`shipped-data: ${model}: ${meta.dataPrefix.source} is absent, so its training data cannot be regenerated here`);
          return;
        }
        const sha = createHash('sha256').update(readFileSync(data)).digest('hex');
        expect(sha, 'search or the generator changed: the shipped model can no longer be reproduced from meta.json').toBe(
          meta.dataPrefix.sha256,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
