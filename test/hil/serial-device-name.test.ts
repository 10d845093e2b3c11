import { describe, expect, test } from 'vitest';
import { parseDeviceName } from '../../fpga/device.js';
import { openDevice } from '../../fpga/open-device.js';
import { UserError } from '../../solver/api/user-error.js';
import { softprop } from '../support/cli.js';

describe('device names', () => {
  test('ts, verilator and serial:PATH[@baud]; the baud is the digits after the last @', () => {
    expect(parseDeviceName('ts')).toEqual({ kind: 'ts' });
    expect(parseDeviceName('verilator')).toEqual({ kind: 'verilator' });
    expect(parseDeviceName('serial:/dev/ttyUSB1')).toEqual({ kind: 'serial', path: '/dev/ttyUSB1', baud: undefined });
    expect(parseDeviceName('serial:/dev/ttyUSB1@115200')).toEqual({ kind: 'serial', path: '/dev/ttyUSB1', baud: 115200 });
    expect(parseDeviceName('serial:/tmp/a@b@9600')).toEqual({ kind: 'serial', path: '/tmp/a@b', baud: 9600 });
    expect(parseDeviceName('serial:/tmp/a@b')).toEqual({ kind: 'serial', path: '/tmp/a@b', baud: undefined });
  });

  test('anything else is a UserError saying what is accepted', () => {
    for (const bad of ['serial', 'serial:', 'gpu', 'Verilator', 'serial:@9600'])
      expect(() => parseDeviceName(bad)).toThrow(new UserError(`device '${bad}' is not one of ts, verilator or serial:PATH[@baud]`));
    expect(() => parseDeviceName('serial:/dev/ttyUSB0@0')).toThrow(
      "device 'serial:/dev/ttyUSB0@0': baud 0 is not a line rate (50 to 12000000)",
    );
    expect(() => openDevice('serial')).toThrow(UserError);
  });

  test('a port that cannot be opened: one line naming it, exit 1', () => {
    const r = softprop(['propagate', '--mode', 'hard', '--device', 'serial:/nonexistent/tty@115200', 'cli/demo/sudoku-9x9.txt']);
    expect(r.err).toBe(
      'softprop: serial:/nonexistent/tty: cannot open the port: No such file or directory, cannot open /nonexistent/tty\n',
    );
    expect(r.code).toBe(1);
    const u = softprop(['hil', '--device', 'gpu']);
    expect(u.err).toBe(
      "softprop: option '--device <device>' argument 'gpu' is invalid. device 'gpu' is not one of ts, verilator or serial:PATH[@baud]\n",
    );
    expect(u.code).toBe(1);
  });
});
