import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../solver/api/atomic-file.js';
import { UserError } from '../solver/api/user-error.js';

/** Which build of the simulator library: plain (`make sim`) or with VCD tracing (`make sim-trace`). */
export type SimFlavour = 'plain' | 'trace';

const FILES: Record<SimFlavour, { lib: string; target: string }> = {
  plain: { lib: 'libsoftprop_sim.so', target: 'sim' },
  trace: { lib: 'libsoftprop_sim_trace.so', target: 'sim-trace' },
};

/** The library file name of a flavour. */
export function simLibraryFile(flavour: SimFlavour): string {
  return FILES[flavour].lib;
}

/**
 * Where an installed package builds its simulator library: `$XDG_CACHE_HOME/softprop/VERSION`
 * (default ~/.cache/softprop/VERSION), a copy of the packaged hdl/ and bindings/c/ sources with
 * build/ beside them. Per version, so an upgrade never loads an older core.
 */
export function simCacheDir(root: string): string {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'softprop', version);
}

/**
 * Builds the library of `flavour` with Verilator and make and returns its path. In a source
 * checkout (a Makefile at `root`) it runs the checkout's own target into root/build; in an
 * installed package it copies the sources into simCacheDir and builds there. Says so in one line
 * on `log` first (a build takes about a minute); make's output goes to a log file named in the
 * UserError that a failed build throws.
 */
export function buildSimLibrary(root: string, flavour: SimFlavour, log: (line: string) => void): string {
  if (spawnSync('verilator', ['--version']).status !== 0)
    throw new UserError(`the simulator library is not built and verilator is not on the PATH: install Verilator (5.x) and retry`);
  const checkout = existsSync(join(root, 'Makefile'));
  const dir = checkout ? root : simCacheDir(root);
  if (!checkout) {
    mkdirSync(dir, { recursive: true });
    // Timestamps kept: make then sees the generated files as up to date, as in the package.
    for (const src of ['hdl', join('bindings', 'c'), join('bindings', 'spec-constants.ts')])
      if (existsSync(join(root, src))) cpSync(join(root, src), join(dir, src), { recursive: true, preserveTimestamps: true });
  }
  const { lib, target } = FILES[flavour];
  const out = join(dir, 'build', lib);
  log(`softprop: building the simulator library ${out} with Verilator (about a minute, once)`);
  mkdirSync(join(dir, 'build'), { recursive: true });
  const logFile = join(dir, 'build', `${target}.log`);
  const args = checkout ? ['-C', dir, target] : ['-C', dir, '-f', join('hdl', 'hdl.mk'), out.slice(dir.length + 1)];
  const r = spawnSync('make', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  writeFileAtomicSync(logFile, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.status !== 0 || !existsSync(out))
    throw new UserError(`${out}: building the simulator library failed (make ${args.join(' ')}; log: ${logFile})`);
  return out;
}
