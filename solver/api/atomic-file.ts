import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './user-error.js';

/**
 * A file written through a temporary sibling and renamed into place on `commit()`, so readers
 * never see a half-written dataset and a failed run leaves the old file untouched.
 */
export class AtomicFile {
  private constructor(
    private readonly target: string,
    private readonly temp: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    try {
      return new AtomicFile(target, temp, await open(temp, 'w'));
    } catch (e) {
      throw new UserError(`${target}: cannot write: ${(e as Error).message}`);
    }
  }

  async write(text: string): Promise<void> {
    await this.fh.write(text);
  }

  async commit(): Promise<void> {
    await this.fh.close();
    await rename(this.temp, this.target);
  }

  async abort(): Promise<void> {
    await this.fh.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}
