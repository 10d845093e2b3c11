import { spawnSync } from 'node:child_process';

/**
 * End-to-end tests spawn the built CLI: build once per test run so it is never stale (~1 s). Type
 * errors are printed but do not stop the run: tsc still emits, `make build` and `make check` are
 * where they fail, and a test run of one file should not depend on unrelated files typing.
 */
export default function setup(): void {
  const r = spawnSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { stdio: 'inherit' });
  if (r.error) throw r.error;
}
