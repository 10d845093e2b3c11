import type { Rng } from '../../solver/model/rng.js';
import type { Family, FamilyFlags } from './family.js';
import { intFlag, realFlag } from './flags.js';

/**
 * Planted k-colourable graphs: each vertex gets a uniform random colour, then each pair of
 * differently coloured vertices is joined with probability `density`. The planted colouring is the
 * stored solution (colours 1..K), so every instance is K-colourable by construction. Written as
 * DIMACS `.col` text with `meta.colors` = K.
 */
export interface ColoringParams {
  vertices: number;
  colors: number;
  density: number;
}

export const coloringFamily: Family<ColoringParams> = {
  name: 'coloring',
  flags: ['size', 'colors', 'density'],
  async params(f: FamilyFlags): Promise<ColoringParams> {
    return {
      vertices: intFlag('size', f.size, 50, 1),
      colors: intFlag('colors', f.colors, 3, 1, 1024),
      density: realFlag('density', f.density, 0.1, 0, 1),
    };
  },
  generate(rng: Rng, p: ColoringParams) {
    const colour = Array.from({ length: p.vertices }, () => rng.int(0, p.colors - 1));
    const lines: string[] = [];
    for (let u = 0; u < p.vertices; u++)
      for (let v = u + 1; v < p.vertices; v++) if (colour[u] !== colour[v] && rng.float() < p.density) lines.push(`e ${u + 1} ${v + 1}`);
    return {
      family: 'coloring',
      format: 'col',
      instance: `p edge ${p.vertices} ${lines.length}\n${lines.join('\n')}\n`,
      solution: colour.map((c) => c + 1),
      meta: { vertices: p.vertices, colors: p.colors, density: p.density, edges: lines.length },
    };
  },
};
