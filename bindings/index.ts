export type { SimLibrary } from './loader.js';
export { defaultLibraryPath, loadSimLibrary, locateSimLibrary, packageRoot } from './loader.js';
export type { SimRunResult } from './sim.js';
export { SIM_MODE_FIXED, SIM_MODE_HARD, Sim, UNIT_MUL, UNIT_OR } from './sim.js';
export type { SimFlavour } from './sim-build.js';
export { buildSimLibrary, simCacheDir } from './sim-build.js';
export {
  check,
  SimArgError,
  SimBudgetError,
  SimError,
  SimRangeError,
  SimStateError,
  SP_ERR_ARG,
  SP_ERR_BUDGET,
  SP_ERR_RANGE,
  SP_ERR_STATE,
  SP_OK,
  SP_STATUS_DONE,
  SP_STATUS_FIXPOINT,
  SP_STATUS_WIPEOUT,
} from './status.js';
