/**
 * Status codes of the simulator's C ABI (bindings/c/softprop_sim.h) and the typed errors they
 * become. Every binding call goes through `check`, so a negative code never goes unnoticed.
 */
import { SP_ERR_ARG, SP_ERR_BUDGET, SP_ERR_RANGE, SP_ERR_STATE } from './spec-constants.js';

/** The C ABI's status codes, and sp_run's status bits (the STATUS register's DONE, FIXPOINT, WIPEOUT): generated from hdl/spec-constants.json. */
export {
  SP_ERR_ARG,
  SP_ERR_BUDGET,
  SP_ERR_RANGE,
  SP_ERR_STATE,
  SP_OK,
  STATUS_DONE as SP_STATUS_DONE,
  STATUS_FIXPOINT as SP_STATUS_FIXPOINT,
  STATUS_WIPEOUT as SP_STATUS_WIPEOUT,
} from './spec-constants.js';

/** Base class of every failure the simulator reports; `code` is the C status code. */
export class SimError extends Error {
  override name = 'SimError';
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A null handle, unknown region, mode or op: a bug in the caller, not in the input. */
export class SimArgError extends SimError {
  override name = 'SimArgError';
}

/** An address or length outside a region, or a problem too large for the core's memories. */
export class SimRangeError extends SimError {
  override name = 'SimRangeError';
}

/** The cycle budget ran out before the core reported done: the core hangs (or the budget is too small). */
export class SimBudgetError extends SimError {
  override name = 'SimBudgetError';
}

/** The core was busy, or calls came out of order. */
export class SimStateError extends SimError {
  override name = 'SimStateError';
}

/** Throws the typed error for a negative status; returns non-negative results unchanged. */
export function check(code: number, call: string): number {
  if (code >= 0) return code;
  switch (code) {
    case SP_ERR_ARG:
      throw new SimArgError(code, `${call}: bad argument (null handle, unknown region, mode or op)`);
    case SP_ERR_RANGE:
      throw new SimRangeError(code, `${call}: address or length outside a region, or problem too large for the core`);
    case SP_ERR_BUDGET:
      throw new SimBudgetError(code, `${call}: cycle budget used up before the core reported done (hang)`);
    case SP_ERR_STATE:
      throw new SimStateError(code, `${call}: core busy or call out of order`);
    default:
      throw new SimError(code, `${call}: unknown status ${code}`);
  }
}
