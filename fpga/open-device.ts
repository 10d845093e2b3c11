import type { Device, DeviceKind } from './device.js';
import { TsDevice } from './ts-device.js';
import { VerilatorDevice, type VerilatorDeviceOptions } from './verilator-device.js';

/** Opens a device by name: 'ts' (bit-exact TypeScript reference) or 'verilator' (the simulated core). */
export function openDevice(kind: DeviceKind, opts: VerilatorDeviceOptions = {}): Device {
  return kind === 'ts' ? new TsDevice() : VerilatorDevice.open(opts);
}
