import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../solver/api/atomic-file.js';
import { UserError } from '../solver/api/user-error.js';
import { Gnn, type GnnConfig, paramNames } from './gnn.js';

/**
 * Saving and loading without tfjs-node: a custom `tf.io.IOHandler` that writes a tfjs-style
 * `<name>.json` (topology + weights manifest) and `<name>.bin` (the raw weights), each through a
 * temporary file and a rename. A model is the bundle "model" (model.json + weights.bin); the
 * optimizer's state (Adam moments and iteration count, from `getWeights`) is the bundle
 * "optimizer", so a checkpoint holds both in one format.
 */

/** A tensor with its saved name (tfjs's NamedTensor, which the package does not re-export). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

// The trainer's other files (metrics, plot, checkpoint state) are written with the same helper.
export { writeFileAtomic };

const BIN_NAME: Record<string, string> = { model: 'weights.bin' };
const binName = (name: string): string => BIN_NAME[name] ?? `${name}.bin`;

/** The IOHandler of bundle `name` in folder `dir`. */
export function bundleHandler(dir: string, name: string): tf.io.IOHandler {
  const json = join(dir, `${name}.json`);
  const bin = binName(name);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const data = artifacts.weightData
        ? tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[] | ArrayBuffer)
        : new ArrayBuffer(0);
      // Weights first: a model.json never points at weights that are not complete on disk.
      await writeFileAtomic(join(dir, bin), new Uint8Array(data));
      const manifest: tf.io.ModelJSON = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        modelTopology: artifacts.modelTopology as object,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [bin], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(json, `${JSON.stringify(manifest, null, 1)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      let manifest: tf.io.ModelJSON;
      try {
        manifest = JSON.parse(await readFile(json, 'utf8')) as tf.io.ModelJSON;
      } catch (e) {
        throw new UserError(`${json}: ${(e as Error).message}`);
      }
      const group = manifest.weightsManifest?.[0];
      if (!group) throw new UserError(`${json}: no weightsManifest`);
      const buf = await readFile(join(dir, group.paths[0] ?? bin));
      return {
        format: manifest.format,
        modelTopology: manifest.modelTopology,
        userDefinedMetadata: manifest.userDefinedMetadata,
        weightSpecs: group.weights,
        weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
      };
    },
  };
}

/** Saves named tensors (and a JSON topology) as bundle `name` in `dir`. */
export async function saveBundle(dir: string, name: string, topology: object, tensors: NamedTensor[]): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  const handler = bundleHandler(dir, name);
  await handler.save?.({
    format: 'softprop',
    generatedBy: 'softprop encoder',
    modelTopology: topology,
    weightSpecs: specs,
    weightData: data,
  });
}

/** Loads bundle `name` of `dir`: its topology and tensors (in saved order). */
export async function loadBundle(dir: string, name: string): Promise<{ topology: unknown; tensors: NamedTensor[] }> {
  const handler = bundleHandler(dir, name);
  const a = (await handler.load?.()) as tf.io.ModelArtifacts;
  const map = tf.io.decodeWeights(a.weightData as ArrayBuffer, a.weightSpecs ?? []);
  return {
    topology: a.modelTopology,
    tensors: (a.weightSpecs ?? []).map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor })),
  };
}

/** What model.json's topology says about the network. */
interface GnnTopology {
  kind: 'softprop-gnn';
  config: GnnConfig;
}

/** Saves a model: its config in model.json, its weights in weights.bin. */
export async function saveModel(dir: string, gnn: Gnn): Promise<void> {
  const topology: GnnTopology = { kind: 'softprop-gnn', config: gnn.config };
  await saveBundle(
    dir,
    'model',
    topology,
    paramNames(gnn.config).map((n) => ({ name: n, tensor: gnn.params[n] })),
  );
}

export interface LoadedModel {
  gnn: Gnn;
  /** meta.json of the model folder (how it was trained), {} when absent. */
  meta: Record<string, unknown>;
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const b = await loadBundle(dir, 'model');
  const topo = b.topology as Partial<GnnTopology> | undefined;
  if (topo?.kind !== 'softprop-gnn' || !topo.config) throw new UserError(`${join(dir, 'model.json')}: not a softprop encoder model`);
  const arrays: Record<string, Float32Array> = {};
  for (const t of b.tensors) {
    arrays[t.name] = t.tensor.dataSync() as Float32Array;
    t.tensor.dispose();
  }
  let gnn: Gnn;
  try {
    gnn = Gnn.fromArrays(topo.config, arrays);
  } catch (e) {
    throw new UserError(`${join(dir, 'weights.bin')}: ${(e as Error).message}`);
  }
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    // meta.json is optional (checkpoints have none).
  }
  return { gnn, meta };
}

/** Saves an optimizer's state (`getWeights`: iteration count and moments, in the optimizer's order). */
export async function saveOptimizer(dir: string, opt: tf.Optimizer, extra: object = {}): Promise<void> {
  const weights = await opt.getWeights();
  await saveBundle(dir, 'optimizer', { kind: opt.getClassName(), ...extra }, weights);
  // The first entry is a fresh iteration-count scalar; the rest are the optimizer's own variables.
  weights[0]?.tensor.dispose();
}

/** Restores state saved by `saveOptimizer` into an optimizer of the same kind over the same variables. */
export async function loadOptimizer(dir: string, opt: tf.Optimizer): Promise<unknown> {
  const b = await loadBundle(dir, 'optimizer');
  const topo = b.topology as { kind?: string };
  if (topo.kind !== opt.getClassName())
    throw new UserError(`${join(dir, 'optimizer.json')}: state of a ${topo.kind} optimizer, not ${opt.getClassName()}`);
  await opt.setWeights(b.tensors);
  for (const t of b.tensors) t.tensor.dispose();
  return b.topology;
}
