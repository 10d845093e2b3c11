import type { Problem } from '../solver/model/problem.js';

/**
 * FNV-1a over a problem's structure (domain sizes and constraints, not its initial domains):
 * instances with equal keys share one arc program, so training batches them together and the
 * guided solve reuses one compiled graph across a file of them.
 */
export function structureKey(p: Problem): string {
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h = Math.imul(h ^ (v | 0), 0x01000193) >>> 0;
  };
  const mixAll = (a: ArrayLike<number>) => {
    mix(a.length);
    for (let i = 0; i < a.length; i++) mix(a[i] as number);
  };
  mixAll(p.domSize);
  for (const c of p.constraints) {
    mix(c.kind.length);
    if (c.kind === 'table' || c.kind === 'neq') {
      mix(c.x);
      mix(c.y);
      if (c.kind === 'table') mixAll(c.rows);
    } else {
      mixAll(c.vars);
      if (c.kind === 'clause') mixAll(c.sets);
    }
  }
  return `${p.domSize.length}:${p.constraints.length}:${h.toString(16)}`;
}
