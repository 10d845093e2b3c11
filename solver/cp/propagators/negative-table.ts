import type { IntStore } from '../int-store.js';
import type { CpPropagator } from '../propagator.js';
import { TABLE_STAR } from './compact-table.js';

/**
 * Negative table (the listed tuples are forbidden; `*` entries as in CompactTable): forward
 * checking. Once at most one column is unfixed, each row matching the fixed columns forbids its
 * value in the open column (a `*` there, or no open column, fails). Domain consistent from that
 * point on; watch it on EV_FIX.
 */
export class NegativeTable implements CpPropagator {
  constructor(
    readonly vars: Int32Array,
    /** One tuple per `vars.length` entries. */
    readonly rows: Int32Array,
  ) {}

  propagate(s: IntStore): boolean {
    const { vars, rows } = this;
    const n = vars.length;
    let open = -1;
    for (let i = 0; i < n; i++) {
      if (s.isFixed(vars[i] as number)) continue;
      if (open >= 0) return true;
      open = i;
    }
    for (let r = 0; r < rows.length; r += n) {
      let matches = true;
      for (let i = 0; matches && i < n; i++) {
        const t = rows[r + i] as number;
        matches = i === open || t === TABLE_STAR || t === s.value(vars[i] as number);
      }
      if (!matches) continue;
      if (open < 0) return false;
      const t = rows[r + open] as number;
      if (t === TABLE_STAR || !s.remove(vars[open] as number, t)) return false;
    }
    return true;
  }
}
