export type { FznTokenKind } from './fzn-lexer.js';
export { FznLexer } from './fzn-lexer.js';
export type {
  FznAnnArg,
  FznAnnotation,
  FznBaseType,
  FznConstraint,
  FznExpr,
  FznModel,
  FznParam,
  FznPredicate,
  FznScalar,
  FznSolve,
  FznType,
  FznValue,
  FznVar,
  FznVarArray,
  FznVarRef,
  IntSet,
} from './fzn-model.js';
export { findAnnotation } from './fzn-model.js';
export { parseFlatZinc } from './fzn-parser.js';
