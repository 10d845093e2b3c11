import { execFileSync } from 'node:child_process';

/** End-to-end tests spawn the built CLI: build once per test run so it is never stale (~1 s). */
export default function setup(): void {
  execFileSync('node_modules/.bin/tsc', ['-p', 'tsconfig.json'], { stdio: 'inherit' });
}
