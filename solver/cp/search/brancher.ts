import type { Rng } from '../../model/rng.js';
import type { Space } from '../space.js';
import { decisionKind, selectValue, VAL_MAX, VAL_REVERSE_SPLIT, VAL_SELECT_CODE, VAL_SPLIT, type ValSelect } from './val-select.js';
import { selectVar, VAR_SELECT_CODE, type VarSelect } from './var-select.js';

/** One int_search / bool_search: its variables in input order and its two choices. */
export interface BranchSpec {
  vars: Int32Array;
  varSelect: VarSelect;
  valSelect: ValSelect;
}

/**
 * The next decision of a search: the branchings in order (seq_search), then the default over every
 * variable of the store: dom/wdeg with indomain_min, or halving (x ≤ mid first) on an interval
 * variable, whose span may be 2^32; a variable to maximise from the top instead. Each branching keeps the index of its first unfixed variable in
 * a store cell, so a backtrack restores it and fixed prefixes are not scanned again.
 */
export class Brancher {
  /** The decision `choose` found: variable, kind (decision.ts) and value. */
  v = 0;
  kind = 0;
  value = 0;
  private readonly vars: Int32Array[];
  private readonly varCode: Int32Array;
  private readonly valCode: Int32Array;
  private readonly firstCell: number;
  private readonly pick: ((k: number) => number) | null;

  /**
   * `randomTies`: the default branching breaks dom/wdeg ties at random (from `rng`), so that Luby
   * restarts do not replay the same tree. `maximize`: the variable to maximise, if any, which the
   * default branching tries from the top (max first, or the upper half), so that branch and bound
   * does not climb one value per solution.
   */
  constructor(
    private readonly space: Space,
    branches: readonly BranchSpec[],
    private readonly rng: Rng,
    randomTies: boolean,
    private readonly maximize = -1,
  ) {
    const n = branches.length + 1;
    this.vars = branches.map((b) => b.vars);
    this.vars.push(Int32Array.from({ length: space.store.size }, (_, v) => v));
    this.varCode = Int32Array.from([...branches.map((b) => VAR_SELECT_CODE[b.varSelect]), VAR_SELECT_CODE.dom_w_deg]);
    this.valCode = Int32Array.from([...branches.map((b) => VAL_SELECT_CODE[b.valSelect]), VAL_SELECT_CODE.indomain_min]);
    this.firstCell = space.store.newCells(n);
    this.pick = randomTies ? (k) => rng.int(0, k - 1) : null;
  }

  /** Finds the next decision (into v, kind, value); false when every variable is fixed (a solution). */
  choose(): boolean {
    const s = this.space.store;
    const last = this.vars.length - 1;
    for (let b = 0; b <= last; b++) {
      const vars = this.vars[b] as Int32Array;
      const cell = this.firstCell + b;
      let p = s.cell[cell] as number;
      while (p < vars.length && s.isFixed(vars[p] as number)) p++;
      if (p !== s.cell[cell]) s.setCell(cell, p);
      if (p === vars.length) continue;
      const v = vars[selectVar(this.space, vars, p, this.varCode[b] as number, b === last ? this.pick : null)] as number;
      let code = this.valCode[b] as number;
      if (b === last) {
        const top = v === this.maximize;
        code = s.hasWindow(v) ? (top ? VAL_MAX : code) : top ? VAL_REVERSE_SPLIT : VAL_SPLIT;
      }
      this.v = v;
      this.value = selectValue(s, v, code, this.rng);
      this.kind = decisionKind(s, v, code, this.value);
      return true;
    }
    return false;
  }
}
