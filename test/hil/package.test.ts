import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';

/**
 * An installed package builds its own simulator library: `npm pack`, the tarball unpacked as
 * node_modules/softprop of a fresh folder (its dependencies are this checkout's node_modules,
 * linked: `npm install --offline` needs a registry cache this machine has not got), then
 * `softprop hil` there with an empty cache folder builds the library from the packaged hdl/ and
 * bindings/c/ on first use and runs the HIL corpus on it. About a minute: the Verilator build.
 */
test('npm pack, install, softprop hil --problems 5 builds the library into the cache folder and runs with 0 mismatches', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softprop-pack-'));
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir], { encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = join(dir, pack.stdout.trim().split('\n').pop() as string);
  const modules = join(dir, 'app', 'node_modules');
  mkdirSync(modules, { recursive: true });
  expect(spawnSync('tar', ['xzf', tarball, '-C', modules]).status).toBe(0);
  const installed = join(modules, 'softprop');
  expect(spawnSync('mv', [join(modules, 'package'), installed]).status).toBe(0);
  symlinkSync(resolve('node_modules'), join(installed, 'node_modules'));
  // What the package must carry to build its library, and what it must not.
  for (const f of ['dist/cli/main.js', 'hdl/hdl.mk', 'hdl/params.mk', 'hdl/rtl/sp_top.v', 'bindings/c/softprop_sim.cpp'])
    expect(existsSync(join(installed, f)), f).toBe(true);
  expect(existsSync(join(installed, 'build'))).toBe(false);

  const cache = join(dir, 'cache');
  const run = spawnSync('node', [join(installed, 'dist/cli/main.js'), 'hil', '--problems', '5', '--out', join(dir, 'hil-out')], {
    cwd: join(dir, 'app'),
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  expect(run.status, run.stderr).toBe(0);
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const lib = join(cache, 'softprop', version, 'build', 'libsoftprop_sim.so');
  expect(run.stderr).toContain(`softprop: building the simulator library ${lib} with Verilator`);
  expect(existsSync(lib)).toBe(true);
  expect(run.stdout).toContain('hil: 5 problems');
  expect(run.stdout).toContain(': 0 mismatches');
  // Kept on failure, for the build log.
  rmSync(dir, { recursive: true, force: true });
}, 240_000);
