/** The generator families by name, apart from the generators so the CLI can list them without loading them. */
export const FAMILY_NAMES = ['sudoku', 'latin', 'coloring', 'cnf', 'rb'] as const;
