import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtures, MAIN } from '../support/cli.js';

const PUZZLES = [
  '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......',
  '52...6.........7.13...........4..8..6......5...........418.........3..2...87.....',
];

/** Runs `softprop ARGS` under bash so a test can redirect or pipe its stdout. */
function shell(args: string, redirect: string): { code: number | null; out: string; err: string } {
  const r = spawnSync('bash', ['-c', `set -o pipefail; node ${MAIN} ${args} ${redirect}`], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('output that cannot be written', () => {
  const dir = fixtures({
    'p.txt': `${PUZZLES.join('\n')}\n`,
    // 3000 solution lines (~250 kB): more than a pipe holds once its reader has gone.
    'many.txt': `${Array.from({ length: 1500 }, () => PUZZLES.join('\n')).join('\n')}\n`,
    'c.col': 'p edge 3 2\ne 1 2\ne 2 3\n',
  });

  it('a full disk (ENOSPC) is one line and exit 4, for every command that prints', () => {
    const message = 'softprop: cannot write output: no space left on device (ENOSPC)\n';
    expect(shell(`solve ${join(dir, 'p.txt')}`, '> /dev/full')).toEqual({ code: 4, out: '', err: message });
    expect(shell(`propagate ${join(dir, 'c.col')} --colors 2`, '> /dev/full')).toEqual({ code: 4, out: '', err: message });
    expect(shell('--help', '> /dev/full')).toEqual({ code: 4, out: '', err: message });
  });

  it('a closed stdout is one line and exit 4, and /dev/null is not mistaken for it', () => {
    expect(shell(`solve ${join(dir, 'p.txt')}`, '>&-')).toEqual({
      code: 4,
      out: '',
      err: 'softprop: cannot write output: standard output is closed\n',
    });
    expect(shell(`solve ${join(dir, 'p.txt')}`, '> /dev/null')).toEqual({ code: 0, out: '', err: '' });
  });

  it('`softprop solve FILE | head -1` prints the line head reads, then one line on stderr and exit 4 (EPIPE)', () => {
    const r = shell(`solve ${join(dir, 'many.txt')}`, '| head -1');
    expect(r.out).toMatch(/^[1-9]{81}\n$/);
    expect([r.code, r.err]).toEqual([4, 'softprop: cannot write output: broken pipe (EPIPE)\n']);
  });
});
