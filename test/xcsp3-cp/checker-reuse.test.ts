import { describe, expect, it } from 'vitest';
import { checkXcsp3Solution } from '../../solver/formats/source-check/xcsp3.js';
import { parseXmlTree } from '../../solver/formats/xml-tree.js';

/**
 * The XCSP3 checker reads each part of a document once (group instances, tuples, lists, element
 * domains) and reuses it for the next solution of the same document: every verdict must still be
 * the one a fresh reading gives, for every <args> of a group and every element.
 */
const XML = `<instance format="XCSP3" type="CSP">
<variables>
<array id="x" size="[4]">
<domain for="x[0] x[2]"> 0..2 </domain>
<domain for="others"> 0..3 </domain>
</array>
</variables>
<constraints>
<group>
<intension> ne(%0,%1) </intension>
<args> x[0] x[1] </args>
<args> x[1] x[2] </args>
<args> x[2] x[3] </args>
</group>
<group>
<extension><list> %0 %1 </list><supports> (0,*)(1,2)(2,1)(3,3)(2,3) </supports></extension>
<args> x[0] x[1] </args>
<args> x[2] x[3] </args>
</group>
</constraints>
</instance>`;

describe('XCSP3 checker on one document, solution after solution', () => {
  it('judges each as a fresh document would', () => {
    const root = parseXmlTree(XML, 'r.xml');
    const cases: [number[], RegExp | null][] = [
      [[1, 2, 1, 2], null],
      [[1, 2, 2, 3], /ne\(x\[1\],x\[2\]\) is false/],
      [[0, 1, 2, 3], null],
      [[0, 1, 2, 2], /ne\(x\[2\],x\[3\]\) is false/],
      [[2, 3, 1, 2], null],
      [[2, 0, 1, 2], /<extension>.*\(2,0\) of x\[0\] x\[1\] is not a support/],
      [[1, 2, 3, 1], /x\[2\] = 3 is outside its domain/],
      [[0, 3, 1, 3], /<extension>.*\(1,3\) of x\[2\] x\[3\] is not a support/],
    ];
    for (const [values, refused] of cases) {
      const solution = Object.fromEntries(values.map((v, i) => [`x[${i}]`, v]));
      const fresh = checkXcsp3Solution(parseXmlTree(XML, 'r.xml'), solution);
      const reused = checkXcsp3Solution(root, solution);
      expect(reused, values.join(' ')).toBe(fresh);
      if (refused === null) expect(reused, values.join(' ')).toBe(null);
      else expect(reused, values.join(' ')).toMatch(refused);
    }
  });
});
