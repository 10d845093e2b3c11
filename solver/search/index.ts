export type { ValueOrder, VarOrder } from './branching.js';
export { minValue, VarChooser } from './branching.js';
export { checkSolution, constraintHolds } from './checker.js';
export { defaultSearchContext, SearchContext } from './context.js';
export type { EngineOptions, ExternalPropagator } from './engine.js';
export { Engine, propagateHard } from './engine.js';
export { gridBox, gridSearch, MAX_GRID_BOX } from './grid-search.js';
export { emptyStats, Limits, searchStatus } from './limits.js';
export { luby } from './luby.js';
export type {
  GuidedSearchResult,
  SearchExtension,
  SearchGuide,
  SearchObserver,
  SearchOptions,
  SearchResult,
  SearchStats,
} from './search.js';
export { search } from './search.js';
export type { UndoMode } from './store.js';
export { SNAPSHOT_WORDS, Store } from './store.js';
