export { checkProblem, InvalidProblemError } from './check-problem.js';
export { gridConstraints, gridUnits } from './grid.js';
export type { AllDiffConstraint, ClauseConstraint, Constraint, NeqConstraint, Problem, TableConstraint } from './problem.js';
export { fullDomains, hasBit, largestDomain, MAX_DOMAIN, popcount32, setPrefix, tableFrom, wordsFor, wordsPerDomain } from './problem.js';
export type { ConstraintKind, RandomProblemOptions } from './random-problem.js';
export { randomProblem } from './random-problem.js';
export { Rng } from './rng.js';
export type { StopCheck } from './stop.js';
export { StoppedByLimit } from './stop.js';
