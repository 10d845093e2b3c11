import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { batchInput, disposeBatchInput, Gnn, graphIndex, graphTensors, noiseTensor, PARAM_NAMES, paramNames } from '../../encoder/gnn.js';
import { supervisedLoss, supervisedTarget } from '../../encoder/losses.js';
import { wordsPerDomain } from '../../solver/model/problem.js';
import { randomProblem } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { describeBackends } from '../encoder/backends.js';

describeBackends('graph network', () => {
  it('gradients of every parameter match central finite differences on a tiny mixed graph (tables, not-equal, all-different, clauses)', () => {
    // The first seed whose problem has all four constraint kinds.
    let seed = 1;
    const draw = () => randomProblem(Rng.seeded(seed), { vars: 5, domain: 4, density: 0.8, tightness: 0.4, holes: true });
    while (new Set(draw().constraints.map((c) => c.kind)).size < 4) seed++;
    const p = draw();
    const rng = Rng.seeded(seed + 1000);
    const prog = compileArcs(p);
    expect(prog.litVar.length).toBeGreaterThan(0);
    const g = graphIndex(prog);
    const t = graphTensors(g);
    const w = wordsPerDomain(p);
    // Two instances of the structure: the problem's own domains, and full ones.
    const full = new Uint32Array(p.init.length);
    for (let x = 0; x < g.nVars; x++) full[x * w] = (1 << (p.domSize[x] as number)) - 1;
    const inits = [p.init, full];
    const input = batchInput(g, w, inits);
    const sols = inits.map((init) =>
      Int32Array.from({ length: g.nVars }, (_, x) => 31 - Math.clz32((init[x * w] as number) & -(init[x * w] as number))),
    );
    const target = supervisedTarget(sols, inits, g.nVars, g.width, w);
    const gnn = Gnn.init({ hidden: 6, message: 3, rounds: 2 }, rng);
    const loss = () => supervisedLoss(gnn.logits(t, input), target);
    const { grads } = tf.variableGrads(loss as () => tf.Scalar, gnn.variables());
    const eps = 1e-2;
    let checked = 0;
    for (const name of PARAM_NAMES) {
      const v = gnn.params[name];
      const analytic = grads[v.name]?.dataSync() as Float32Array;
      const base = Float32Array.from(v.dataSync());
      for (let j = 0; j < Math.min(base.length, 5); j++) {
        const at = (j * 7919) % base.length;
        const eval1 = (delta: number) => {
          const moved = base.slice();
          moved[at] = (base[at] as number) + delta;
          v.assign(tf.tensor(moved, v.shape));
          const l = loss();
          const out = l.dataSync()[0] as number;
          l.dispose();
          return out;
        };
        const numeric = (eval1(eps) - eval1(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs((analytic[at] as number) - numeric), `${name}[${at}]`).toBeLessThanOrEqual(2e-3 + 0.05 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
    disposeBatchInput(input);
    gnn.dispose();
  });

  it('gradients of every parameter match finite differences with random features, the soft round inside (training form) and a loss at every round', () => {
    let seed = 1;
    const draw = () => randomProblem(Rng.seeded(seed), { vars: 5, domain: 4, density: 0.8, tightness: 0.4, holes: true });
    while (new Set(draw().constraints.map((c) => c.kind)).size < 4) seed++;
    const p = draw();
    const rng = Rng.seeded(seed + 2000);
    const prog = compileArcs(p);
    const g = graphIndex(prog);
    const t = graphTensors(g);
    const w = wordsPerDomain(p);
    const input = batchInput(g, w, [p.init]);
    const config = { hidden: 6, message: 3, rounds: 3, randomFeatures: 2, propFeatures: true, perRoundLoss: true, normalize: true };
    input.noise = noiseTensor(rng, g.nVars * g.width, 2);
    const sol = Int32Array.from({ length: g.nVars }, (_, x) => 31 - Math.clz32((p.init[x * w] as number) & -(p.init[x * w] as number)));
    const target = supervisedTarget([sol], [p.init], g.nVars, g.width, w);
    const gnn = Gnn.init(config, rng);
    expect(paramNames(gnn.config)).toContain('wProp');
    expect(paramNames(gnn.config)).toContain('wNoise');
    // The training step's loss: the mean over the rounds' readouts (the soft round in the training
    // form, the embeddings' transposes made in the forward pass, as trainStep runs it).
    const loss = () =>
      tf.tidy(() => {
        const all = gnn.roundLogits(t, input, { form: 'training', forGradient: true });
        expect(all.length).toBe(3);
        return tf.div(tf.addN(all.map((l) => supervisedLoss(l, target))), all.length) as tf.Scalar;
      });
    const { grads } = tf.variableGrads(loss, gnn.variables());
    const eps = 1e-2;
    let checked = 0;
    let nonzero = 0;
    for (const name of paramNames(gnn.config)) {
      const v = gnn.params[name];
      const analytic = grads[v.name]?.dataSync() as Float32Array;
      const base = Float32Array.from(v.dataSync());
      for (let j = 0; j < Math.min(base.length, 5); j++) {
        const at = (j * 7919) % base.length;
        const eval1 = (delta: number) => {
          const moved = base.slice();
          moved[at] = (base[at] as number) + delta;
          v.assign(tf.tensor(moved, v.shape));
          const l = loss();
          const out = l.dataSync()[0] as number;
          l.dispose();
          return out;
        };
        const numeric = (eval1(eps) - eval1(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs((analytic[at] as number) - numeric), `${name}[${at}]`).toBeLessThanOrEqual(2e-3 + 0.05 * Math.abs(numeric));
        if (name === 'wProp' && Math.abs(numeric) > 1e-4) nonzero++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(35);
    // Propagation features that never reach the loss would pass the comparison with zeros.
    expect(nonzero).toBeGreaterThan(0);
    disposeBatchInput(input);
    gnn.dispose();
  });

  it('logits put −1e4 outside each instance’s initial domain and on padding', () => {
    const rng = Rng.seeded(3);
    const p = randomProblem(rng, { vars: 4, domain: 5, density: 0.6, tightness: 0.3, holes: true });
    const prog = compileArcs(p);
    const g = graphIndex(prog);
    const t = graphTensors(g);
    const input = batchInput(g, prog.words, [p.init]);
    const gnn = Gnn.init({ hidden: 4, message: 2, rounds: 1 }, rng);
    const l = gnn.logits(t, input);
    const v = l.dataSync();
    for (let x = 0; x < g.nVars; x++)
      for (let a = 0; a < g.width; a++) {
        const inside = a < (p.domSize[x] as number) && ((p.init[x * prog.words] as number) >>> a) & 1;
        expect((v[x * g.width + a] as number) < -1000).toBe(!inside);
      }
    l.dispose();
    disposeBatchInput(input);
    gnn.dispose();
  });
});
