// Generated from hdl/spec-constants.json by hdl/gen-spec-constants.mjs: do not edit.

/** Value of the ID register and of the last build parameter: "SP", layout version 1. */
export const CORE_ID = 0x53500001;

/** Register addresses of the register window (hdl/SPEC.md 6.2). */
export const Reg = {
  id: 0x00,
  ctrl: 0x01,
  mode: 0x02,
  maxRounds: 0x03,
  status: 0x04,
  rounds: 0x05,
  cyclesLo: 0x06,
  cyclesHi: 0x07,
  nVars: 0x08,
  nClauses: 0x09,
  nLits: 0x0a,
  lShift: 0x0b,
  region: 0x0c,
  addr: 0x0d,
  data: 0x0e,
  unitOp: 0x0f,
  unitAb: 0x10,
  unitR: 0x11,
  params: 0x18,
} as const;

/** CTRL bits. */
export const CTRL_START = 1;
export const CTRL_ABORT = 2;
/** STATUS bits (DONE, FIXPOINT, WIPEOUT equal SP_STATUS_*). */
export const STATUS_DONE = 1;
export const STATUS_FIXPOINT = 2;
export const STATUS_WIPEOUT = 4;
export const STATUS_BUSY = 8;

/** Memory regions selected by the REGION register (hdl/SPEC.md 6.3). */
export const Region = {
  weights: 0,
  varBase: 1,
  varDom: 2,
  arcEnd: 3,
  arcSrc: 4,
  arcRow: 5,
  rows: 6,
  occEnd: 7,
  occLit: 8,
  litVar: 9,
  litSet: 10,
  clauseEnd: 11,
  litW: 12,
  litS: 13,
} as const;

/** Build parameters in `sp_params` order (hdl/SPEC.md 6.1). */
export const PARAM_ORDER = ['lanes', 'maxDom', 'wDepth', 'vDepth', 'aDepth', 'rDepth', 'lDepth', 'cDepth', 'sDepth', 'one', 'id'] as const;

/** Status codes of the simulator C ABI (bindings/c/softprop_sim.h). */
export const SP_OK = 0;
export const SP_ERR_ARG = -1;
export const SP_ERR_RANGE = -2;
export const SP_ERR_BUDGET = -3;
export const SP_ERR_STATE = -4;
