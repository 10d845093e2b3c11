import { describe, expect, it } from 'vitest';
import { softprop } from '../support/cli.js';

describe('usage errors', () => {
  it('each is one `softprop: …` line on stderr, nothing on stdout, exit 1', () => {
    const cases: [string[], string][] = [
      [['solve', 'x.txt', '--bogus'], "softprop: unknown option '--bogus'"],
      // commander's suggestion joins the same line.
      [['solve', 'x.col', '--colr', '3'], "softprop: unknown option '--colr' (Did you mean --colors?)"],
      [['solve'], "softprop: missing required argument 'file'"],
      [['solve', 'a', 'b'], "softprop: too many arguments for 'solve'. Expected 1 argument but got 2."],
      [['generate', 'sudoku', '--count', '1'], "softprop: required option '--out <file>' not specified"],
      [['bogus'], "softprop: unknown command 'bogus'"],
      [
        [],
        'softprop: missing command (solve, propagate, generate, train, evaluate, hil, bench, fzn, minizinc-register); see softprop --help',
      ],
      [
        ['propagate', 'x', '--mode', 'warm'],
        "softprop: option '--mode <mode>' argument 'warm' is invalid. Allowed choices are hard, soft, fixed, solver.",
      ],
    ];
    for (const [args, message] of cases) expect(softprop(args), args.join(' ')).toEqual({ code: 1, out: '', err: `${message}\n` });
  });

  it('--help and --version still print on stdout and exit 0', () => {
    const help = softprop(['--help']);
    expect([help.code, help.err]).toEqual([0, '']);
    expect(help.out).toMatch(/^Usage: softprop \[options\] \[command\]\n/);
    const solveHelp = softprop(['solve', '--help']);
    expect([solveHelp.code, solveHelp.err]).toEqual([0, '']);
    expect(solveHelp.out).toMatch(/^Usage: softprop solve \[options\] <file>\n[\s\S]*--timeout <s>/);
    expect(softprop(['--version'])).toEqual({ code: 0, out: '0.1.0\n', err: '' });
  });
});
