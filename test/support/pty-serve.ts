import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * The pseudo-terminal harness (build/sp_pty_serve, `make pty-serve`, hdl/SPEC.md 7.7): the
 * Verilated FPGA top, UART bridge included, served on a pseudo-terminal that the serialport driver
 * opens as it would a board's.
 */
const SERVE = 'build/sp_pty_serve';

export interface Served {
  /** The pseudo-terminal's path, printed on the harness's first line. */
  path: string;
  proc: ChildProcess;
  /** The harness's exit report (bytes each way, injected errors per direction). */
  report: Promise<string>;
}

const running: ChildProcess[] = [];

/** Starts the harness with `args` and resolves once it has printed its pseudo-terminal. */
export async function servePty(args: string[] = []): Promise<Served> {
  if (!existsSync(SERVE)) throw new Error(`${SERVE} is missing: run \`make pty-serve\``);
  // --stall-ms 5: a quiet line drops a partial request well within the host's gap before a retry.
  const proc = spawn(SERVE, ['--stall-ms', '5', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(proc);
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  // 'close', not 'exit': the report may still be in the stderr pipe when the process has exited.
  const report = new Promise<string>((resolve) => proc.on('close', () => resolve(err)));
  const path = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).once('line', resolve);
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`${SERVE} exited (${code}) before printing its pty: ${err}`)));
  });
  return { path, proc, report };
}

/** The harness's report, stopping it first if the host never opened (and so never closed) its pty. */
export function stopped(served: Served): Promise<string> {
  if (served.proc.exitCode === null) served.proc.kill('SIGTERM');
  return served.report;
}

/** Stops every harness still running (for afterEach / afterAll). */
export function stopAll(): void {
  for (const p of running.splice(0)) if (p.exitCode === null) p.kill('SIGTERM');
}
