export type { CoreClock } from './core-clock.js';
export { BOARD_CLOCK_MHZ, coreClock, cyclesMs } from './core-clock.js';
export { idealCyclesPerRound, modelCyclesPerRound } from './cycle-model.js';
export type { Device, DeviceKind, DeviceMode, DeviceName, DeviceRun, DeviceSpec } from './device.js';
export { DEVICE_KINDS, DEVICE_NAMES_TEXT, parseDeviceName } from './device.js';
export { propagateOnDevice } from './device-propagate.js';
export type { DeviceTotals } from './external.js';
export { DeviceExtension, DeviceExternal, deviceExternal, withDevice } from './external.js';
export type { CaseComparison, HilMismatch, HilOptions, HilReport } from './hil.js';
export { compareCase, problemCases, replayReproducer, runHil, shrinkCase } from './hil.js';
export type { HilCase } from './hil-cases.js';
export { drawHilCase } from './hil-cases.js';
export type { Reproducer } from './hil-reproducer.js';
export { REPRODUCER_FORMAT, readReproducer, writeReproducer } from './hil-reproducer.js';
export type { CoreParams, MemoryImage, RegionImage } from './layout.js';
export {
  buildImage,
  CORE_ID,
  CTRL_ABORT,
  CTRL_START,
  nativeWorkload,
  PARAM_ORDER,
  packDomains,
  packWeights,
  parseParams,
  Reg,
  Region,
  STATUS_BUSY,
  STATUS_DONE,
  STATUS_FIXPOINT,
  STATUS_WIPEOUT,
  unpackDomains,
  unpackWeights,
} from './layout.js';
export type { OpenDeviceOptions } from './open-device.js';
export { openDevice } from './open-device.js';
export { randomCnf, randomColouring, randomSudoku } from './puzzles.js';
export type { SerialDeviceOptions } from './serial-device.js';
export { SerialDevice } from './serial-device.js';
export { SerialTransport } from './serial-transport.js';
export type { Transport } from './transport.js';
export { TsDevice } from './ts-device.js';
export type { LinkStats, UartLinkOptions } from './uart-link.js';
export { LinkError, UartLink } from './uart-link.js';
export type { VerilatorDeviceOptions } from './verilator-device.js';
export { VerilatorDevice } from './verilator-device.js';
