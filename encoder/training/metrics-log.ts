import { type FileHandle, open, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../model-io.js';

/**
 * metrics.jsonl: one JSON line per training step (loss, τ) and per held-out evaluation. Lines are
 * appended as they happen, so a killed run keeps them; a resumed run first cuts the log back to its
 * checkpoint's step (the steps after it are trained again), so the log of a killed-and-resumed run
 * is byte for byte that of an uninterrupted one.
 */

export interface MetricRow {
  step: number;
  epoch: number;
  /** Training loss of this step's batch. */
  loss?: number;
  /** Gumbel-Softmax temperature of this step. */
  tau?: number;
  /** Held-out: share of instances whose argmax assignment satisfies every constraint. */
  solveRate?: number;
  /** Held-out: share of instances whose input view already fixes every variable (the rate's floor). */
  solvedByInput?: number;
  /** Held-out: share of free variables whose argmax is the known solution's value. */
  accuracy?: number;
  /** Held-out: share of constraints the argmax assignment satisfies (absent in older logs). */
  satisfied?: number;
}

export class MetricsLog {
  private constructor(
    readonly file: string,
    readonly rows: MetricRow[],
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens the log of `file`: empty for a fresh run, else the rows up to `upTo` (a checkpoint's
   * step), rewritten atomically without the rest. A torn last line (a kill mid-write) is dropped.
   */
  static async open(file: string, upTo: number | null): Promise<MetricsLog> {
    const rows: MetricRow[] = [];
    if (upTo !== null) {
      let text = '';
      try {
        text = await readFile(file, 'utf8');
      } catch {
        // No log yet (a run killed before its first line): start one.
      }
      for (const line of text.split('\n')) {
        let row: MetricRow;
        try {
          row = JSON.parse(line) as MetricRow;
        } catch {
          break;
        }
        if (row.step > upTo) break;
        rows.push(row);
      }
    }
    await writeFileAtomic(file, rows.map(lineOf).join(''));
    return new MetricsLog(file, rows, await open(file, 'a'));
  }

  async append(row: MetricRow): Promise<void> {
    this.rows.push(row);
    await this.handle.appendFile(lineOf(row));
  }

  /** The latest evaluation row, if any. */
  lastEval(): MetricRow | undefined {
    for (let k = this.rows.length - 1; k >= 0; k--) if ((this.rows[k] as MetricRow).solveRate !== undefined) return this.rows[k];
    return undefined;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

const lineOf = (row: MetricRow): string => `${JSON.stringify(row)}\n`;
