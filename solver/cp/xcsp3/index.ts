export { type Expr, evaluate, parseExpr } from './expression.js';
export { INTENSION_TABLE_LIMIT, postIntension } from './intension.js';
export { instantiationLine, solveXcsp3 } from './solve-xcsp3.js';
export { buildXcspSpace, type XcspSpace } from './xcsp3-space.js';
