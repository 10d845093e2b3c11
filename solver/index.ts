export type { ArcProgram } from './arcs.js';
export { compileArcs, transpose } from './arcs.js';
export { checkSolution, constraintHolds } from './checker.js';
export type { AllDiffConstraint, ClauseConstraint, Constraint, NeqConstraint, Problem, TableConstraint } from './problem.js';
export { fullDomains, MAX_DOMAIN, numVars, popcount32, setPrefix, strideOf, tableFrom, wordsFor } from './problem.js';
export { Rng } from './rng.js';
export type { ConstraintKind, RandomProblemOptions } from './random-problem.js';
export { randomProblem } from './random-problem.js';
export { located, UserError } from './user-error.js';
