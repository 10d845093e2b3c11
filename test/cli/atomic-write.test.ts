import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN, softprop } from '../support/cli.js';

/** Starts `softprop generate` writing `out`, waits until its temporary file exists, sends `signal`, and returns the exit code. */
async function interruptGenerate(out: string, signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn('node', [MAIN, 'generate', 'sudoku', '--count', '20000', '--workers', '1', '--out', out], { stdio: 'ignore' });
  const temp = join(out, '..', `.out.jsonl.${child.pid}.tmp`);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let waited = 0; !existsSync(temp); waited += 20) {
    if (waited > 20_000) throw new Error(`no ${temp} after 20 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill(signal);
  return exited;
}

describe('files written atomically', () => {
  it('`generate --out` naming a folder is one line, and nothing is left behind', () => {
    const dir = fixtures({});
    mkdirSync(join(dir, 'data'));
    const r = softprop(['generate', 'sudoku', '--count', '2', '--out', join(dir, 'data')]);
    expect(r).toEqual({ code: 1, out: '', err: `softprop: ${join(dir, 'data')}: is a folder\n` });
    expect(readdirSync(dir)).toEqual(['data']);
    expect(readdirSync(join(dir, 'data'))).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('generate stopped by %s exits %i and removes its temporary file', async (signal, code) => {
    const dir = fixtures({});
    expect(await interruptGenerate(join(dir, 'out.jsonl'), signal)).toBe(code);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a temporary file left by a killed run is removed by the next write; one of a running process is not', () => {
    const dead = spawnSync('true').pid;
    const dir = fixtures({ [`.out.jsonl.${dead}.tmp`]: 'half a line', [`.out.jsonl.${process.pid}.tmp`]: 'being written' });
    writeFileSync(join(dir, `.other.jsonl.${dead}.tmp`), 'another target');
    const r = softprop(['generate', 'sudoku', '--count', '1', '--workers', '1', '--out', join(dir, 'out.jsonl')]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`.other.jsonl.${dead}.tmp`, `.out.jsonl.${process.pid}.tmp`, 'out.jsonl']);
  });
});
