import { checkXcsp3Solution } from '../../formats/source-check/xcsp3.js';
import type { XmlElement } from '../../formats/xml-tree.js';
import { type ModelResult, type ModelSolution, type ModelSolveOptions, solveNamedModel } from '../named-model.js';
import { buildXcspSpace } from './xcsp3-space.js';

/**
 * Solves an XCSP3 instance with the CP engine: satisfaction (first solution, or all with `count`,
 * distinct on the variables some constraint mentions) or branch and bound for
 * `<minimize>`/`<maximize>`. Every solution is checked against the XML by the independent checker
 * before it is reported. `xml` is the text or its parsed tree.
 */
export function solveXcsp3(xml: string | XmlElement, file: string, options: ModelSolveOptions = {}): ModelResult {
  let root: XmlElement | undefined;
  return solveNamedModel(
    file,
    (stop) => {
      const x = buildXcspSpace(xml, file, stop);
      root = x.root;
      return x;
    },
    (values) => checkXcsp3Solution(root as XmlElement, values),
    options,
  );
}

/** The competition's `v` line of a solution. */
export function instantiationLine(s: ModelSolution): string {
  return `v <instantiation> <list> ${s.names.join(' ')} </list> <values> ${Array.from(s.values).join(' ')} </values> </instantiation>`;
}
