import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DatasetRecord, readDataset, recordLine } from '../../encoder/datasets/record.js';

const dir = mkdtempSync(join(tmpdir(), 'softprop-record-'));
const file = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

// A 4-vertex cycle, 2-colourable as 1 2 1 2.
const square = 'p edge 4 4\ne 1 2\ne 2 3\ne 3 4\ne 4 1\n';
const records: DatasetRecord[] = [
  { family: 'coloring', format: 'col', instance: square, solution: [1, 2, 1, 2], meta: { colors: 2 } },
  { family: 'cnf', format: 'cnf', instance: 'p cnf 2 2\n1 2 0\n-1 0\n', solution: [0, 1], meta: {} },
  {
    family: 'rb',
    format: 'json',
    instance: {
      variables: [{ name: 'x', size: 2, values: [5, 7] }],
      constraints: [{ type: 'table', vars: ['x[0]', 'x[1]'], tuples: [[7, 5]] }],
    },
    solution: [7, 5],
    meta: { status: 'sat' },
  },
  { family: 'cnf', format: 'cnf', instance: 'p cnf 1 1\n1 0\n', solution: null, meta: {} },
];

describe('dataset records', () => {
  it('round-trips records: problems, solutions as value indices, family and meta', async () => {
    const items = await readDataset(file('a.jsonl', records.map(recordLine).join('')));
    expect(items.map((i) => i.family)).toEqual(['coloring', 'cnf', 'rb', 'cnf']);
    expect(Array.from(items[0]?.solution ?? [])).toEqual([0, 1, 0, 1]);
    expect(items[0]?.problem.constraints.length).toBe(4);
    expect(Array.from(items[1]?.solution ?? [])).toEqual([0, 1]);
    // Values 5 and 7 are indices 0 and 1 of x's domain.
    expect(Array.from(items[2]?.solution ?? [])).toEqual([1, 0]);
    expect(items[2]?.meta).toEqual({ status: 'sat' });
    expect(items[3]?.solution).toBeUndefined();
    expect(items[2]?.source).toMatch(/a\.jsonl:3$/);
  });

  it('names the line of a malformed record', async () => {
    const good = recordLine(records[1] as DatasetRecord);
    const cases: [string, RegExp][] = [
      ['{"family": "cnf", "format"', /bad\.jsonl:3: not a JSON record/],
      [
        '{"family": "cnf", "format": "dimacs", "instance": "", "solution": null, "meta": {}}',
        /bad\.jsonl:3: record "format" must be one of/,
      ],
      [
        '{"family": "cnf", "format": "cnf", "instance": "p cnf 1 1\\n2 0\\n", "solution": null, "meta": {}}',
        /bad\.jsonl:3: instance:2: literal 2 out of range/,
      ],
      [
        '{"family": "cnf", "format": "cnf", "instance": "p cnf 2 1\\n1 0\\n", "solution": [0, 0], "meta": {}}',
        /bad\.jsonl:3: stored solution is wrong/,
      ],
      [
        '{"family": "cnf", "format": "cnf", "instance": "p cnf 2 1\\n1 0\\n", "solution": [1], "meta": {}}',
        /bad\.jsonl:3: solution has 1 values for 2 variables/,
      ],
      [
        '{"family": "c", "format": "col", "instance": "p edge 2 1\\ne 1 2\\n", "solution": null, "meta": {}}',
        /bad\.jsonl:3: instance: a graph colouring needs the number of colours/,
      ],
      [
        '{"family": "s", "format": "sudoku", "instance": "12", "solution": null, "meta": {}}',
        /bad\.jsonl:3: instance:1: sudoku line has 2 cells/,
      ],
    ];
    for (const [line, message] of cases) {
      await expect(readDataset(file('bad.jsonl', `${good}\n${line}\n${good}`))).rejects.toThrow(message);
    }
  });

  it('reads plain inputs as items without solutions', async () => {
    const puzzle = '4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......';
    const sudoku = await readDataset(file('p.sdk', `# two puzzles\n${puzzle}\n\n${puzzle.replace('4', '.')}\n`));
    expect(sudoku.map((i) => i.source)).toEqual([`${dir}/p.sdk:2`, `${dir}/p.sdk:4`]);
    expect(sudoku[0]?.solution).toBeUndefined();
    const col = await readDataset(file('g.col', square), { colors: 3 });
    expect(col[0]?.problem.domSize[0]).toBe(3);
    await expect(readDataset(file('g.col', square))).rejects.toThrow(/needs the number of colours/);
    const cnf = await readDataset(file('f.cnf', 'p cnf 2 1\n1 -2 0\n'));
    expect(cnf[0]?.problem.constraints.length).toBe(1);
    await expect(readDataset(file('bad.sdk', `${puzzle}\n${puzzle.replace('4', 'x')}\n`))).rejects.toThrow(/bad\.sdk:2: invalid cell 'x'/);
    await expect(readDataset(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: cannot read/);
    const xml =
      '<instance format="XCSP3" type="CSP"><variables><array id="x" size="[3]"> 0..2 </array></variables><constraints><allDifferent> x[] </allDifferent></constraints></instance>';
    const xcsp = await readDataset(file('q.xml', xml));
    expect([xcsp[0]?.family, xcsp[0]?.problem.domSize.length, xcsp[0]?.problem.constraints[0]?.kind]).toEqual(['xcsp3', 3, 'alldiff']);
    // Records are recognised by content too; a one-line JSON model is not a record.
    expect((await readDataset(file('records.txt', records.map(recordLine).join(''))))[2]?.family).toBe('rb');
    const model = JSON.stringify((records[2] as DatasetRecord).instance);
    expect((await readDataset(file('model.txt', model)))[0]?.family).toBe('json');
  });
});
