import { beforeAll, expect, it, vi } from 'vitest';
import { selectBackend } from '../../encoder/backend.js';
import { Gnn } from '../../encoder/gnn.js';
import { ScoreOrder } from '../../encoder/guided-order.js';
import { Encoder, encoderGuide } from '../../encoder/guided-solve.js';
import { DeviceExternal, withDevice } from '../../fpga/external.js';
import { solveText } from '../../solver/api/solve.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import type { ExternalPropagator } from '../../solver/search/engine.js';
import { type SearchOptions, search } from '../../solver/search/search.js';

/**
 * The search plug-ins pass everything through: every search the encoder guide runs gets every
 * option it was given (only the value order and the share of the limits are its own), and the
 * device extension adds its propagator without dropping anything. `search` is wrapped to record
 * the options of every call.
 */
const seen = vi.hoisted(() => [] as SearchOptions[]);
vi.mock('../../solver/search/search.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../solver/search/search.js')>();
  return {
    ...real,
    search: (...args: Parameters<typeof real.search>) => {
      seen.push(args[1] ?? {});
      return real.search(...args);
    },
  };
});

beforeAll(async () => {
  expect((await selectBackend('wasm')).name).toBe('wasm');
});

const counting = (): ExternalPropagator & { calls: number } => ({
  calls: 0,
  fixpoint() {
    this.calls++;
    return true;
  },
});

/** Every option of `given` except the limits, which the guide shares out over its stages. */
const passed = (given: SearchOptions) => Object.keys(given).filter((k) => k !== 'nodes' && k !== 'timeoutMs') as (keyof SearchOptions)[];

it('the encoder guide gives every stage and the search without it the whole options', () => {
  const rng = Rng.seeded(5);
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
  const guide = encoderGuide(enc);
  let stages = 0;
  for (let k = 0; k < 12; k++) {
    const p = randomProblem(rng, { vars: 7, domain: 4, density: 0.6, tightness: 0.35, holes: true });
    const external = counting();
    const given: SearchOptions = {
      timeoutMs: 60_000,
      nodes: 100_000,
      interrupt: () => false,
      varOrder: 'mindom',
      seed: 11,
      alldiff: 'decomposed',
      restarts: false,
      external,
    };
    seen.length = 0;
    const r = guide.solve(p, given);
    const stageCalls = seen.slice(0, -1);
    expect(stageCalls.length).toBe(r.report.stages.length);
    stages += stageCalls.length;
    for (const o of stageCalls) {
      for (const key of passed(given)) expect(o[key], key).toBe(given[key]);
      expect(o.valueOrder).toBeInstanceOf(ScoreOrder);
      expect(o.nodes).toBeLessThanOrEqual(given.nodes as number);
      expect(o.timeoutMs).toBeLessThanOrEqual(given.timeoutMs as number);
    }
    expect(seen.at(-1)).toEqual(given);
    expect(r.stats.externalCalls + r.report.withoutEncoder.externalCalls).toBe(external.calls);
  }
  // Some problems went past the restricted stage into the full one.
  expect(stages).toBeGreaterThan(12);
  enc.dispose();
});

it('the device extension keeps every option, and solve hands its options whole to the guide', () => {
  const rng = Rng.seeded(6);
  const p = randomProblem(rng, { vars: 6, domain: 4, density: 0.5, tightness: 0.3, holes: true });
  const given: SearchOptions = { nodes: 500, seed: 4, varOrder: 'mindom', interrupt: () => false, external: counting() };
  const extended = withDevice('ts').extend(p, given);
  for (const key of Object.keys(given) as (keyof SearchOptions)[]) if (key !== 'external') expect(extended[key], key).toBe(given[key]);
  expect(extended.external).toBeInstanceOf(DeviceExternal);
  const r = search(p, extended);
  expect(r.stats.externalCalls).toBe((extended.external as DeviceExternal).calls);

  // Through solve(): the extension's propagator and the flags' options reach every guided search.
  const enc = Encoder.of(Gnn.init({ hidden: 8, message: 4, rounds: 2 }, rng.split()));
  const model = JSON.stringify({
    variables: [{ name: 'x', size: 4, range: [1, 4] }],
    constraints: [
      { type: 'alldiff', vars: ['x'] },
      { type: 'relation', op: 'lt', vars: ['x[0]', 'x[1]'], offset: 0 },
    ],
  });
  seen.length = 0;
  const [res] = [
    ...solveText(model, 'm.json', { seed: 9, varOrder: 'mindom', nodes: 1000, extend: withDevice('ts'), guide: encoderGuide(enc) }),
  ];
  expect(res?.status).toBe('sat');
  expect(seen.length).toBeGreaterThanOrEqual(2);
  for (const o of seen) {
    expect(o.external).toBeInstanceOf(DeviceExternal);
    expect([o.seed, o.varOrder]).toEqual([9, 'mindom']);
  }
  expect(res?.guide?.stages.every((s) => s.externalCalls > 0)).toBe(true);
  enc.dispose();
});
