export { Brancher, type BranchSpec } from './brancher.js';
export { alternatives, applyDecision, EQ, EQ3, GT, LE } from './decision.js';
export { UnfixedSet } from './unfixed-set.js';
export { decisionKind, selectValue, VAL_MAX, VAL_REVERSE_SPLIT, VAL_SELECT_CODE, VAL_SPLIT, type ValSelect } from './val-select.js';
export { selectVar, VAR_SELECT_CODE, type VarSelect } from './var-select.js';
