export { checkSourceSolution } from './check.js';
export { checkCnfSolution } from './cnf.js';
export { checkColouringSolution } from './colouring.js';
export { checkJsonModelSolution } from './json-model.js';
export { checkSudokuSolution } from './sudoku.js';
export { checkXcsp3Solution } from './xcsp3.js';
export { evaluateExpression } from './xcsp3-evaluate.js';
