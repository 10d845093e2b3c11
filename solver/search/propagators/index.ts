export type { AllDiffLevel } from './alldiff.js';
export { AllDiffDecomposed, AllDiffGac, postAllDiff } from './alldiff.js';
export { ClausePropagator } from './clause.js';
export { NeqPropagator } from './neq.js';
export type { Propagator } from './propagator.js';
export { COST_CHEAP, COST_EXPENSIVE, WAKE_DOM, WAKE_FIX } from './propagator.js';
export { TablePropagator } from './table.js';
