import type { ArcProgram } from '../solver/rounds/arcs.js';

/**
 * The core's cycle count per round (hdl/SPEC.md 6.5) and the ideal it is measured against: L lanes
 * each doing one useful value step per cycle. The bench divides measured cycles by both.
 */

/** Cycles of one round as 6.5 states them, for a core with `lanes` lanes. */
export function modelCyclesPerRound(prog: ArcProgram, lanes: number): number {
  const { domSize, litVar, clauseStart, arcStart, arcSrc, occStart } = prog;
  let cycles = litVar.length > 0 ? 3 : 2;
  for (let l = 0; l < litVar.length; l++) cycles += (domSize[litVar[l] as number] as number) + 3;
  for (let c = 0; c + 1 < clauseStart.length; c++) {
    const m = (clauseStart[c + 1] as number) - (clauseStart[c] as number);
    cycles += 1 + Math.ceil(m / lanes) * m + m;
  }
  if (prog.nVars > 0) cycles += 3;
  for (let x = 0; x < prog.nVars; x++) {
    let perGroup = 2 + 2 * ((occStart[x + 1] as number) - (occStart[x] as number));
    for (let k = arcStart[x] as number; k < (arcStart[x + 1] as number); k++) perGroup += domSize[arcSrc[k] as number] as number;
    cycles += Math.ceil((domSize[x] as number) / lanes) * perGroup;
  }
  return cycles;
}

/** The ideal of 6.5: Σ_arcs d_x·d_y / L plus the clause terms (literal chains and leave-one-out folds) over L lanes. */
export function idealCyclesPerRound(prog: ArcProgram, lanes: number): number {
  const { domSize, litVar, clauseStart, arcStart, arcSrc } = prog;
  let steps = 0;
  for (let x = 0; x < prog.nVars; x++)
    for (let k = arcStart[x] as number; k < (arcStart[x + 1] as number); k++)
      steps += (domSize[x] as number) * (domSize[arcSrc[k] as number] as number);
  for (let l = 0; l < litVar.length; l++) steps += domSize[litVar[l] as number] as number;
  for (let c = 0; c + 1 < clauseStart.length; c++) {
    const m = (clauseStart[c + 1] as number) - (clauseStart[c] as number);
    steps += m * m;
  }
  return steps / lanes;
}
