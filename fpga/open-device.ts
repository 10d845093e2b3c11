import { type Device, type DeviceKind, type DeviceName, parseDeviceName } from './device.js';
import { SerialDevice, type SerialDeviceOptions } from './serial-device.js';
import { TsDevice } from './ts-device.js';
import { VerilatorDevice, type VerilatorDeviceOptions } from './verilator-device.js';

/** Options of every device kind; each device reads its own. */
export type OpenDeviceOptions = VerilatorDeviceOptions & SerialDeviceOptions;

/**
 * Opens a device by name: 'ts' (bit-exact TypeScript reference), 'verilator' (the simulated core)
 * or 'serial:PATH[@baud]' (a core behind the UART link; the name's baud overrides `opts.baud`).
 * A bare kind 'serial' names no port and is refused with the accepted forms.
 */
export function openDevice(name: DeviceName | DeviceKind, opts: OpenDeviceOptions = {}): Device {
  const spec = parseDeviceName(name);
  if (spec.kind === 'ts') return new TsDevice();
  if (spec.kind === 'verilator') return VerilatorDevice.open(opts);
  return SerialDevice.open(spec.path, { ...opts, baud: spec.baud ?? opts.baud });
}
