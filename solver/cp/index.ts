export { BITMASK_SPAN, EV_BOUNDS, EV_DOMAIN, EV_FIX, INT_MAX, INT_MIN, IntStore } from './int-store.js';
export type { CpPropagator } from './propagator.js';
export { CP_CHEAP, CP_EXPENSIVE } from './propagator.js';
export { Space } from './space.js';
