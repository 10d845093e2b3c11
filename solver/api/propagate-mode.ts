/** The propagation modes of `propagateProblem` (propagate.ts describes each); apart so the CLI can list them without loading the solver. */
export type PropagateMode = 'hard' | 'soft' | 'fixed' | 'solver';
export const PROPAGATE_MODES: readonly PropagateMode[] = ['hard', 'soft', 'fixed', 'solver'];
