import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { runSolve } from '../../cli/solve-run.js';
import type { XmlElement } from '../../solver/formats/xml-tree.js';
import { fixtures } from '../support/cli.js';

/**
 * `softprop solve FILE.xml` outside the bitmask engine's subset: the bitmask reader's refusal
 * carries the parsed document and the CP engine reads that tree, so the XML is parsed once.
 */

const parsed = vi.hoisted(() => [] as XmlElement[]);
vi.mock('../../solver/formats/xml-tree.js', async (original) => {
  const m = await original<typeof import('../../solver/formats/xml-tree.js')>();
  return {
    ...m,
    parseXmlTree: (text: string, file: string) => {
      const root = m.parseXmlTree(text, file);
      parsed.push(root);
      return root;
    },
  };
});

// <sum> is outside the bitmask subset: 2x + y = 5 over 0..3, two solutions, x=1 y=3 and x=2 y=1.
const dir = fixtures({
  'sum.xml': `<instance format="XCSP3" type="CSP">
<variables>
<var id="x"> 0..3 </var>
<var id="y"> 0..3 </var>
</variables>
<constraints>
<sum><list> x y </list><coeffs> 2 1 </coeffs><condition> (eq,5) </condition></sum>
</constraints>
</instance>
`,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('an XCSP3 file the bitmask reader refuses is parsed once, the CP engine solving the same tree', () => {
  const out: string[] = [];
  const io = { out: (t: string) => out.push(t), err: () => {}, interrupted: () => false };
  expect(runSolve(join(dir, 'sum.xml'), { seed: 1, count: true }, io)).toBe(0);
  // Solved by the CP engine: both solutions counted.
  expect(out.join('')).toContain('s SATISFIABLE\nc solutions 2\n');
  expect(parsed.length).toBe(1);
});
