/**
 * The one error class for mistakes a user can fix (bad input file, bad flag, missing build step).
 * The CLI prints only `message` for it, without a stack trace, and exits with code 1.
 * Messages name the place: `file:line: problem`.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** Formats `file:line: problem` (line omitted when unknown). */
export function located(file: string, line: number | undefined, problem: string): UserError {
  return new UserError(line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
}
