import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BackendChoice, selectBackend } from '../../encoder/backend.js';
import { familyByName } from '../../encoder/datasets/families.js';
import type { FamilyFlags } from '../../encoder/datasets/family.js';
import { type DatasetItem, recordItem } from '../../encoder/datasets/record.js';
import { compareGuided, type GuidedComparison } from '../../encoder/guided-eval.js';
import { Encoder } from '../../encoder/guided-solve.js';
import { train } from '../../encoder/train.js';
import { Rng } from '../../solver/model/rng.js';
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

function guidedRows(suite: string, c: GuidedComparison, zeroTarget?: number): BenchRow[] {
  const zg = c.zeroBacktrackGuided / c.problems;
  const zp = c.zeroBacktrackPlain / c.problems;
  return [
    {
      suite,
      metric: 'zero-backtrack share',
      value: zg,
      baseline: zp,
      baselineName: 'propagation alone (dom/wdeg, min value, GAC)',
      ratio: zp > 0 ? zg / zp : undefined,
      target: zeroTarget === undefined ? undefined : `> ${zeroTarget}`,
      met: zeroTarget === undefined ? undefined : zg > zeroTarget,
      note: `${c.problems} instances; higher is better`,
    },
    {
      suite,
      metric: 'mean search nodes',
      value: c.nodesGuided,
      baseline: c.nodesPlain,
      baselineName: 'dom/wdeg alone',
      ratio: c.nodesGuided > 0 ? c.nodesPlain / c.nodesGuided : undefined,
      note: `ratio = plain / guided, higher is better; encoder ${c.encoderMs.toFixed(1)} ms/instance, search ${c.searchMsGuided.toFixed(1)} vs ${c.searchMsPlain.toFixed(1)} ms`,
    },
  ];
}

async function throughput(b: BackendChoice, items: DatasetItem[], steps: number, out: string): Promise<{ perSec: number; rssMb: number }> {
  await selectBackend(b);
  let rss = process.memoryUsage().rss;
  const r = await train({
    instances: items,
    out,
    epochs: 1,
    batch: 8,
    lr: 3e-3,
    tauStart: 1,
    tauEnd: 0.5,
    schedule: 'exp',
    loss: 'both',
    seed: 1,
    evalEvery: 0,
    holdout: 0.05,
    stopAt: steps,
    onStep: () => {
      rss = Math.max(rss, process.memoryUsage().rss);
    },
  });
  return { perSec: r.instancesPerSec, rssMb: rss / 1e6 };
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
    const sets: { name: string; flags: FamilyFlags }[] = [
      { name: 'generated, fewest givens of several removal passes', flags: { size: 3, givens: 17, attempts: opts.quick ? 2 : 8 } },
    ];
    const top = opts.suite === undefined ? undefined : join(opts.suite, 'sudoku', 'magictour_top1465.txt');
    if (top && existsSync(top))
      sets.push({ name: '17-clue puzzles of magictour top1465 under random symmetries', flags: { givens: 17, from: top } });
    for (const set of sets) {
      const items = await generated('sudoku', set.flags, n, opts.seed);
      const givens = items.reduce((s, it) => s + (it.meta.givens as number), 0) / items.length;
      const c = await compareGuided(
        items.map((it) => it.problem),
        enc,
        { nodes: 100_000 },
      );
      rows.push(...guidedRows(`encoder/sudoku ${set.name}, ${givens.toFixed(1)} givens`, c, 0.966));
      opts.log(
        `bench encoder: sudoku (${set.name}) zero-backtrack ${c.zeroBacktrackGuided}/${c.problems} guided vs ${c.zeroBacktrackPlain} plain`,
      );
    }
    enc.dispose();
  }
  if (latin) {
    const enc = await Encoder.load(latin);
    const sq = await generated('latin', { size: 10, holes: 0.6 }, n, opts.seed + 1);
    rows.push(
      ...guidedRows(
        'encoder/latin 10x10, 60% holes',
        await compareGuided(
          sq.map((it) => it.problem),
          enc,
          { nodes: 100_000 },
        ),
      ),
    );
    // Colouring is latin completion's parent problem: the latin encoder runs on it unchanged.
    const col = await generated('coloring', { size: 60, colors: 4, density: 0.15 }, n, opts.seed + 2);
    rows.push(
      ...guidedRows(
        'encoder/colouring 60 vertices k=4 (latin encoder)',
        await compareGuided(
          col.map((it) => it.problem),
          enc,
          { nodes: 100_000 },
        ),
      ),
    );
    enc.dispose();
  }

  const data = await generated('sudoku', { size: 3 }, 64, opts.seed + 3);
  const tmp = mkdtempSync(join(tmpdir(), 'softprop-bench-train-'));
  try {
    // cpu first: wasm's heap never shrinks, so the cpu run's RSS is not inflated by it.
    const steps = opts.quick ? 2 : 3;
    const cpu = await throughput('cpu', data, steps, join(tmp, 'cpu'));
    const wasm = await throughput('wasm', data, steps, join(tmp, 'wasm'));
    rows.push(
      {
        suite: 'encoder/training sudoku B=8 hidden 64, 6 rounds, loss both',
        metric: 'instances/s',
        value: wasm.perSec,
        baseline: cpu.perSec,
        baselineName: 'tfjs cpu backend',
        ratio: wasm.perSec / cpu.perSec,
        note: 'wasm (SIMD) / cpu, higher is better',
      },
      {
        suite: 'encoder/training sudoku B=8 hidden 64, 6 rounds, loss both',
        metric: 'peak sampled RSS MB',
        value: wasm.rssMb,
        baseline: cpu.rssMb,
        baselineName: 'tfjs cpu backend (measured first)',
        ratio: wasm.rssMb / cpu.rssMb,
        note: 'process RSS sampled after every step; lower is better',
      },
    );
    opts.log(`bench encoder: training ${wasm.perSec.toFixed(1)} inst/s wasm vs ${cpu.perSec.toFixed(1)} cpu`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await selectBackend('wasm');
  }
  return rows;
};
