import { writeFileAtomic } from '../model-io.js';
import type { MetricRow } from './metrics-log.js';

/**
 * curves.svg: the metrics log drawn with vega-lite (compiled to vega, rendered to SVG in Node, no
 * browser), three panels over the training steps: the loss per step with its exponential moving
 * average, τ, and the held-out figures (README, "generate and train", defines each series).
 * vega loads on first use only, so no other command pays for it.
 */

/** EMA weight of the past: each point is 0.95·previous + 0.05·this step's loss (about a 20-step window). */
export const EMA_BETA = 0.95;

/** Bias-corrected EMA (as Adam's moments): divided by 1 − β^t, so the first points are not pulled towards 0. */
export function smoothed(values: readonly number[], beta = EMA_BETA): number[] {
  let m = 0;
  let weight = 1;
  return values.map((v) => {
    m = beta * m + (1 - beta) * v;
    weight *= beta;
    return m / (1 - weight);
  });
}

interface Point {
  step: number;
  series: string;
  value: number;
}

const LOSS = 'loss of the step’s batch';
const LOSS_EMA = `loss, EMA (β = ${EMA_BETA})`;
const SOLVE = 'solve rate: argmax assignment is a solution';
const BY_INPUT = 'solved by the input view alone';
const ACCURACY = 'accuracy on free variables';
const SATISFIED = 'constraints satisfied by the argmax (value-permutation invariant)';

/** The vega-lite spec of the curves (exported for tests). */
export function curvesSpec(rows: readonly MetricRow[]): object {
  const steps = rows.filter((r) => typeof r.loss === 'number');
  const evals = rows.filter((r) => r.solveRate !== undefined);
  const ema = smoothed(steps.map((r) => r.loss as number));
  const loss: Point[] = steps.flatMap((r, k) => [
    { step: r.step, series: LOSS, value: r.loss as number },
    { step: r.step, series: LOSS_EMA, value: ema[k] as number },
  ]);
  const tau: Point[] = steps.filter((r) => typeof r.tau === 'number').map((r) => ({ step: r.step, series: 'τ', value: r.tau as number }));
  const held: Point[] = evals.flatMap((r) =>
    (
      [
        [SOLVE, r.solveRate],
        [BY_INPUT, r.solvedByInput],
        [ACCURACY, r.accuracy],
        [SATISFIED, r.satisfied],
      ] as const
    )
      .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
      .map(([series, v]) => ({ step: r.step, series, value: v as number })),
  );
  // One step axis for all panels (the first evaluation comes later than the first step).
  const x = {
    field: 'step',
    type: 'quantitative',
    title: 'step',
    scale: { domain: [rows[0]?.step ?? 0, rows[rows.length - 1]?.step ?? 1] },
    axis: { tickMinStep: 1 },
  };
  const panel = (title: string, values: Point[], y: object, colours: [string, string][], dashed: string[] = []) => ({
    title,
    width: 560,
    height: 150,
    data: { values },
    mark: { type: 'line', interpolate: 'linear', point: values.length < 40 },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative', ...y },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: colours.map(([s]) => s), range: colours.map(([, c]) => c) },
        legend: { orient: 'top', direction: 'vertical', labelLimit: 400 },
      },
      opacity: { condition: { test: `datum.series === '${LOSS}'`, value: 0.35 }, value: 1 },
      strokeDash: {
        condition: { test: dashed.map((s) => `datum.series === '${s}'`).join(' || ') || 'false', value: [4, 3] },
        value: [1, 0],
      },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'softprop encoder training', fontSize: 14 },
    background: 'white',
    vconcat: [
      panel('training loss', loss, { title: 'loss', scale: { zero: false } }, [
        [LOSS, '#c0392b'],
        [LOSS_EMA, '#7b241c'],
      ]),
      panel('Gumbel-Softmax temperature', tau, { title: 'τ', scale: { zero: false } }, [['τ', '#2c3e50']]),
      panel(
        `held-out instances (${evals.length} evaluations)`,
        held,
        { title: 'share', scale: { domain: [0, 1] }, axis: { format: '%' } },
        [
          [SOLVE, '#27ae60'],
          [BY_INPUT, '#7f8c8d'],
          [ACCURACY, '#2980b9'],
          [SATISFIED, '#8e44ad'],
        ],
        [BY_INPUT],
      ),
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/** The curves as an SVG document. */
export async function renderCurves(rows: readonly MetricRow[]): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = vl.compile(curvesSpec(rows) as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

export async function writeCurves(file: string, rows: readonly MetricRow[]): Promise<void> {
  await writeFileAtomic(file, await renderCurves(rows));
}
