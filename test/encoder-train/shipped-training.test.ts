import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, softprop } from '../support/cli.js';
import { recordedArgs, regeneratePrefix, SHIPPED_MODELS, shippedMeta, withFlags } from '../support/shipped-model.js';

/**
 * A shipped model is reproduced by its recorded train command only while training computes bit for
 * bit as it did then: a reordered sum or a fused op changes the weights after a few steps, and the
 * recorded command then trains a different model without a word (it happened once: every shipped
 * model had to be retrained). The train command, run over its data's recorded first records
 * (shipped-data.test.ts checks those) for meta.json's trainCheck.epochs, must write the weights
 * recorded there.
 */
describe('training of the shipped encoders', () => {
  for (const model of SHIPPED_MODELS) {
    it(`${model}: the recorded train command still computes the recorded weights (data prefix)`, { timeout: 300_000 }, () => {
      const meta = shippedMeta(model);
      const dir = fixtures({});
      try {
        const data = regeneratePrefix(meta, dir);
        if (data === null) {
          console.warn(`shipped-training: ${model}: ${meta.dataPrefix.source} is absent, so its training cannot be rerun here`);
          return;
        }
        const out = join(dir, 'model');
        const args = withFlags(recordedArgs(meta, 'train'), { '--data': data, '--out': out, '--epochs': String(meta.trainCheck.epochs) });
        const r = softprop(args);
        expect(r.code, r.err).toBe(0);
        const sha = createHash('sha256')
          .update(readFileSync(join(out, 'weights.bin')))
          .digest('hex');
        expect(sha, 'training computes differently: the recorded command no longer reproduces the shipped model').toBe(
          meta.trainCheck.weightsSha256,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
