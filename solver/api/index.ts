export { assignment } from './assignment.js';
export { AtomicFile, writeFileAtomic, writeFileAtomicSync } from './atomic-file.js';
export type { PropagateMode, PropagateOptions, PropagateResult } from './propagate.js';
export { PROPAGATE_MODES, propagateProblem } from './propagate.js';
export type { ProblemResult, SolveOptions, Status } from './solve.js';
export { SolutionCheckError, solveFile, solveInstance, solveText } from './solve.js';
export { systemErrorText } from './system-error.js';
export { located, UserError } from './user-error.js';
export { parseWeightsJson } from './weights-json.js';
