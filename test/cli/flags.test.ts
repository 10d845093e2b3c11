import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  existing,
  fraction,
  integer,
  listOf,
  nonNegativeInt,
  numberFlag,
  positiveInt,
  positiveNumber,
  seedValue,
} from '../../cli/flags.js';
import { fixtures, softprop } from '../support/cli.js';

describe('numeric flags', () => {
  it('accept exactly the values in their range', () => {
    expect([integer('-3'), nonNegativeInt('0'), positiveInt('7'), positiveNumber('0.5'), fraction('0')]).toEqual([-3, 0, 7, 0.5, 0]);
    for (const [parse, bad] of [
      [integer, '1.5'],
      [nonNegativeInt, '-1'],
      [positiveInt, '0'],
      [positiveNumber, '0'],
      [fraction, '1'],
      [integer, ''],
      [integer, 'NaN'],
      [positiveNumber, 'Infinity'],
    ] as const)
      expect(() => parse(bad), `${bad}`).toThrow(InvalidArgumentError);
  });

  it('say what they expect', () => {
    expect(() => numberFlag({ integer: true, min: 2, below: 9 })('x')).toThrow('must be an integer ≥ 2 and < 9');
    expect(() => positiveNumber('-1')).toThrow('must be a number > 0');
  });

  it('a bad value is one line on stderr and exit 1', () => {
    const r = softprop(['solve', 'x.col', '--colors', '0']);
    expect([r.code, r.out, r.err]).toEqual([1, '', "softprop: option '--colors <k>' argument '0' is invalid. must be an integer ≥ 1\n"]);
  });
});

describe('seeds, paths and name lists', () => {
  it('a seed is a 32-bit unsigned integer (a larger one would alias a smaller one)', () => {
    expect([seedValue('0'), seedValue('4294967295')]).toEqual([0, 4294967295]);
    for (const bad of ['-1', '4294967296', '1.5', 'x'])
      expect(() => seedValue(bad), bad).toThrow('must be an integer ≥ 0 and < 4294967296');
  });

  it('a path flag must name an existing file or folder of the right kind', () => {
    const dir = fixtures({ 'f.txt': 'x' });
    const file = join(dir, 'f.txt');
    expect([existing('file')(file), existing('folder')(dir)]).toEqual([file, dir]);
    expect(() => existing('file')(join(dir, 'nope'))).toThrow('no such file');
    expect(() => existing('file')(dir)).toThrow('not a file');
    expect(() => existing('folder')(file)).toThrow('not a folder');
  });

  it('a name list takes only known names', () => {
    expect(listOf(['a', 'b', 'c'])('c, a')).toEqual(['c', 'a']);
    expect(() => listOf(['a', 'b'])('a,x')).toThrow("'x' is not one of a, b");
  });

  it('every command checks --seed and its paths the same way, before any work', () => {
    const seed = `softprop: option '--seed <s>' argument '-1' is invalid. must be an integer ≥ 0 and < 4294967296\n`;
    const cases: [string[], string][] = [
      [['solve', 'x.txt', '--seed', '-1'], seed],
      [['generate', 'sudoku', '--count', '1', '--out', 'x', '--seed', '-1'], seed],
      [['hil', '--seed', '-1'], seed],
      [['bench', '--seed', '-1'], seed],
      [['train', '--data', 'cli/demo/sudoku-9x9.txt', '--out', 'x', '--seed', '-1'], seed],
      [
        ['train', '--data', '/nonexistent.jsonl', '--out', 'x'],
        "softprop: option '--data <file>' argument '/nonexistent.jsonl' is invalid. no such file\n",
      ],
      [['train', '--data', 'cli/demo', '--out', 'x'], "softprop: option '--data <file>' argument 'cli/demo' is invalid. not a file\n"],
      [
        ['propagate', 'x.col', '--weights', '/nonexistent.json'],
        "softprop: option '--weights <file>' argument '/nonexistent.json' is invalid. no such file\n",
      ],
      [
        ['solve', 'x.txt', '--encoder', '/nonexistent'],
        "softprop: option '--encoder <dir>' argument '/nonexistent' is invalid. no such folder\n",
      ],
      [
        ['hil', '--replay', '/nonexistent.json'],
        "softprop: option '--replay <file>' argument '/nonexistent.json' is invalid. no such file\n",
      ],
      [['bench', '--suite', '/nonexistent'], "softprop: option '--suite <dir>' argument '/nonexistent' is invalid. no such folder\n"],
      [
        ['generate', 'sudoku', '--count', '0', '--out', 'x'],
        "softprop: option '--count <n>' argument '0' is invalid. must be an integer ≥ 1\n",
      ],
      [
        ['generate', 'sudoku', '--count', '1', '--out', 'x', '--from', '/nonexistent.txt'],
        "softprop: option '--from <file>' argument '/nonexistent.txt' is invalid. no such file\n",
      ],
    ];
    for (const [args, err] of cases) expect(softprop(args), args.join(' ')).toEqual({ code: 1, out: '', err });
    const only = softprop(['bench', '--only', 'solver,gpu']);
    expect([only.code, only.out]).toEqual([1, '']);
    expect(only.err).toMatch(/^softprop: option '--only <sections>' argument 'solver,gpu' is invalid\. 'gpu' is not one of [a-z, ]+\n$/);
  });
});
