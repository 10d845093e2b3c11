export type { ArcLists } from './arc-lists.js';
export { arcLists, valueStride } from './arc-lists.js';
export type { ArcProgram } from './arcs.js';
export { compileArcs, transpose } from './arcs.js';
export type { ProblemUnion } from './batch.js';
export { instanceOf, tileInstances, unionProblems } from './batch.js';
export type { ValueOrder, VarOrder } from './branching.js';
export { minValue, VarChooser } from './branching.js';
export { checkSolution, constraintHolds } from './checker.js';
export type { EngineOptions, ExternalPropagator } from './engine.js';
export { Engine, propagateHard } from './engine.js';
export { FRAC_BITS, fromFixed, mul, not, ONE, or, ROUND, toFixed, WEIGHT_BITS } from './fixed-point.js';
export { FixedPropagator } from './fixed-propagate.js';
export type { FormatName, Graph, Instance, LabelledSolution } from './formats/index.js';
export {
  colouringInstance,
  detectFormat,
  FORMAT_NAMES,
  parseCnf,
  parseCol,
  parseJsonModel,
  parseSudoku,
  parseSudokuLine,
  parseXcsp3,
  readInstances,
  renderSudoku,
  sudokuBox,
  sudokuProblem,
} from './formats/index.js';
export { gridSearch } from './grid-search.js';
export { HardRounds } from './hard-rounds.js';
export { luby } from './luby.js';
export type { AllDiffConstraint, ClauseConstraint, Constraint, NeqConstraint, Problem, TableConstraint } from './problem.js';
export { fullDomains, MAX_DOMAIN, popcount32, setPrefix, strideOf, tableFrom, wordsFor } from './problem.js';
export type { PropagateMode, PropagateOptions, PropagateResult } from './propagate-api.js';
export { PROPAGATE_MODES, propagateProblem } from './propagate-api.js';
export type { ConstraintKind, RandomProblemOptions } from './random-problem.js';
export { randomProblem } from './random-problem.js';
export { Rng } from './rng.js';
export type { RoundArray, RoundInfo, RoundPropagator, RunResult } from './rounds.js';
export { runRounds } from './rounds.js';
export type { SearchOptions, SearchResult, SearchStats } from './search.js';
export { search } from './search.js';
export { emptyStats, Limits, searchStatus } from './search-limits.js';
export { SoftPropagator } from './soft-propagate.js';
export type { ProblemResult, SolveOptions, Status } from './solve-api.js';
export { SolutionCheckError, solveFile, solveInstance, solveText } from './solve-api.js';
export { located, UserError } from './user-error.js';
export { domainsFromWeights, initialWeights, toFixedWeights, weightsFromDomains } from './weight-layout.js';
export { parseWeightsJson } from './weights-json.js';
