export * from './builtins/index.js';
export * from './fzn/index.js';
export { BITMASK_SPAN, EV_BOUNDS, EV_DOMAIN, EV_FIX, INT_MAX, INT_MIN, IntStore } from './int-store.js';
export type { CpPropagator } from './propagator.js';
export { CP_CHEAP, CP_EXPENSIVE } from './propagator.js';
export * from './propagators/index.js';
export {
  type BranchSpec,
  type CpSearchOptions,
  type CpSearchResult,
  cpSearch,
  RESTART_SCALE,
  type ValSelect,
  type VarSelect,
} from './search.js';
export { Space } from './space.js';
