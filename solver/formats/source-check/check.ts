import type { Instance, LabelledSolution } from '../instance.js';
import { checkCnfSolution } from './cnf.js';
import { checkColouringSolution } from './colouring.js';
import { checkJsonModelSolution } from './json-model.js';
import { checkSudokuSolution } from './sudoku.js';
import { checkXcsp3Solution } from './xcsp3.js';

/**
 * The independent check of a solution (value indices of the instance's problem): null when the
 * solution, as the instance shows it in source terms (`labelled`, the values printed), satisfies the
 * input's own constraints (`instance.source`), else a message naming what is violated. Nothing of
 * the compiled Problem is used, so a parser's translation bug cannot pass its own output.
 */
export function checkSourceSolution(inst: Instance, values: Int32Array): string | null {
  const shown = inst.labelled(values);
  const src = inst.source;
  switch (src.format) {
    case 'sudoku':
      return typeof shown === 'string' ? checkSudokuSolution(src.puzzle, shown) : shapeError(src.format, shown);
    case 'col':
      return Array.isArray(shown) ? checkColouringSolution(src.vertices, src.colours, src.edges, shown) : shapeError(src.format, shown);
    case 'cnf':
      return Array.isArray(shown) ? checkCnfSolution(src.vars, src.clauses, shown) : shapeError(src.format, shown);
    case 'json':
      return isRecord(shown) ? checkJsonModelSolution(src.model, shown) : shapeError(src.format, shown);
    case 'xcsp3':
      return isRecord(shown) ? checkXcsp3Solution(src.root, shown) : shapeError(src.format, shown);
  }
}

function isRecord(s: LabelledSolution): s is Record<string, number> {
  return typeof s === 'object' && !Array.isArray(s);
}

function shapeError(format: string, shown: LabelledSolution): string {
  return `a ${format} solution cannot be shown as ${Array.isArray(shown) ? 'a list' : typeof shown}`;
}
