import type { Rng } from '../../model/rng.js';
import type { Space } from '../space.js';
import { UnfixedSet } from './unfixed-set.js';
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
 * variable, whose span may be 2^32; a variable to maximise from the top instead. An input_order
 * branching keeps the index of its first unfixed variable in a store cell, so a backtrack restores
 * it and fixed prefixes are not scanned again; the others rank only the variables of their
 * UnfixedSet.
 *
 * With projection variables (the ones solutions must differ on), the branchings restricted to them
 * and then the default over them come first: their decisions are `primary`, and once every
 * projection variable is fixed no primary decision follows. The default then leaves unfixed the
 * variables outside the projection that no propagator watches.
 */
export class Brancher {
  /** The decision `choose` found: variable, kind (decision.ts) and value. */
  v = 0;
  kind = 0;
  value = 0;
  /** Whether the decision found is on a projection variable (always false without projection). */
  primary = false;
  private readonly vars: Int32Array[];
  /** 1 for a default branching (dom/wdeg, the value by the variable's form), 0 for an annotation's. */
  private readonly isDefault: Uint8Array;
  /** How many branchings, from the first, are over projection variables. */
  private readonly primaryGroups: number;
  private readonly varCode: Int32Array;
  private readonly valCode: Int32Array;
  /** Per input_order branching: the cell of its first unfixed index. */
  private readonly firstCell: number;
  /** Per other branching: its unfixed variables (null for input_order). */
  private readonly unfixed: (UnfixedSet | null)[];
  private readonly pick: ((k: number) => number) | null;

  /**
   * `randomTies`: the default branching breaks dom/wdeg ties at random (from `rng`), so that Luby
   * restarts do not replay the same tree. `maximize`: the variable to maximise, if any, which the
   * default branching tries from the top (max first, or the upper half), so that branch and bound
   * does not climb one value per solution. `project`: the projection variables, if any.
   */
  constructor(
    private readonly space: Space,
    branches: readonly BranchSpec[],
    private readonly rng: Rng,
    randomTies: boolean,
    private readonly maximize = -1,
    project: Int32Array | null = null,
  ) {
    let all = Int32Array.from({ length: space.store.size }, (_, v) => v);
    const groups: { vars: Int32Array; varSelect: VarSelect; valSelect: ValSelect; isDefault: boolean }[] = [];
    if (project !== null) {
      const inProject = new Uint8Array(space.store.size);
      for (const v of project) inProject[v] = 1;
      // Outside the projection a variable no propagator watches may keep any value (its least, as
      // read): a decision on each of them per solution was Bibd-aux-6-0-0-3-8's 840 unused s[i][j][k].
      all = all.filter((v) => inProject[v] === 1 || space.degree(v) > 0);
      for (const b of branches) {
        const vars = b.vars.filter((v) => inProject[v] === 1);
        if (vars.length > 0) groups.push({ ...b, vars, isDefault: false });
      }
      groups.push({ vars: project, varSelect: 'dom_w_deg', valSelect: 'indomain_min', isDefault: true });
    }
    this.primaryGroups = groups.length;
    for (const b of branches) groups.push({ ...b, isDefault: false });
    groups.push({ vars: all, varSelect: 'dom_w_deg', valSelect: 'indomain_min', isDefault: true });
    this.vars = groups.map((g) => g.vars);
    this.isDefault = Uint8Array.from(groups, (g) => (g.isDefault ? 1 : 0));
    this.varCode = Int32Array.from(groups, (g) => VAR_SELECT_CODE[g.varSelect]);
    this.valCode = Int32Array.from(groups, (g) => VAL_SELECT_CODE[g.valSelect]);
    this.firstCell = space.store.newCells(groups.length);
    this.unfixed = groups.map((g) => (g.varSelect === 'input_order' ? null : new UnfixedSet(space.store, g.vars.length)));
    this.pick = randomTies ? (k) => rng.int(0, k - 1) : null;
  }

  /** Finds the next decision (into v, kind, value); false when every variable is fixed (a solution). */
  choose(): boolean {
    const s = this.space.store;
    for (let b = 0; b < this.vars.length; b++) {
      const vars = this.vars[b] as Int32Array;
      const unfixed = this.unfixed[b] as UnfixedSet | null;
      const isDefault = this.isDefault[b] === 1;
      let i: number;
      if (unfixed === null) {
        const cell = this.firstCell + b;
        i = s.cell[cell] as number;
        while (i < vars.length && s.isFixed(vars[i] as number)) i++;
        if (i !== s.cell[cell]) s.setCell(cell, i);
        if (i === vars.length) continue;
      } else {
        i = selectVar(this.space, vars, unfixed, this.varCode[b] as number, isDefault ? this.pick : null);
        if (i < 0) continue;
      }
      const v = vars[i] as number;
      let code = this.valCode[b] as number;
      if (isDefault) {
        const top = v === this.maximize;
        code = s.hasWindow(v) ? (top ? VAL_MAX : code) : top ? VAL_REVERSE_SPLIT : VAL_SPLIT;
      }
      this.v = v;
      this.primary = b < this.primaryGroups;
      this.value = selectValue(s, v, code, this.rng);
      this.kind = decisionKind(s, v, code, this.value);
      return true;
    }
    return false;
  }
}
