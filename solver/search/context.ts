import type { Problem } from '../model/problem.js';
import type { Engine } from './engine.js';
import type { GridSlot } from './grid-search.js';

/**
 * What searches reuse from one to the next, owned by whoever runs them (`solve` makes one per input
 * file) and passed as `SearchOptions.context`. Reuse never changes a search's result: an engine is
 * reset to the state of a new one, a grid run starts from its problem's givens. A search takes the
 * idle object out while it runs, so a search nested in a callback builds its own.
 */
export class SearchContext {
  /**
   * One idle engine per constraint list: a file of sudokus shares one list (model/grid.ts), and
   * building the engine was a tenth of solving a puzzle. `Engine.fits` decides whether it serves.
   */
  readonly engines = new WeakMap<Problem['constraints'], Engine>();
  /** Per box size, the grid's fixed structure and an idle run of the grid search. */
  readonly grids = new Map<number, GridSlot>();
}

/** The context of searches whose caller passes none (library calls such as `search(p)`). */
export const defaultSearchContext = new SearchContext();
