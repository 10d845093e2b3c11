import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type InstanceRun, solveMethod, suiteInstances, wrongAnswer } from '../../cli/bench/minizinc.js';
import type { MznOutcome } from '../../solver/cp/fzn/minizinc-run.js';

/** `softprop bench --only minizinc --suite DIR`: the instances a folder names, and what counts as a wrong answer. */

const dir = mkdtempSync(join(tmpdir(), 'softprop-bench-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(dir, 's-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
}

describe('suiteInstances', () => {
  it('reads a manifest: model and data relative to it, named by the data file, comments skipped', () => {
    const d = folder({
      'instances.txt': '# scheduling\njs/js.mzn js/a/ft06.dzn\n\n  js/js.mzn   js/b.dzn  # two\nq/q.mzn\n',
      'js/js.mzn': '',
      'js/a/ft06.dzn': '',
      'js/b.dzn': '',
      'q/q.mzn': '',
    });
    expect(suiteInstances(d)).toEqual([
      { name: 'js/a/ft06', files: [join(d, 'js/js.mzn'), join(d, 'js/a/ft06.dzn')] },
      { name: 'js/b', files: [join(d, 'js/js.mzn'), join(d, 'js/b.dzn')] },
      { name: 'q/q', files: [join(d, 'q/q.mzn')] },
    ]);
  });

  it('refuses a missing file or a line not starting with a model, naming the manifest line', () => {
    const missing = folder({ 'instances.txt': 'a.mzn\n\nb.mzn b.dzn\n', 'a.mzn': '', 'b.mzn': '' });
    expect(() => suiteInstances(missing)).toThrow(`${join(missing, 'instances.txt')}:3: b.dzn does not exist`);
    const order = folder({ 'instances.txt': 'b.dzn b.mzn\n', 'b.mzn': '', 'b.dzn': '' });
    expect(() => suiteInstances(order)).toThrow(
      `${join(order, 'instances.txt')}:1: the first file of an instance must be its model (.mzn)`,
    );
  });

  it('without a manifest, pairs NAME.mzn with NAME.dzn when there is one', () => {
    const d = folder({ 'b.mzn': '', 'b.dzn': '', 'a.mzn': '', 'c.dzn': '' });
    expect(suiteInstances(d)).toEqual([
      { name: 'a', files: [join(d, 'a.mzn')] },
      { name: 'b', files: [join(d, 'b.mzn'), join(d, 'b.dzn')] },
    ]);
  });
});

describe('wrongAnswer', () => {
  const out = (status: MznOutcome['status'], objectives: number[] = [], code = 0): MznOutcome & { ms: number } => ({
    status,
    solutions: objectives.length ? objectives.map(() => ({})) : status === 'unsatisfiable' || status === 'unknown' ? [] : [{}],
    objectives,
    ...(objectives.length ? { objective: objectives.at(-1) as number } : {}),
    stderr: code === 2 ? 'softprop: check failed: x\n' : '',
    code,
    ms: 1,
  });
  const run = (optimise: InstanceRun['optimise'], s: MznOutcome & { ms: number }, g: MznOutcome & { ms: number }, confirm?: MznOutcome) =>
    wrongAnswer({ name: 'i', files: [], optimise, softprop: s, gecode: g, ...(confirm ? { confirm } : {}) });

  it('accepts agreeing and undecided answers', () => {
    expect(run(null, out('satisfied'), out('satisfied'), out('satisfied'))).toBeUndefined();
    expect(run(null, out('unsatisfiable'), out('unsatisfiable'))).toBeUndefined();
    expect(run(null, out('unknown'), out('satisfied'))).toBeUndefined();
    expect(run('min', out('complete', [9, 7]), out('complete', [8, 7]), out('complete', [7]))).toBeUndefined();
    // An unproved softprop optimum worse than Gecode's is slow, not wrong; a better completion is no error.
    expect(run('min', out('satisfied', [9]), out('complete', [7]), out('complete', [8]))).toBeUndefined();
    expect(run('max', out('complete', [5]), out('satisfied', [3, 5]), out('complete', [5]))).toBeUndefined();
  });

  it('names each kind of wrong answer', () => {
    expect(run(null, out('satisfied', [], 2), out('satisfied'))).toMatch(/checker refused/);
    expect(run(null, out('satisfied'), out('satisfied'), out('unsatisfiable'))).toMatch(/infeasible/);
    expect(run('min', out('satisfied', [7]), out('satisfied', [7]), out('complete', [8]))).toMatch(/objective 8 under Gecode, not 7/);
    expect(run(null, out('unsatisfiable'), out('satisfied'))).toMatch(/softprop says unsatisfiable/);
    expect(run(null, out('satisfied'), out('unsatisfiable'))).toMatch(/Gecode proved unsatisfiable/);
    expect(run('max', out('complete', [5]), out('satisfied', [6]))).toMatch(/softprop proved 5 optimal, Gecode found 6/);
    expect(run('min', out('complete', [5]), out('complete', [5, 5]), out('complete', [6]))).toMatch(/objective 6/);
  });
});

describe('solveMethod', () => {
  const env = { MZN_SOLVER_PATH: resolve('share/minizinc/solvers') };

  it('reads min, max and satisfy, also for a model that includes globals.mzn', () => {
    const d = folder({
      'min.mzn': 'include "globals.mzn";\narray[1..3] of var 1..3: x;\nconstraint all_different(x);\nsolve minimize x[1];\n',
      'max.mzn': 'var 1..4: y;\nsolve maximize y;\n',
      'sat.mzn': 'include "globals.mzn";\nvar 1..2: z;\nsolve satisfy;\n',
      'data.mzn': 'int: n;\nvar 1..n: w;\nsolve minimize w;\n',
      'data.dzn': 'n = 3;\n',
    });
    expect(solveMethod([join(d, 'min.mzn')], env)).toBe('min');
    expect(solveMethod([join(d, 'max.mzn')], env)).toBe('max');
    expect(solveMethod([join(d, 'sat.mzn')], env)).toBeNull();
    expect(solveMethod([join(d, 'data.mzn'), join(d, 'data.dzn')], env)).toBe('min');
  });
});
