import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solveText } from '../../solver/api/solve.js';
import { UserError } from '../../solver/api/user-error.js';
import { detectFormat } from '../../solver/formats/detect.js';
import { Rng } from '../../solver/model/rng.js';

const DEMOS: [string, string][] = [
  ['sudoku-9x9.txt', 'sudoku'],
  ['sudoku-16x16.txt', 'sudoku'],
  ['petersen.col', 'col'],
  ['planted-3sat.cnf', 'cnf'],
  ['pigeonhole-4-3.cnf', 'cnf'],
  ['workshop.json', 'json'],
  ['queens-6.xml', 'xcsp3'],
];

/** Solving damaged input either works or fails with one located UserError line; nothing else may escape. */
function survives(text: string, file: string, format: string): void {
  try {
    for (const r of solveText(text, file, { format, colors: 3, nodes: 2000 })) expect(['sat', 'unsat', 'unknown']).toContain(r.status);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const msg = (e as Error).message;
    expect(msg.startsWith(`${file}:`) || msg.startsWith('--colors')).toBe(true);
    expect(msg.includes('\n')).toBe(false);
  }
}

describe('damaged inputs', () => {
  it('truncations, garbage, byte flips and line drops never crash', () => {
    const rng = Rng.seeded(2);
    const junk = '<>{}[]()"\',:;.%*-0123456789 \n\tpecv&#xyzA\u00e9';
    for (const [name, format] of DEMOS) {
      const text = readFileSync(`cli/demo/${name}`, 'utf8');
      for (let t = 0; t < 60; t++) {
        let s = text;
        switch (t % 4) {
          case 0:
            s = text.slice(0, rng.int(0, text.length));
            break;
          case 1:
            s = Array.from({ length: rng.int(0, 200) }, () => junk[rng.int(0, junk.length - 1)]).join('');
            break;
          case 2: {
            const chars = [...text];
            for (let k = rng.int(1, 5); k > 0; k--) chars[rng.int(0, chars.length - 1)] = junk[rng.int(0, junk.length - 1)] as string;
            s = chars.join('');
            break;
          }
          default: {
            const lines = text.split('\n');
            lines.splice(rng.int(0, lines.length - 1), 1);
            s = lines.join('\n');
          }
        }
        survives(s, name, format);
      }
    }
  });

  it('empty and oversized inputs are reported, for every format', () => {
    expect(() => [...solveText('', 'e.txt', { format: 'sudoku' })]).toThrow('e.txt: no sudoku puzzles in file');
    expect(() => [...solveText('', 'e.col', { colors: 3 })]).toThrow("e.col: missing 'p edge V E' line");
    expect(() => [...solveText('', 'e.cnf', {})]).toThrow("e.cnf: missing 'p cnf V C' line");
    expect(() => [...solveText('', 'e.json', {})]).toThrow('e.json:1: JSON syntax: unexpected end of input');
    expect(() => [...solveText('', 'e.xml', {})]).toThrow('e.xml:1: malformed XML: document must contain a root element.');
    expect(() => [...solveText('p edge 99999999999 0\n', 'h.col', { colors: 2 })]).toThrow('h.col:1: more than 4194304 vertices');
    expect(() => [...solveText('p cnf 99999999999 0\n', 'h.cnf', {})]).toThrow('h.cnf:1: more than 4194304 variables');
    expect(() => [...solveText('{"variables":[{"name":"x","domain":1e9}]}', 'h.json', {})]).toThrow(
      'h.json:1: variable x: "domain" exceeds 1024 values',
    );
    expect(() => [...solveText('', 'e', {})]).toThrow('e: cannot tell the input format; use --format sudoku|col|cnf|json|xcsp3');
  });
});

describe('format detection', () => {
  it('uses the extension, then the content', () => {
    for (const [name, format] of DEMOS) {
      const text = readFileSync(`cli/demo/${name}`, 'utf8');
      expect(detectFormat(name, text)).toBe(format);
      expect(detectFormat('-', text)).toBe(format);
    }
    expect(detectFormat('x.col', 'anything', 'cnf')).toBe('cnf');
    expect(() => detectFormat('x', '', 'dimacs')).toThrow("unknown format 'dimacs'; expected one of sudoku, col, cnf, json, xcsp3");
  });
});
