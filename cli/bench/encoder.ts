import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../../encoder/backend.js';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { type DatasetItem, recordItem } from '../../encoder/datasets/record.js';
import { type EvaluateSummary, evaluateProblem, summarize } from '../../encoder/evaluate.js';
import { FastGnn } from '../../encoder/fast-gnn.js';
import { batchInput, disposeBatchInput, disposeGraphTensors, graphIndex, graphTensors, inferenceRounds } from '../../encoder/gnn.js';
import { DEFAULT_RATIOS, type GuidedOptions } from '../../encoder/guided-order.js';
import { Encoder } from '../../encoder/guided-solve.js';
import { inputView } from '../../encoder/input-view.js';
import { median } from '../../encoder/median.js';
import { withGuidance } from '../../encoder/model-guidance.js';
import { parseSudokuLine } from '../../solver/formats/sudoku.js';
import type { Problem } from '../../solver/model/problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import type { BenchOptions, BenchRow, BenchSection } from './report.js';

/**
 * Encoder section: the shipped encoders against the plain search on freshly generated held-out
 * instances (same engine, same limits; plain = dom/wdeg, minimum value, all-different GAC), and
 * training throughput of the wasm backend against the cpu backend in the same run.
 */

/** encoder/models/<name>, from the sources (cli/bench) or the build (dist/cli/bench). */
function modelDir(name: string): string | undefined {
  for (const up of ['../../encoder/models', '../../../encoder/models']) {
    const d = fileURLToPath(new URL(`${up}/${name}`, import.meta.url));
    if (existsSync(join(d, 'model.json'))) return d;
  }
  return undefined;
}

/** `count` instances of a generator family, from the bench seed. */
async function generated(family: string, flags: FamilyFlags, count: number, seed: number): Promise<DatasetItem[]> {
  const f = familyByName(family);
  const params = await f.params(flags);
  const rng = Rng.seeded(seed);
  return Array.from({ length: count }, (_, i) =>
    recordItem(JSON.parse(JSON.stringify(f.generate(rng.split(), params))), `bench:${family}`, i + 1),
  );
}

/**
 * Runs per instance whose median wall time stands for each side: a plain search of a few ms moves
 * by a third from run to run on the shared machine, so one run compared identical searches (a
 * guided solve that never consults the encoder) at 1.2-1.3x. Node counts are the same every run.
 */
const TIMED_RUNS = 3;

/** Guided against plain search over `problems` (encoder/evaluate.ts: same engine, same limits on both sides). */
function compared(problems: readonly Problem[], enc: Encoder, nodes: number, staging: GuidedOptions = {}): EvaluateSummary {
  const rows = problems.map((p, i) => {
    const runs = Array.from({ length: TIMED_RUNS }, () => evaluateProblem(p, enc, { nodes }, staging));
    const nodeCounts = new Set(runs.map((r) => `${r.guided.nodes}/${r.plain?.nodes}`));
    if (nodeCounts.size > 1)
      throw new Error(`internal error: repeated runs of instance ${i + 1} searched ${[...nodeCounts].join(', ')} nodes`);
    // Each side's figures from its median run (sorted by that side's wall time).
    const mid = TIMED_RUNS >> 1;
    const guided = runs.map((r) => r.guided).sort((a, b) => a.wallMs - b.wallMs)[mid] as (typeof runs)[number]['guided'];
    const plain = runs.flatMap((r) => (r.plain ? [r.plain] : [])).sort((a, b) => a.wallMs - b.wallMs)[mid] ?? null;
    return { name: String(i + 1), family: '', guided, plain };
  });
  return summarize(rows);
}

/** Issue targets a guided row is checked against: zero-backtrack share, nodes and wall time as ratios to plain. */
interface GuidedTargets {
  zero?: number;
  /** guided / plain mean nodes at most this. */
  nodes?: number;
  /** guided / plain mean wall time (encoder included) at most this. */
  wall?: number;
}

function guidedRows(suite: string, c: EvaluateSummary, targets: GuidedTargets = {}, log?: (l: string) => void): BenchRow[] {
  const plain = c.plain as NonNullable<EvaluateSummary['plain']>;
  const zg = c.guided.zeroBacktrack;
  const zp = plain.zeroBacktrack;
  const nodeRatio = plain.meanNodes > 0 ? c.guided.meanNodes / plain.meanNodes : undefined;
  const wallRatio = plain.meanMs > 0 ? c.guided.meanMs / plain.meanMs : undefined;
  log?.(
    `bench encoder: ${suite}: nodes ${c.guided.meanNodes.toFixed(1)} vs ${plain.meanNodes.toFixed(1)} (${nodeRatio?.toFixed(3)}x), wall ${c.guided.meanMs.toFixed(1)} vs ${plain.meanMs.toFixed(1)} ms (${wallRatio?.toFixed(3)}x), ${c.guided.encoderCalls} encoder calls, zero-backtrack ${zg.toFixed(3)} vs ${zp.toFixed(3)}`,
  );
  return [
    {
      suite,
      metric: 'zero-backtrack share',
      value: zg,
      baseline: zp,
      baselineName: 'propagation alone (dom/wdeg, min value, GAC)',
      ratio: zp > 0 ? zg / zp : undefined,
      target: targets.zero === undefined ? undefined : `≥ ${targets.zero}`,
      met: targets.zero === undefined ? undefined : zg >= targets.zero,
      note: `${c.instances} instances; higher is better`,
    },
    {
      suite,
      metric: 'mean search nodes',
      value: c.guided.meanNodes,
      baseline: plain.meanNodes,
      baselineName: 'dom/wdeg alone',
      ratio: nodeRatio,
      target: targets.nodes === undefined ? undefined : `guided/plain ≤ ${targets.nodes}`,
      met: targets.nodes === undefined || nodeRatio === undefined ? undefined : nodeRatio <= targets.nodes,
      note: 'ratio = guided / plain, lower is better',
    },
    {
      suite,
      metric: 'mean wall ms, encoder included',
      value: c.guided.meanMs,
      baseline: plain.meanMs,
      baselineName: 'dom/wdeg alone',
      ratio: wallRatio,
      target: targets.wall === undefined ? undefined : `guided/plain ≤ ${targets.wall}`,
      met: targets.wall === undefined || wallRatio === undefined ? undefined : wallRatio <= targets.wall,
      note: `ratio = guided / plain, lower is better; encoder ${(c.guided.encoderMs / Math.max(1, c.instances)).toFixed(1)} ms/instance over ${c.guided.encoderCalls} calls`,
    },
  ];
}

/** Warm-up calls before a latency is timed: the first calls of wasm code run before V8 has optimised it. */
const WARM_UP = 3;

/**
 * Latency of one encoder call on `problem`: tfjs (the active backend: wasm) building its input and
 * running Gnn.logits to a typed array, against the typed-array path (FastGnn on wasm SIMD kernels)
 * on the same graph, each the median of `calls` calls after WARM_UP; the note gives the one-off
 * graph set-up and the largest difference between the two, relative to the logit scale. `targetMs`:
 * the typed call's target (the issue's "cheap enough to call per decision").
 */
function latencyRows(
  suite: string,
  enc: Encoder,
  problem: Problem,
  calls: number,
  log: (l: string) => void,
  targetMs?: number,
): BenchRow[] {
  const t0 = performance.now();
  const p = inputView(problem, enc.gnn.config.input ?? 'raw');
  const prog = compileArcs(p);
  const g = graphIndex(prog);
  const run = FastGnn.of(enc.gnn).run(g, prog.words);
  const setupMs = performance.now() - t0;
  const t = graphTensors(g);
  const tfjsOnce = (): Float32Array => {
    const input = batchInput(g, prog.words, [p.init]);
    const l = enc.gnn.logits(t, input);
    const out = l.dataSync() as Float32Array;
    l.dispose();
    disposeBatchInput(input);
    return out;
  };
  // Wall and CPU time of each call: on the shared machine the wall time also holds the time other
  // processes had the core; the process's CPU time (both paths run on this thread) does not.
  const timed = (f: () => unknown): { wall: number; cpu: number } => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < calls + WARM_UP; i++) {
      const s = performance.now();
      const c = process.cpuUsage();
      f();
      const dc = process.cpuUsage(c);
      if (i < WARM_UP) continue;
      wall.push(performance.now() - s);
      cpu.push((dc.user + dc.system) / 1000);
    }
    return { wall: median(wall), cpu: median(cpu) };
  };
  const tfjs = timed(tfjsOnce);
  const fast = timed(() => run.logits(p.init));
  const want = tfjsOnce();
  const got = run.logits(p.init);
  let scale = 1;
  let diff = 0;
  for (let m = 0; m < want.length; m++) {
    if ((want[m] as number) < -5e3) continue;
    scale = Math.max(scale, Math.abs(want[m] as number));
    diff = Math.max(diff, Math.abs((got[m] as number) - (want[m] as number)));
  }
  disposeGraphTensors(t);
  log(
    `bench encoder: ${suite}: typed ${fast.wall.toFixed(2)} ms wall / ${fast.cpu.toFixed(2)} ms CPU vs tfjs ${tfjs.wall.toFixed(2)} / ${tfjs.cpu.toFixed(2)} per call, set-up ${setupMs.toFixed(0)} ms`,
  );
  const { hidden, message, rounds } = enc.gnn.config;
  const read = inferenceRounds(enc.gnn.config);
  const row = (metric: string, key: 'wall' | 'cpu'): BenchRow => ({
    suite,
    metric,
    value: fast[key],
    baseline: tfjs[key],
    baselineName: 'tfjs wasm Gnn.logits',
    ratio: tfjs[key] / fast[key],
    target: targetMs === undefined ? undefined : `< ${targetMs} ms`,
    met: targetMs === undefined ? undefined : fast[key] < targetMs,
    note:
      `typed-array path (encoder/fast-gnn.ts, wasm SIMD); ratio = tfjs / typed arrays, higher is better; ${g.nVars * g.width} nodes, ` +
      `${g.conflicts.edgeDst.length} conflict edges + ${g.conflicts.memberNode.length} group memberships, hidden ${hidden}, message ${message}, ${read === rounds ? `${rounds} rounds` : `read after ${read} of ${rounds} trained rounds`}; graph set-up ${setupMs.toFixed(0)} ms once; ` +
      `max |diff| ${(diff / scale).toExponential(1)} of the logit scale`,
  });
  return [row('ms per encoder call (median wall)', 'wall'), row('CPU ms per encoder call (median)', 'cpu')];
}

/**
 * The latency rows: per shipped model, one instance of its family (the first of the bench's own
 * draw, `seed` past the bench seed), the calls timed (quick, full), and the typed call's target.
 */
const LATENCIES: readonly {
  suite: string;
  model: string;
  family: string;
  flags: FamilyFlags;
  seed: number;
  calls: readonly [number, number];
  targetMs?: number;
}[] = [
  { suite: 'sudoku 9x9 (sudoku model)', model: 'sudoku', family: 'sudoku', flags: { size: 3 }, seed: 4, calls: [5, 20] },
  {
    suite: 'QWH order 35, 42% holes (latin model)',
    model: 'latin',
    family: 'latin',
    flags: { size: 35 },
    seed: 5,
    calls: [3, 10],
    targetMs: 1000,
  },
  {
    suite: 'QWH order 30, 42% holes (latin model)',
    model: 'latin',
    family: 'latin',
    flags: { size: 30 },
    seed: 11,
    calls: [3, 10],
    targetMs: 20,
  },
  {
    suite: 'colouring 300 vertices k=3 (colouring model)',
    model: 'coloring',
    family: 'coloring',
    flags: { size: 300, colors: 3, density: 0.025 },
    seed: 10,
    calls: [3, 10],
    targetMs: 20,
  },
  {
    suite: 'planted 3-SAT 200 variables (3sat model)',
    model: '3sat',
    family: 'cnf',
    flags: { size: 200, ratio: 4.2, planted: true },
    seed: 11,
    calls: [3, 10],
  },
];

/** The LATENCIES rows of the models that are shipped. */
async function latencies(opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const l of LATENCIES) {
    const dir = modelDir(l.model);
    if (dir === undefined) continue;
    const enc = await Encoder.load(dir);
    const [one] = await generated(l.family, l.flags, 1, opts.seed + l.seed);
    const calls = opts.quick ? l.calls[0] : l.calls[1];
    rows.push(...latencyRows(`encoder/inference ${l.suite}`, enc, (one as DatasetItem).problem, calls, opts.log, l.targetMs));
    enc.dispose();
  }
  return rows;
}

/** The encoder consulted once, at the root, at once (what a model without recorded guidance does). */
const ROOT_AT_ONCE: GuidedOptions = { every: 0, after: 0, variables: 'search', ratios: DEFAULT_RATIOS };

/** How a guided row consults the encoder: `staging` over the model's recorded guidance. */
function policyName(enc: Encoder, staging: GuidedOptions): string {
  const s = withGuidance(enc.guidance, staging);
  const when = (s.after ?? 0) > 0 ? `after ${s.after} plain nodes` : 'at once';
  const every = (s.every ?? 0) === 0 ? 'root scoring' : `re-scored every ${s.every}`;
  const ratios = s.ratios ?? DEFAULT_RATIOS;
  const stages = ratios.length === 0 ? 'no restricted stage' : `restricted stage ratios ${ratios.join(', ')}`;
  const recorded = staging === ROOT_AT_ONCE ? '' : " (the model's meta.json guidance)";
  return `${every} ${when}, ${s.variables ?? 'search'} variables, ${stages}${recorded}`;
}

/** Re-scoring periods compared (0: only at the root). */
const EVERY: readonly number[] = [0, 1, 4, 16];

/**
 * Guided search with re-scoring at every K-th decision (K in EVERY) against the plain search on
 * the same problems and limits: mean nodes, zero-backtrack share and mean wall time per problem,
 * encoder included (root scoring, graph set-up and every re-scoring).
 */
function rescoringRows(suite: string, problems: readonly Problem[], enc: Encoder, nodes: number, log: (l: string) => void): BenchRow[] {
  const rows: BenchRow[] = [];
  const plainName = 'plain search (dom/wdeg, min value, GAC)';
  for (const every of EVERY) {
    // Explicit: the model's recorded guidance must not change what this row compares.
    const c = compared(problems, enc, nodes, { ...ROOT_AT_ONCE, every });
    const plain = c.plain as NonNullable<EvaluateSummary['plain']>;
    const g = c.guided;
    const at = `${suite}, re-score ${every === 0 ? 'root only' : `every ${every}`}`;
    rows.push(
      {
        suite: at,
        metric: 'mean search nodes',
        value: g.meanNodes,
        baseline: plain.meanNodes,
        baselineName: plainName,
        ratio: g.meanNodes > 0 ? plain.meanNodes / g.meanNodes : undefined,
        note: `${c.instances} problems, node limit ${nodes}; ratio = plain / guided, higher is better`,
      },
      {
        suite: at,
        metric: 'zero-backtrack share',
        value: g.zeroBacktrack,
        baseline: plain.zeroBacktrack,
        baselineName: plainName,
        note: 'higher is better',
      },
      {
        suite: at,
        metric: 'mean wall ms, encoder included',
        value: g.meanMs,
        baseline: plain.meanMs,
        baselineName: plainName,
        ratio: plain.meanMs / g.meanMs,
        note: `${(g.encoderCalls / Math.max(1, c.instances)).toFixed(1)} encoder calls per problem; ratio = plain / guided, higher is better`,
      },
    );
    log(
      `bench encoder: ${at}: nodes ${g.meanNodes.toFixed(1)} vs ${plain.meanNodes.toFixed(1)}, zero-backtrack ${g.zeroBacktrack.toFixed(2)} vs ${plain.zeroBacktrack.toFixed(2)}, wall ${g.meanMs.toFixed(1)} vs ${plain.meanMs.toFixed(1)} ms`,
    );
  }
  return rows;
}

export const encoderSection: BenchSection = async (opts: BenchOptions) => {
  const rows: BenchRow[] = [];
  const n = opts.quick ? 30 : 200;
  await selectBackend('wasm');
  const sudoku = modelDir('sudoku');
  const latin = modelDir('latin');
  if (!sudoku || !latin)
    opts.log('bench encoder: a shipped model is missing (encoder/models/sudoku, encoder/models/latin): guided rows skipped');
  if (sudoku) {
    const enc = await Encoder.load(sudoku);
    // Random removal rarely reaches 17 givens (meta.givens says how close it got); the suite's
    // 17-clue puzzles (magictour top1465), drawn under random symmetries, are the real thing.
    // The policy the model records for its family (meta.json guidance), as solve and evaluate use it.
    const policy: GuidedOptions = {};
    const sets: { name: string; flags: FamilyFlags; targets?: GuidedTargets }[] = [
      { name: 'generated, fewest givens of several removal passes', flags: { size: 3, givens: 17, attempts: opts.quick ? 2 : 8 } },
    ];
    const pool = opts.suite === undefined ? undefined : join(opts.suite, 'sudoku', 'royle_17clue_train.txt');
    const tmpPool = mkdtempSync(join(tmpdir(), 'softprop-bench-pool-'));
    if (pool && existsSync(pool)) {
      // The model trained on the pool's first 40,000 puzzles only (its meta.json): the rest are held out.
      const heldOut = join(tmpPool, 'royle-held-out.txt');
      writeFileSync(heldOut, `${readFileSync(pool, 'utf8').split('\n').slice(40_000).join('\n')}\n`);
      sets.push({ name: "Royle's 17-clue puzzles held out of training", flags: { givens: 17, from: heldOut }, targets: { zero: 0.97 } });
    }
    const top = opts.suite === undefined ? undefined : join(opts.suite, 'sudoku', 'magictour_top1465.txt');
    if (top && existsSync(top))
      sets.push({ name: '17-clue puzzles of magictour top1465 under random symmetries', flags: { givens: 17, from: top } });
    for (const set of sets) {
      const items = await generated('sudoku', set.flags, n, opts.seed);
      const givens = items.reduce((s, it) => s + (it.meta.givens as number), 0) / items.length;
      const c = compared(
        items.map((it) => it.problem),
        enc,
        100_000,
        policy,
      );
      rows.push(...guidedRows(`encoder/sudoku ${set.name}, ${givens.toFixed(1)} givens, ${policyName(enc, policy)}`, c, set.targets));
      opts.log(
        `bench encoder: sudoku (${set.name}) zero-backtrack ${c.guided.zeroBacktrack.toFixed(3)} guided vs ${(c.plain?.zeroBacktrack ?? 0).toFixed(3)} plain`,
      );
    }
    rmSync(tmpPool, { recursive: true, force: true });
    // Re-scoring policies on puzzles never trained on: generated ones, and norvig's top95.
    const fresh = await generated('sudoku', { size: 3 }, n, opts.seed + 9);
    rows.push(
      ...rescoringRows(
        'encoder/sudoku generated 9x9',
        fresh.map((it) => it.problem),
        enc,
        100_000,
        opts.log,
      ),
    );
    const top95 = opts.suite === undefined ? undefined : join(opts.suite, 'sudoku', 'norvig_top95.txt');
    if (top95 && existsSync(top95)) {
      const lines = readFileSync(top95, 'utf8').split('\n');
      const puzzles = lines.flatMap((l, i) => (l.trim() === '' ? [] : [parseSudokuLine(l, top95, i + 1).problem]));
      const hard = opts.quick ? puzzles.slice(0, 20) : puzzles;
      rows.push(...rescoringRows('encoder/sudoku norvig top95', hard, enc, 100_000, opts.log));
      // The issue's hard-sudoku target: nodes ≤ 0.5× the same search without the encoder.
      rows.push(
        ...guidedRows(
          `encoder/sudoku norvig top95, ${policyName(enc, policy)}`,
          compared(hard, enc, 100_000, policy),
          { nodes: 0.5 },
          opts.log,
        ),
      );
    }
    enc.dispose();
  }
  if (latin) {
    const enc = await Encoder.load(latin);
    // Below the model's scope (orders 15-20): at the root at once, and with the model's guidance,
    // whose plain-node budget leaves such easy squares to the plain search.
    const sq = await generated('latin', { size: 10, holes: 0.6 }, n, opts.seed + 1);
    for (const staging of [ROOT_AT_ONCE, {}])
      rows.push(
        ...guidedRows(
          `encoder/latin 10x10, 60% holes (latin model), ${policyName(enc, staging)}`,
          compared(
            sq.map((it) => it.problem),
            enc,
            100_000,
            staging,
          ),
        ),
      );
    // Colouring is latin completion's parent problem: the latin encoder runs on it unchanged.
    const col = await generated('coloring', { size: 60, colors: 4, density: 0.15 }, n, opts.seed + 2);
    rows.push(
      ...guidedRows(
        'encoder/colouring 60 vertices k=4 (latin encoder)',
        compared(
          col.map((it) => it.problem),
          enc,
          100_000,
          ROOT_AT_ONCE,
        ),
      ),
    );
    // QWH order 25 near the hardness peak (42 % holes), outside the latin model's training scope (orders 15-20).
    const qwh25 = await generated('latin', { size: 25 }, opts.quick ? 3 : 10, opts.seed + 7);
    rows.push(
      ...rescoringRows(
        'encoder/QWH order 25, 42% holes (latin model)',
        qwh25.map((it) => it.problem),
        enc,
        20_000,
        opts.log,
      ),
    );
    // QWH of order 25, 30 and 35 near the hardness peak (42 % holes): the issue's targets are nodes ≤
    // 0.5× and wall time no worse, encoder included; scored at the root at once, and with the policy
    // the model records (its meta.json guidance, what solve and evaluate use by default).
    const qwhTargets: GuidedTargets = { nodes: 0.5, wall: 1 };
    const qwh30 = await generated('latin', { size: 30 }, opts.quick ? 4 : 20, opts.seed + 8);
    const qwh35set = await generated('latin', { size: 35 }, opts.quick ? 2 : 6, opts.seed + 12);
    for (const [name, set] of [
      ['QWH order 25', qwh25],
      ['QWH order 30', qwh30],
      ['QWH order 35', qwh35set],
    ] as const)
      for (const staging of [ROOT_AT_ONCE, {}])
        rows.push(
          ...guidedRows(
            `encoder/${name}, 42% holes (latin model), ${policyName(enc, staging)}`,
            compared(
              set.map((it) => it.problem),
              enc,
              100_000,
              staging,
            ),
            qwhTargets,
            opts.log,
          ),
        );
    enc.dispose();
  }
  const coloring = modelDir('coloring');
  if (coloring) {
    // Trained on 50-vertex graphs; the issue's target is 300 vertices at ≤ 0.5× the nodes and no more time.
    const enc = await Encoder.load(coloring);
    const g300 = await generated('coloring', { size: 300, colors: 3, density: 0.025 }, opts.quick ? 5 : 30, opts.seed + 10);
    for (const staging of [ROOT_AT_ONCE, {}])
      rows.push(
        ...guidedRows(
          `encoder/colouring 300 vertices k=3 (colouring model, trained on 50), ${policyName(enc, staging)}`,
          compared(
            g300.map((it) => it.problem),
            enc,
            200_000,
            staging,
          ),
          { nodes: 0.5, wall: 1 },
          opts.log,
        ),
      );
    enc.dispose();
  }

  const sat = modelDir('3sat');
  if (sat) {
    // Trained on planted 3-SAT of 50-100 variables at ratio 4.26; fresh planted instances of 200
    // variables just below it, where the plain search's node counts spread over orders of magnitude.
    const enc = await Encoder.load(sat);
    const cnf = await generated('cnf', { size: 200, ratio: 4.2, planted: true }, opts.quick ? 5 : 30, opts.seed + 11);
    rows.push(
      ...guidedRows(
        `encoder/planted 3-SAT 200 variables ratio 4.2 (3sat model, trained on 50-100), ${policyName(enc, {})}`,
        compared(
          cnf.map((it) => it.problem),
          enc,
          1_000_000,
        ),
        {},
        opts.log,
      ),
    );
    enc.dispose();
  }
  rows.push(...(await latencies(opts)));
  return rows;
};
