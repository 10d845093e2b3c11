import { readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { constants } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { systemErrorText } from './system-error.js';
import { UserError } from './user-error.js';

/**
 * The one way files are written: through a temporary sibling `.NAME.PID.tmp`, renamed into place
 * when complete, so readers never see half a file and a failed run leaves the old file untouched.
 * A temporary file is removed when writing fails, when the process exits before the rename, and
 * on SIGINT / SIGTERM; one left by a killed run (its PID no longer running) is removed the next
 * time the same target is written.
 */
export class AtomicFile {
  private constructor(
    private readonly target: string,
    private readonly temp: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    const temp = prepare(target);
    try {
      return new AtomicFile(target, temp, await open(temp, 'w'));
    } catch (e) {
      untrack(temp);
      throw cannotWrite(target, e);
    }
  }

  async write(text: string | Uint8Array): Promise<void> {
    try {
      // writeFile writes all of it from the current position (write may stop short).
      await this.fh.writeFile(text);
    } catch (e) {
      await this.abort();
      throw cannotWrite(this.target, e);
    }
  }

  async commit(): Promise<void> {
    try {
      await this.fh.close();
      await rename(this.temp, this.target);
    } catch (e) {
      await this.abort();
      throw cannotWrite(this.target, e);
    }
    untrack(this.temp);
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    rmSync(this.temp, { force: true });
    untrack(this.temp);
  }
}

/** Writes `data` to `path` atomically (see AtomicFile). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const file = await AtomicFile.create(path);
  await file.write(data);
  await file.commit();
}

/** writeFileAtomic for synchronous callers. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = prepare(path);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw cannotWrite(path, e);
  } finally {
    untrack(temp);
  }
}

function cannotWrite(target: string, e: unknown): UserError {
  return new UserError(`${target}: cannot write: ${systemErrorText(e)}`);
}

/** Refuses a directory as target, removes stale temporary files of it, and registers this process's one. */
function prepare(target: string): string {
  // A rename onto a directory fails only after the whole file is written; say so before.
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`${target}: is a folder`);
  const dir = dirname(target);
  const name = basename(target);
  removeStale(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.tmp`);
  track(temp);
  return temp;
}

function removeStale(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return; // A missing folder: opening the temporary file reports it.
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = entry.slice(prefix.length, -'.tmp'.length);
    if (/^[0-9]+$/.test(pid) && !running(Number(pid))) rmSync(join(dir, entry), { force: true });
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Temporary files of this process not yet renamed into place. */
const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function removeLive(): void {
  for (const temp of live) rmSync(temp, { force: true });
  live.clear();
}

/**
 * Alone on the signal, exit as the signal would have (128 + its number) without the temporary
 * files. When a command listens too (to report what it has), it decides when to exit, and the
 * files go at exit.
 */
function onSignal(signal: (typeof SIGNALS)[number]): void {
  if (process.listenerCount(signal) > 1) return;
  removeLive();
  process.exit(128 + constants.signals[signal]);
}

function track(temp: string): void {
  if (live.size === 0) {
    process.on('exit', removeLive);
    for (const s of SIGNALS) process.on(s, onSignal);
  }
  live.add(temp);
}

function untrack(temp: string): void {
  if (!live.delete(temp) || live.size > 0) return;
  // No handlers left behind: a process with nothing to clean dies of a signal as usual.
  process.off('exit', removeLive);
  for (const s of SIGNALS) process.off(s, onSignal);
}
