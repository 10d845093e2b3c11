import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { softprop } from './cli.js';

/** The project root (the shipped models' recorded paths are relative to it). */
export const REPO = resolve(import.meta.dirname, '../..');

/** The shipped encoders, encoder/models/<name>. */
export const SHIPPED_MODELS = ['sudoku', 'latin', 'coloring', '3sat'] as const;

/** The parts of a shipped model's meta.json that say how to reproduce it. */
export interface ShippedMeta {
  reproduce: string[];
  /** The generate command's first records: its --count, their number and sha256, and the benchmark pool it reads, if any. */
  dataPrefix: { records: number; sha256: string; count?: number; source?: string; sourceLines?: number };
  /** The train command over that prefix for `epochs` epochs writes a weights.bin with this sha256. */
  trainCheck: { epochs: number; weightsSha256: string };
}

export function shippedMeta(model: string): ShippedMeta {
  return JSON.parse(readFileSync(join(REPO, 'encoder/models', model, 'meta.json'), 'utf8')) as ShippedMeta;
}

/** The arguments after `softprop` of the recorded `softprop <command> …` line (its comment dropped). */
export function recordedArgs(meta: ShippedMeta, command: 'generate' | 'train'): string[] {
  const line = meta.reproduce.find((c) => c.startsWith(`softprop ${command} `));
  if (line === undefined) throw new Error(`meta.json records no softprop ${command} command`);
  return (line.split('#')[0] as string).trim().split(/\s+/).slice(1);
}

/** `args` with the value of each flag in `values` replaced. */
export function withFlags(args: readonly string[], values: Record<string, string>): string[] {
  const out = [...args];
  for (const [flag, value] of Object.entries(values)) {
    const at = out.indexOf(flag);
    if (at < 0) throw new Error(`the recorded command has no ${flag}`);
    out[at + 1] = value;
  }
  return out;
}

/**
 * Regenerates the first records of a model's training data into `dir`/data.jsonl with its recorded
 * generate command (`--count` cut to the prefix's). Null when the data come from a benchmark pool
 * that is not beside the project (never copied into it), which the caller reports.
 */
export function regeneratePrefix(meta: ShippedMeta, dir: string): string | null {
  const prefix = meta.dataPrefix;
  const source = prefix.source === undefined ? undefined : resolve(REPO, prefix.source);
  if (source !== undefined && !existsSync(source)) return null;
  const out = join(dir, 'data.jsonl');
  const values: Record<string, string> = { '--count': String(prefix.count ?? prefix.records), '--out': out };
  if (source !== undefined) {
    values['--from'] = join(dir, 'pool.txt');
    writeFileSync(values['--from'], `${readFileSync(source, 'utf8').split('\n').slice(0, prefix.sourceLines).join('\n')}\n`);
  }
  const r = softprop(withFlags(recordedArgs(meta, 'generate'), values));
  if (r.code !== 0) throw new Error(`the recorded generate command failed: ${r.err}`);
  return out;
}
