import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Sim } from '../../bindings/sim.js';
import { CORE_ID, PARAM_ORDER, Reg, Region, STATUS_BUSY } from '../../bindings/spec-constants.js';

// hdl/spec-constants.json is the one source of the register map, regions, status bits and build
// parameters; hdl/gen-spec-constants.mjs writes the Verilog, C, TypeScript, make and SPEC.md copies.

const root = join(import.meta.dirname, '..', '..');
const fresh = (): Record<string, string> =>
  JSON.parse(execFileSync('node', [join(root, 'hdl', 'gen-spec-constants.mjs'), '--print'], { encoding: 'utf8' }));

describe('the constants generated from hdl/spec-constants.json', () => {
  const outputs = fresh();

  test('every committed output (Verilog header, C header, TypeScript, make, SPEC.md tables, the banner of sp_top) equals a fresh generation', () => {
    expect(Object.keys(outputs).sort()).toEqual([
      'bindings/c/softprop_spec.h',
      'bindings/spec-constants.ts',
      'hdl/SPEC.md',
      'hdl/params.mk',
      'hdl/rtl/sp_top.v',
      'hdl/rtl/spec_constants.vh',
    ]);
    // Paths first, so a stale file is named in the failure.
    for (const [path, text] of Object.entries(outputs)) expect([path, readFileSync(join(root, path), 'utf8')]).toEqual([path, text]);
  });

  test("SPEC.md's register table lists every register of the JSON at its address", () => {
    const json = JSON.parse(readFileSync(join(root, 'hdl', 'spec-constants.json'), 'utf8')) as {
      registers: { name: string; addr: string }[];
    };
    const table = /<!-- generated:registers[^>]*-->\n([\s\S]*?)<!-- end generated:registers -->/.exec(
      readFileSync(join(root, 'hdl', 'SPEC.md'), 'utf8'),
    );
    const rows = [...(table?.[1] ?? '').matchAll(/^\| (0x[0-9A-F]+)(?:\.\.)? \| (\w+) \|/gm)].map((m) => [m[2], Number(m[1])]);
    expect(rows).toEqual(json.registers.map((r) => [r.name, Number(r.addr)]));
  });

  test('the Verilated core answers with the generated ID, parameter order and status bits', () => {
    const sim = Sim.open();
    try {
      const params = sim.params();
      expect(params.length).toBe(PARAM_ORDER.length);
      expect(params[PARAM_ORDER.indexOf('id')]).toBe(CORE_ID);
      expect(params[PARAM_ORDER.indexOf('one')]).toBe(
        JSON.parse(readFileSync(join(root, 'hdl', 'spec-constants.json'), 'utf8')).fixedPoint.ONE,
      );
      expect(sim.regRead(Reg.id)).toBe(CORE_ID);
      for (let i = 0; i < PARAM_ORDER.length; i++) expect(sim.regRead(Reg.params + i)).toBe(params[i]);
      // Idle after reset: BUSY clear; REGION holds a region id written through the window.
      expect(sim.regRead(Reg.status) & STATUS_BUSY).toBe(0);
      sim.regWrite(Reg.region, Region.litS);
      expect(sim.regRead(Reg.region)).toBe(Region.litS);
    } finally {
      sim.close();
    }
  });
});
