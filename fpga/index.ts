export type { CoreParams, MemoryImage, RegionImage } from './layout.js';
export {
  buildImage,
  CORE_ID,
  CTRL_ABORT,
  CTRL_START,
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
