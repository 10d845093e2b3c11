/**
 * Polled by the steps outside the search loop that can take seconds on a large input (tabulating
 * a model's relations, posting propagators, one long propagation); returning true stops them.
 * `solve` makes one from the time limit and the interrupt, so `--timeout` covers building a problem
 * and not only its search.
 */
export type StopCheck = () => boolean;

/** Thrown by a step that its StopCheck stopped: the caller reports the problem `unknown`. */
export class StoppedByLimit extends Error {
  override name = 'StoppedByLimit';
  constructor(step: string) {
    super(`stopped by a limit while ${step}`);
  }
}
