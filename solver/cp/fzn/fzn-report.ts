import { SEARCH_COMPLETE, UNKNOWN, UNSATISFIABLE } from './fzn-output.js';
import type { FznResult } from './solve-flatzinc.js';

/**
 * The lines that end a FlatZinc run after its solutions: `==========` when the search completed
 * (all solutions listed, or optimality proved), `=====UNSATISFIABLE=====`, `=====UNKNOWN=====`,
 * then with `stats` the `%%%mzn-stat:` lines (solveTime in seconds) and `%%%mzn-stat-end`.
 */
export function endLines(r: FznResult, stats: boolean): string[] {
  const lines: string[] = [];
  if (r.status === 'unsatisfiable') lines.push(UNSATISFIABLE);
  else if (r.status === 'unknown') lines.push(UNKNOWN);
  else if (r.status === 'all' || r.status === 'optimal') lines.push(SEARCH_COMPLETE);
  if (stats) {
    const s = r.stats;
    const stat = (name: string, value: number | string) => lines.push(`%%%mzn-stat: ${name}=${value}`);
    stat('nodes', s.nodes);
    stat('failures', s.failures);
    stat('propagations', s.propagations);
    stat('peakDepth', s.peakDepth);
    stat('solutions', r.solutions);
    if (r.best?.objective !== undefined) stat('objective', r.best.objective);
    stat('solveTime', (s.timeMs / 1000).toFixed(3));
    lines.push('%%%mzn-stat-end');
  }
  return lines;
}
