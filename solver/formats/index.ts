export { detectFormat } from './detect.js';
export { parseCnf } from './dimacs-cnf.js';
export type { Graph } from './dimacs-col.js';
export { colouringInstance, parseCol } from './dimacs-col.js';
export type {
  FznAnnArg,
  FznAnnotation,
  FznBaseType,
  FznConstraint,
  FznExpr,
  FznModel,
  FznParam,
  FznPredicate,
  FznScalar,
  FznSolve,
  FznType,
  FznValue,
  FznVar,
  FznVarArray,
  FznVarRef,
  IntSet,
} from './flatzinc/index.js';
export { FznLexer, findAnnotation, parseFlatZinc } from './flatzinc/index.js';
export { dsatur, greedyCliqueSize } from './graph-bounds.js';
export type { FormatName, Instance, LabelledSolution, SourceModel } from './instance.js';
export { FORMAT_NAMES } from './instance.js';
export { parseJsonModel } from './json-model.js';
export { MAX_DOMAIN_WORDS } from './model-builder.js';
export type { ReadOptions } from './read.js';
export { readInstances } from './read.js';
export { checkSourceSolution } from './source-check/index.js';
export { parseSudoku, parseSudokuLine, renderSudoku, sudokuChar, sudokuProblem } from './sudoku.js';
export { parseXcsp3 } from './xcsp3.js';
