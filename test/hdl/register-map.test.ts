import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as status from '../../bindings/status.js';
import { CORE_ID, CTRL_START, Reg, Region, STATUS_BUSY, STATUS_DONE, STATUS_FIXPOINT, STATUS_WIPEOUT } from '../../fpga/layout.js';

// The register map, regions and status codes are written in Verilog, C and TypeScript (hdl/SPEC.md
// 6.2, 6.3): this test reads all three and demands they agree, so none can drift alone.

const text = (f: string) => readFileSync(f, 'utf8');
/** NAME -> value for every `PREFIX_NAME = <literal>` in a source text. */
function constants(src: string, prefix: string, literal: RegExp, radix: number): Map<string, number> {
  const out = new Map<string, number>();
  const re = new RegExp(`\\b${prefix}_([A-Z0-9_]+)\\s*=\\s*${literal.source}`, 'g');
  for (const m of src.matchAll(re)) out.set(m[1] as string, Number.parseInt(m[2] as string, radix));
  return out;
}
/** `maxRounds` and `MAX_ROUNDS` both become `MAXROUNDS`. */
const norm = (name: string) => name.replace(/_/g, '').toUpperCase();
const normalised = (m: Map<string, number> | Record<string, number>) =>
  Object.fromEntries((m instanceof Map ? [...m] : Object.entries(m)).map(([k, v]) => [norm(k), v]));

describe('register map, regions and status codes agree across Verilog, C and TypeScript', () => {
  const verilogRegs = constants(text('hdl/rtl/sp_top.v'), 'A', /6'h([0-9A-Fa-f]+)/, 16);
  const verilogRegions = constants(text('hdl/rtl/sp_core.v'), 'R', /4'd(\d+)/, 10);
  const cpp = text('bindings/c/softprop_sim.cpp');
  const header = text('bindings/c/softprop_sim.h');

  it('register addresses', () => {
    expect(verilogRegs.size).toBe(Object.keys(Reg).length);
    expect(normalised(Reg)).toEqual(normalised(verilogRegs));
    const cRegs = constants(cpp, 'A', /0x([0-9A-Fa-f]+)/, 16);
    cRegs.delete('LAST'); // the window's last address, not a register
    expect(cRegs.size).toBeGreaterThan(10);
    for (const [name, v] of cRegs) expect([name, v]).toEqual([name, verilogRegs.get(name)]);
  });

  it('memory regions', () => {
    expect(normalised(Region)).toEqual(normalised(verilogRegions));
    expect(Number(/N_REGIONS = (\d+)/.exec(cpp)?.[1])).toBe(verilogRegions.size);
    expect(Number(/FIRST_READ_ONLY_REGION = (\d+)/.exec(cpp)?.[1])).toBe(Region.litW);
  });

  it('ID, control and status bits', () => {
    expect(Number.parseInt(/ID = 32'h([0-9A-Fa-f]+)/.exec(text('hdl/rtl/sp_top.v'))?.[1] as string, 16)).toBe(CORE_ID);
    // STATUS reads {busy, wipeout, fixpoint, done} from bit 3 down.
    expect(text('hdl/rtl/sp_top.v')).toMatch(/A_STATUS:\s*o_reg_rdata = \{28'd0, busy_any, wipeout, fixpoint, done\};/);
    expect([STATUS_DONE, STATUS_FIXPOINT, STATUS_WIPEOUT, STATUS_BUSY]).toEqual([1, 2, 4, 8]);
    expect(Number(/STATUS_BUSY = (\d+)/.exec(cpp)?.[1])).toBe(STATUS_BUSY);
    expect(Number(/CTRL_START = (\d+)/.exec(cpp)?.[1])).toBe(CTRL_START);
    const defines = Object.fromEntries([...header.matchAll(/#define (SP_[A-Z_]+) \(?(-?\d+)u?\)?/g)].map((m) => [m[1], Number(m[2])]));
    for (const name of [
      'SP_OK',
      'SP_ERR_ARG',
      'SP_ERR_RANGE',
      'SP_ERR_BUDGET',
      'SP_ERR_STATE',
      'SP_STATUS_DONE',
      'SP_STATUS_FIXPOINT',
      'SP_STATUS_WIPEOUT',
    ])
      expect([name, defines[name]]).toEqual([name, (status as Record<string, unknown>)[name]]);
    expect([defines.SP_STATUS_DONE, defines.SP_STATUS_FIXPOINT, defines.SP_STATUS_WIPEOUT]).toEqual([
      STATUS_DONE,
      STATUS_FIXPOINT,
      STATUS_WIPEOUT,
    ]);
  });
});
