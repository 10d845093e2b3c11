import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

// Each hdl/boards/BOARD.pcf against the SG48 package and against the ports of its top,
// hdl/rtl/sp_BOARD.v. (The place-and-route itself is `make bitstream BOARD=…`, ~90 s a board,
// too slow for the suite.)
const root = join(import.meta.dirname, '..', '..');
const boardsDir = join(root, 'hdl', 'boards');

// The iCE40UP5K SG48 package's I/O pins (icestorm's chipdb, pinloc 5k-sg48); every other pin
// number is power, configuration or not bonded.
const SG48_IO = new Set([
  2, 3, 4, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 25, 26, 27, 28, 31, 32, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
  46, 47, 48,
]);

/** `set_io` lines of a .pcf: port → package pin, with the line each came from. */
function parsePcf(text: string): { port: string; pin: string; line: number }[] {
  const out: { port: string; pin: string; line: number }[] = [];
  text.split('\n').forEach((raw, i) => {
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words[0] !== 'set_io') return;
    const args = words.slice(1).filter((w) => !w.startsWith('-'));
    out.push({ port: args[0] ?? '', pin: args[1] ?? '', line: i + 1 });
  });
  return out;
}

/** The port bits of `module NAME (…);`: a bus [h:l] x becomes x[h] … x[l], as the .pcf names them. */
function modulePorts(verilog: string, name: string): string[] {
  const header = new RegExp(`module\\s+${name}\\s*(?:#\\s*\\([\\s\\S]*?\\)\\s*)?\\(([\\s\\S]*?)\\);`).exec(verilog);
  if (!header) throw new Error(`no module ${name}`);
  const ports: string[] = [];
  const decl = /\b(?:input|output|inout)\s+(?:wire\s+|reg\s+)?(?:\[(\d+):(\d+)\]\s*)?(\w+)/g;
  for (const [, hiText, loText, port] of (header[1] ?? '').replace(/\/\/.*/g, '').matchAll(decl)) {
    if (hiText === undefined) ports.push(`${port}`);
    else {
      const [hi, lo] = [Number(hiText), Number(loText)];
      for (let b = Math.max(hi, lo); b >= Math.min(hi, lo); b--) ports.push(`${port}[${b}]`);
    }
  }
  return ports;
}

/** What is wrong with a board's constraints, one line each (empty when nothing is). */
function boardProblems(board: string, pcf: string, verilog: string): string[] {
  const problems: string[] = [];
  const ports = modulePorts(verilog, `sp_${board}`);
  const entries = parsePcf(pcf);
  const pinOwner = new Map<string, string>();
  for (const { port, pin, line } of entries) {
    const where = `${board}.pcf:${line}`;
    if (!/^\d+$/.test(pin) || !SG48_IO.has(Number(pin))) problems.push(`${where}: ${port}: pin ${pin} is not an SG48 I/O`);
    if (!ports.includes(port)) problems.push(`${where}: ${port} is not a port of sp_${board}`);
    const other = pinOwner.get(pin);
    if (other !== undefined) problems.push(`${where}: pin ${pin} is ${other}'s too`);
    pinOwner.set(pin, port);
  }
  const constrained = new Set(entries.map((e) => e.port));
  for (const port of ports) if (!constrained.has(port)) problems.push(`${board}.pcf: port ${port} has no set_io`);
  return problems;
}

const boards = readdirSync(boardsDir)
  .filter((f) => f.endsWith('.pcf'))
  .map((f) => f.replace(/\.pcf$/, ''));
const read = (board: string) => ({
  pcf: readFileSync(join(boardsDir, `${board}.pcf`), 'utf8'),
  verilog: readFileSync(join(root, 'hdl', 'rtl', `sp_${board}.v`), 'utf8'),
});

describe('board pin constraints', () => {
  test('the iCEBreaker and the UPduino have a .pcf and a top', () => {
    expect(boards).toEqual(expect.arrayContaining(['icebreaker', 'upduino']));
  });

  test.each(boards)('%s: every pin is an SG48 I/O, used once, and every port of its top is constrained', (board) => {
    const { pcf, verilog } = read(board);
    expect(boardProblems(board, pcf, verilog)).toEqual([]);
    expect(modulePorts(verilog, `sp_${board}`)).toContain('i_clk');
  });

  test.each(boards)('%s: a wrong pin, a removed constraint and a stray port are each caught', (board) => {
    const { pcf, verilog } = read(board);
    const lines = pcf.split('\n');
    const misoLine = lines.findIndex((l) => /^set_io\s+o_miso\b/.test(l));
    expect(misoLine).toBeGreaterThanOrEqual(0);

    const wrongPin = lines.map((l, i) => (i === misoLine ? 'set_io o_miso 24' : l)).join('\n');
    expect(boardProblems(board, wrongPin, verilog)).toEqual([`${board}.pcf:${misoLine + 1}: o_miso: pin 24 is not an SG48 I/O`]);

    const removed = lines.filter((_, i) => i !== misoLine).join('\n');
    expect(boardProblems(board, removed, verilog)).toEqual([`${board}.pcf: port o_miso has no set_io`]);

    const stray = `${pcf}set_io o_debug 2\n`;
    expect(boardProblems(board, stray, verilog)).toEqual(expect.arrayContaining([expect.stringMatching(/o_debug is not a port of sp_/)]));
  });

  test('a bus port needs one set_io per bit', () => {
    expect(modulePorts('module sp_x (input wire i_clk, output wire [1:0] o_led);', 'sp_x')).toEqual(['i_clk', 'o_led[1]', 'o_led[0]']);
  });
});
