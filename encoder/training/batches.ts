import type { Device } from '../../fpga/device.js';
import type { Problem } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { type ArcProgram, compileArcs } from '../../solver/rounds/arcs.js';
import { unionProblems } from '../../solver/rounds/batch.js';
import { deviceMasses } from '../device-masses.js';
import {
  type BatchInput,
  batchInput,
  disposeGraphTensors,
  type GraphIndex,
  type GraphTensors,
  graphIndex,
  graphTensors,
  propagatorOf,
} from '../gnn.js';
import type { HardMasses } from '../losses.js';
import type { TfPropagator } from '../tf-propagate.js';

/**
 * Batches of training instances and the graphs they run on. A batch whose instances share one
 * structure (same variables, domain sizes and constraints, e.g. all 9×9 sudokus) runs as B rows of
 * one cached arc program. A batch of instances of different structures (colouring, CNF) runs as
 * their disjoint union, one block-diagonal graph: no message, propagation round or loss term
 * crosses from one part to another, so every instance gets the logits and the loss terms it would
 * get alone, and a batch of `--batch` instances is that many whatever the data.
 */

/** One epoch's batches: the training instances shuffled and cut into batches, then the batches shuffled. */
export function planEpoch(rng: Rng, members: readonly number[], batch: number): number[][] {
  const order = rng.shuffle(members.slice());
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batch) out.push(order.slice(i, i + batch));
  return rng.shuffle(out);
}

/**
 * The instances epoch `epoch` draws from under an easy-to-hard curriculum of `ramp` epochs: the
 * easiest min(1, (epoch + 1) / ramp) share of `byDifficulty` (the training instances, easiest
 * first), repeated to its full length, so an epoch has as many batches with the curriculum as
 * without it. Depends on nothing but the epoch, so a resumed run plans the same epochs.
 */
export function curriculumMembers(byDifficulty: readonly number[], epoch: number, ramp: number): number[] {
  const n = byDifficulty.length;
  const pool = Math.max(1, Math.ceil((n * Math.min(ramp, epoch + 1)) / ramp));
  return Array.from({ length: n }, (_, k) => byDifficulty[k % pool] as number);
}

/** An arc program with what training needs of it. */
export interface Group {
  program: ArcProgram;
  index: GraphIndex;
  tensors: GraphTensors;
  /** Soft propagator of the unsupervised loss, the graph's own (null when the loss is supervised only). */
  prop: TfPropagator | null;
  /** Forward masses from a hard propagation device, when one is used. */
  masses: HardMasses | undefined;
}

/** A batch laid out on one group's graph. */
export interface BatchGraph {
  group: Group;
  /** Initial domains along the tensors' batch axis: one per instance, or the union's one. */
  inits: Uint32Array[];
  /** Solutions in the same layout (null when an instance has none). */
  solutions: (Int32Array | null)[];
  /** Viable-value masks in the inits' word layout (null when an instance has none). */
  viables: (Uint32Array | null)[];
  /** Instance k's variables are offsets[k] .. offsets[k+1]−1 of the flattened [batch · nVars] assignment. */
  offsets: Int32Array;
  /** Frees a union's graph (a cached group stays). */
  release(): void;
}

export interface GroupOptions {
  /** Build soft propagators (the unsupervised loss). */
  propagate: boolean;
  /** Soft rounds of the unsupervised loss, which the device repeats. */
  propRounds: number;
  device: Device | undefined;
}

export class BatchGraphs {
  private readonly cache = new Map<string, Group>();

  constructor(
    private readonly problems: readonly Problem[],
    private readonly solutions: readonly (Int32Array | undefined | null)[],
    /** A state's values that still lead to a solution (`DatasetItem.viable`), in its init's layout. */
    private readonly viables: readonly (Uint32Array | undefined)[],
    /** Structure key per instance (`structureKey`): equal keys share one arc program. */
    private readonly keys: readonly string[],
    private readonly options: GroupOptions,
  ) {}

  of(members: readonly number[]): BatchGraph {
    const first = members[0] as number;
    const key = this.keys[first] as string;
    const problemOf = (i: number) => this.problems[i] as Problem;
    const solutionOf = (i: number) => this.solutions[i] ?? null;
    const viableOf = (i: number) => this.viables[i] ?? null;
    if (members.every((i) => this.keys[i] === key)) {
      let group = this.cache.get(key);
      if (!group) {
        group = this.group(problemOf(first));
        this.cache.set(key, group);
      }
      const n = group.index.nVars;
      return {
        group,
        inits: members.map((i) => problemOf(i).init),
        solutions: members.map(solutionOf),
        viables: members.map(viableOf),
        offsets: Int32Array.from({ length: members.length + 1 }, (_, k) => k * n),
        release: () => {},
      };
    }
    const { problem, varStart } = unionProblems(members.map(problemOf));
    const group = this.group(problem);
    const parts = members.map(solutionOf);
    let solution: Int32Array | null = null;
    if (parts.every((s) => s !== null)) {
      const all = new Int32Array(problem.domSize.length);
      parts.forEach((s, k) => {
        all.set(s as Int32Array, varStart[k] as number);
      });
      solution = all;
    }
    const masks = members.map(viableOf);
    let viable: Uint32Array | null = null;
    if (masks.every((m) => m !== null)) {
      // The union's layout: each part's words per variable moved to the union's stride.
      const w = problem.init.length / problem.domSize.length;
      const all = new Uint32Array(problem.init.length);
      masks.forEach((m, k) => {
        const from = varStart[k] as number;
        const mask = m as Uint32Array;
        const pw = mask.length / ((varStart[k + 1] as number) - from);
        for (let r = 0; r < mask.length / pw; r++) all.set(mask.subarray(r * pw, (r + 1) * pw), (from + r) * w);
      });
      viable = all;
    }
    return {
      group,
      inits: [problem.init],
      solutions: [solution],
      viables: [viable],
      offsets: varStart,
      release: () => disposeGroup(group),
    };
  }

  /** The network's input for a batch graph. */
  input(b: BatchGraph): BatchInput {
    return batchInput(b.group.index, b.group.program.words, b.inits);
  }

  dispose(): void {
    for (const g of this.cache.values()) disposeGroup(g);
    this.cache.clear();
  }

  private group(problem: Problem): Group {
    const { propagate, propRounds, device } = this.options;
    const program = compileArcs(problem);
    const index = graphIndex(program);
    const tensors = graphTensors(index);
    return {
      program,
      index,
      tensors,
      prop: propagate ? propagatorOf(tensors) : null,
      masses: propagate && device ? deviceMasses(device, program, propRounds) : undefined,
    };
  }
}

function disposeGroup(g: Group): void {
  disposeGraphTensors(g.tensors);
}
