import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import { UserError } from '../solver/api/user-error.js';
import { buildSimLibrary, type SimFlavour, simCacheDir, simLibraryFile } from './sim-build.js';

/**
 * Loads the Verilated simulator library (`make sim` builds build/libsoftprop_sim.so) with koffi
 * and declares every C function of bindings/c/softprop_sim.h once. Pointers to memory are typed
 * arrays, passed without copies; the handle is koffi's BigInt pointer.
 */
export interface SimLibrary {
  path: string;
  sp_create: () => bigint | null;
  sp_destroy: (sim: bigint) => void;
  sp_reset: (sim: bigint) => number;
  sp_params: (sim: bigint, out: Uint32Array, n: number) => number;
  sp_reg_write: (sim: bigint, addr: number, value: number) => number;
  sp_reg_read: (sim: bigint, addr: number, value: Uint32Array) => number;
  sp_mem_write: (sim: bigint, region: number, offset: number, words: Uint32Array, n: number) => number;
  sp_mem_read: (sim: bigint, region: number, offset: number, words: Uint32Array, n: number) => number;
  sp_run: (
    sim: bigint,
    mode: number,
    maxRounds: number,
    cycleBudget: number,
    status: Uint32Array,
    rounds: Uint32Array,
    cycles: BigUint64Array,
  ) => number;
  sp_unit_batch: (sim: bigint, op: number, a: Uint16Array, b: Uint16Array, out: Uint16Array, n: number) => number;
  /** Present only in the traced build (`make sim-trace`): VCD of every signal to `path`. */
  sp_trace_open?: (sim: bigint, path: string) => number;
  sp_trace_close?: (sim: bigint) => number;
}

/** The package root: the nearest folder above this module holding package.json (works from source and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** Where `make sim` (or `make sim-trace` for the traced flavour) puts the library in a checkout. */
export function defaultLibraryPath(flavour: SimFlavour = 'plain'): string {
  return join(packageRoot(), 'build', simLibraryFile(flavour));
}

/**
 * The library of `flavour`: the checkout's build/ one, else the one an installed package built in
 * its cache folder, else built now (bindings/sim-build.ts) with a one-line note on stderr.
 */
export function locateSimLibrary(flavour: SimFlavour = 'plain'): string {
  const root = packageRoot();
  for (const path of [defaultLibraryPath(flavour), join(simCacheDir(root), 'build', simLibraryFile(flavour))])
    if (existsSync(path)) return path;
  return buildSimLibrary(root, flavour, (line) => process.stderr.write(`${line}\n`));
}

const loaded = new Map<string, SimLibrary>();
let koffiModule: typeof Koffi | undefined;

/**
 * koffi, loaded on first use: its native addon then loads only in a process that opens the
 * simulator, not in every command that merely imports the device layer.
 */
function koffi(): typeof Koffi {
  if (koffiModule) return koffiModule;
  const k = createRequire(import.meta.url)('koffi') as typeof Koffi;
  // koffi type names are global: declare the handle type once per process.
  k.pointer('sp_sim', k.opaque());
  koffiModule = k;
  return k;
}

/** koffi throws on a missing symbol: the traced functions exist in the traced build only. */
function hasSymbol(lib: LibraryHandle, name: string): boolean {
  try {
    lib.symbol(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Loads (once per path) and declares the simulator library at `path` (a missing file is a
 * UserError), or without a path the one of `flavour` that locateSimLibrary finds or builds.
 */
export function loadSimLibrary(path?: string, flavour: SimFlavour = 'plain'): SimLibrary {
  const abs = resolve(path ?? locateSimLibrary(flavour));
  const cached = loaded.get(abs);
  if (cached) return cached;
  if (!existsSync(abs))
    throw new UserError(`${abs}: simulator library not built: run \`make ${abs.endsWith(simLibraryFile('trace')) ? 'sim-trace' : 'sim'}\``);
  const lib = koffi().load(abs);
  const declared: SimLibrary = {
    path: abs,
    sp_create: lib.func('sp_sim *sp_create(void)'),
    sp_destroy: lib.func('void sp_destroy(sp_sim *sim)'),
    sp_reset: lib.func('int sp_reset(sp_sim *sim)'),
    sp_params: lib.func('int sp_params(sp_sim *sim, _Out_ uint32_t *out, uint32_t n)'),
    sp_reg_write: lib.func('int sp_reg_write(sp_sim *sim, uint32_t addr, uint32_t value)'),
    sp_reg_read: lib.func('int sp_reg_read(sp_sim *sim, uint32_t addr, _Out_ uint32_t *value)'),
    sp_mem_write: lib.func('int sp_mem_write(sp_sim *sim, uint32_t region, uint32_t offset, const uint32_t *words, uint32_t n)'),
    sp_mem_read: lib.func('int sp_mem_read(sp_sim *sim, uint32_t region, uint32_t offset, _Out_ uint32_t *words, uint32_t n)'),
    sp_run: lib.func(
      'int sp_run(sp_sim *sim, uint32_t mode, uint32_t max_rounds, uint64_t cycle_budget, _Out_ uint32_t *status_out, _Out_ uint32_t *rounds_out, _Out_ uint64_t *cycles_out)',
    ),
    sp_unit_batch: lib.func(
      'int sp_unit_batch(sp_sim *sim, uint32_t op, const uint16_t *a, const uint16_t *b, _Out_ uint16_t *out, uint32_t n)',
    ),
  };
  if (hasSymbol(lib, 'sp_trace_open')) {
    declared.sp_trace_open = lib.func('int sp_trace_open(sp_sim *sim, const char *path)');
    declared.sp_trace_close = lib.func('int sp_trace_close(sp_sim *sim)');
  }
  loaded.set(abs, declared);
  return declared;
}
