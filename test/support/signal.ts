import { spawn } from 'node:child_process';
import { MAIN } from './cli.js';

export interface Signalled {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Runs `softprop ARGS` and sends `signal` `afterMs` after its first output (or after the start when
 * `afterOutput` is false); fails if the process has not ended 30 s after the signal.
 */
export function signalAfter(args: string[], signal: NodeJS.Signals, afterOutput: boolean, afterMs: number): Promise<Signalled> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [MAIN, ...args]);
    let out = '';
    let err = '';
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      setTimeout(() => child.kill(signal), afterMs);
      setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`softprop ${args[0]} did not end within 30 s of ${signal}; stdout so far: ${out.slice(-300)}`));
      }, afterMs + 30_000).unref();
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (afterOutput) send();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
    });
    if (!afterOutput) send();
    child.on('close', (code, sig) => resolve({ code, signal: sig, out, err }));
  });
}

/**
 * A signal that arrives while Node is still starting (before the command installs its handler)
 * ends the process by the signal itself, and one that arrives before the work began leaves nothing
 * to report; on a loaded machine start-up can take seconds, so wait longer and retry until the run
 * was caught `working` (default: the handler was installed).
 */
export async function signalOnceStarted(
  args: string[],
  signal: NodeJS.Signals,
  working: (r: Signalled) => boolean = () => true,
): Promise<Signalled> {
  for (let wait = 1000; ; wait *= 2) {
    const r = await signalAfter(args, signal, false, wait);
    if ((r.signal !== signal && working(r)) || wait >= 16_000) return r;
  }
}
