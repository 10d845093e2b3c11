import { sudokuProblem } from '../../solver/formats/sudoku.js';
import { fullDomains, type Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { FixedPropagator } from '../../solver/rounds/fixed-propagate.js';
import type { RoundEngine } from '../../solver/rounds/round-engine.js';
import { SoftPropagator } from '../../solver/rounds/soft-propagate.js';
import type { BenchOptions, BenchRow, BenchSection } from './report.js';

/**
 * Soft section: throughput of the Float32 and Q1.15 round references on batches, against a plain
 * typed-array `a + b − a·b` loop doing the same number of element operations in the same run. The
 * loop runs over arrays as large as the batch's weights (so both work in cache), repeated until it
 * has done as many elements as the round does fold steps. Each figure is the best of several
 * alternating trials, so background load on the shared machine hits both sides alike.
 */
export const softSection: BenchSection = async (opts) => {
  const rng = Rng.seeded(opts.seed);
  const sudoku = sudokuProblem(3, new Int32Array(81).fill(-1));
  const workloads: { name: string; problem: Problem; batch: number }[] = [
    { name: 'sudoku 81x9', problem: sudoku, batch: 64 },
    ...(opts.quick ? [] : [{ name: 'sudoku 81x9', problem: sudoku, batch: 256 }]),
    { name: 'colouring 120 vertices p=0.1 k=8', problem: randomColouring(rng, 120, 0.1, 8), batch: 64 },
  ];
  const rows: BenchRow[] = [];
  for (const { name, problem, batch } of workloads) {
    const prog = compileArcs(problem);
    for (const [label, engine, target] of [
      ['float32', new SoftPropagator(prog, batch), '>= 0.5'],
      ['Q1.15', new FixedPropagator(prog, batch), undefined],
    ] as const) {
      const r = measure(engine, rng, opts);
      // The loop's figure as weight updates/s: one loop element per fold step.
      const baseline = r.baseline / r.stepsPerUpdate;
      const ratio = r.updates / baseline;
      rows.push({
        suite: `soft/${name} B=${batch} ${label}`,
        metric: 'weight updates/s',
        value: r.updates,
        baseline,
        baselineName: 'a+b-ab typed-array loop, one element per fold step',
        ratio,
        target,
        met: target === undefined ? undefined : ratio >= 0.5,
        note: `${r.stepsPerUpdate.toFixed(1)} fold steps per weight update; ${(r.steps / 1e6).toFixed(0)} M steps/s vs loop ${(r.baseline / 1e6).toFixed(0)} M elements/s; higher is better`,
      });
      opts.log(
        `bench soft: ${name} B=${batch} ${label}: ${(r.updates / 1e6).toPrecision(3)} M weight updates/s, ratio ${ratio.toFixed(2)}`,
      );
    }
  }
  return rows;
};

/** Fold steps of one round of one instance: every multiply the spec's folds perform (copies of a first factor included). */
function foldSteps(e: RoundEngine<Float32Array> | RoundEngine<Uint16Array>): number {
  const { prog, lists } = e;
  let revisions = 0;
  for (let x = 0; x < prog.nVars; x++) {
    const arcs = (prog.arcStart[x + 1] as number) - (prog.arcStart[x] as number);
    const lits = (prog.occStart[x + 1] as number) - (prog.occStart[x] as number);
    revisions += (prog.domSize[x] as number) * (arcs + lits);
  }
  return lists.rowVal.length + lists.litVal.length + lists.otherLit.length + revisions;
}

function measure(e: SoftPropagator | FixedPropagator, rng: Rng, opts: BenchOptions) {
  const n = e.size * e.batch;
  const src = e instanceof SoftPropagator ? new Float32Array(n) : new Uint16Array(n);
  const dst = src.slice();
  for (let i = 0; i < n; i++) src[i] = e instanceof SoftPropagator ? rng.float() : rng.int(0, 0x8000);
  const perRound = foldSteps(e) * e.batch;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  const o = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = rng.float();
    b[i] = rng.float();
  }
  const passes = Math.max(1, Math.round(perRound / n));
  const rounds = opts.quick ? 3 : 10;
  const round = e.round.bind(e) as (s: typeof src, d: typeof src) => unknown;
  round(src, dst);
  orLoop(a, b, o);
  let best = 0;
  let bestLoop = 0;
  for (let trial = 0; trial < (opts.quick ? 3 : 7); trial++) {
    let t = performance.now();
    for (let r = 0; r < rounds; r++) round(src, dst);
    best = Math.max(best, (perRound * rounds) / ((performance.now() - t) / 1000));
    t = performance.now();
    for (let r = 0; r < rounds * passes; r++) orLoop(a, b, o);
    bestLoop = Math.max(bestLoop, (n * passes * rounds) / ((performance.now() - t) / 1000));
  }
  const updates = (best / perRound) * e.batch * valueCount(e);
  return { steps: best, baseline: bestLoop, updates, stepsPerUpdate: perRound / (e.batch * valueCount(e)) };
}

function valueCount(e: SoftPropagator | FixedPropagator): number {
  let s = 0;
  for (const d of e.prog.domSize) s += d;
  return s;
}

/** The baseline: one probabilistic OR per element. */
function orLoop(a: Float32Array, b: Float32Array, o: Float32Array): void {
  for (let i = 0; i < o.length; i++) o[i] = (a[i] as number) + (b[i] as number) - (a[i] as number) * (b[i] as number);
}

function randomColouring(rng: Rng, vertices: number, density: number, k: number): Problem {
  const domSize = new Int32Array(vertices).fill(k);
  const p: Problem = { domSize, init: fullDomains(domSize), constraints: [] };
  for (let x = 0; x < vertices; x++)
    for (let y = x + 1; y < vertices; y++) if (rng.float() < density) p.constraints.push({ kind: 'neq', x, y });
  return p;
}
