import type { SearchOptions, SearchResult, SearchStats } from './search.js';

/** Nodes between two polls of the clock and the interrupt callback. */
const POLL_EVERY = 16;

/** Counters of a search that has not started. */
export function emptyStats(): SearchStats {
  return { nodes: 0, failures: 0, backtracks: 0, propagations: 0, externalCalls: 0, restarts: 0, solutions: 0, timeMs: 0 };
}

/**
 * The limits of SearchOptions (node budget, time budget, interrupt callback), as every search
 * checks them before a node: the node count every time, the clock and the callback every POLL_EVERY calls.
 */
export class Limits {
  private poll = 0;

  constructor(
    private readonly opts: SearchOptions,
    private readonly t0: number,
  ) {}

  /** Whether the time budget is spent or the interrupt callback asks to stop (polled outside the node loop too). */
  expired(): boolean {
    const opts = this.opts;
    if (opts.timeoutMs !== undefined && performance.now() - this.t0 >= opts.timeoutMs) return true;
    return opts.interrupt?.() === true;
  }

  /** Whether the search must stop before opening another node, having opened `nodes`. */
  reached(nodes: number): boolean {
    const opts = this.opts;
    if (opts.nodes !== undefined && nodes >= opts.nodes) return true;
    if (++this.poll < POLL_EVERY) return false;
    this.poll = 0;
    return this.expired();
  }
}

/**
 * A search's verdict: 'unknown' when a limit stopped it before it decided (with `all`, before it
 * finished), 'sat' with a solution, 'unsat' when it explored everything without one.
 */
export function searchStatus(limited: boolean, all: boolean, solutions: number, exhausted: boolean): SearchResult['status'] {
  if (limited && (all || solutions === 0)) return 'unknown';
  return solutions > 0 ? 'sat' : exhausted ? 'unsat' : 'unknown';
}
