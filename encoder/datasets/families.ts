import { UserError } from '../../solver/api/user-error.js';
import { cnfFamily } from './cnf.js';
import { coloringFamily } from './coloring.js';
import type { Family } from './family.js';
import { FAMILY_NAMES } from './family-names.js';
import { latinFamily } from './latin.js';
import { rbFamily } from './rb.js';
import { sudokuFamily } from './sudoku.js';

/** Every generator, by the name `softprop generate` takes. */
export const FAMILIES = [sudokuFamily, latinFamily, coloringFamily, cnfFamily, rbFamily] as readonly Family<unknown>[];

if (FAMILIES.map((f) => f.name).join() !== FAMILY_NAMES.join()) throw new Error('family-names.ts does not list FAMILIES in order');

export function familyByName(name: string): Family<unknown> {
  const f = FAMILIES.find((x) => x.name === name);
  if (!f) throw new UserError(`unknown family '${name}'; expected one of ${FAMILIES.map((x) => x.name).join(', ')}`);
  return f;
}
