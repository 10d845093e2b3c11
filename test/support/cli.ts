import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI (test/support/global-setup.ts builds it before any test runs). */
export const MAIN = 'dist/cli/main.js';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `softprop ARGS` as a user would, with optional standard input. */
export function softprop(args: string[], input?: string): CliRun {
  const r = spawnSync('node', [MAIN, ...args], { encoding: 'utf8', input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A fresh folder per test holding the given fixture files. */
export function fixtures(files: Record<string, string>, prefix = 'softprop-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
