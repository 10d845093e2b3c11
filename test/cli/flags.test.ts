import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { fraction, integer, nonNegativeInt, numberFlag, positiveInt, positiveNumber } from '../../cli/flags.js';
import { softprop } from '../support/cli.js';

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
