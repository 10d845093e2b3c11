import { type Problem, popcount32, wordsPerDomain } from '../../solver/model/problem.js';
import type { Rng } from '../../solver/model/rng.js';
import { type SearchObserver, search } from '../../solver/search/search.js';
import { type DatasetRecord, recordInstance, type StateRecord, solutionLabels } from './record.js';
import { labelState } from './state-labels.js';

/**
 * `softprop generate … --states`: instead of each instance, the states its search meets. The search
 * is the solver's own generic one as `solve` and the guided solve run it (dom/wdeg, minimum value,
 * Luby restarts, all-different GAC, ties by index), except that colour symmetry is not broken, so
 * that every branch is one literal of the recorded path. Each decision node's post-propagation
 * domains become a record (record.ts, `state`), labelled by state-labels.ts.
 */
export interface StatesOptions {
  /** 'live': only states from which a solution was found (a target for supervised training); 'all': dead ends too. */
  keep: 'live' | 'all';
  /** Decision states kept per instance at most, drawn uniformly (reservoir) and kept in search order. */
  max: number;
  /** Node budget of the recording search and of each labelling search. */
  nodes: number;
}

/** A decision node as recorded: its domains, the literals that lead to it, and where it is. */
interface Met {
  index: number;
  x: number;
  depth: number;
  domains: Uint32Array;
  path: string[];
}

/**
 * Records decision nodes of one search, keeping a uniform sample of at most `max` of them. The path
 * is a stack of literals each tagged with the lowest level it holds at: a left branch x = a decided at
 * level L holds from L + 1 on, a right branch x != a refines level L itself, and a backtrack or a
 * restart to level L drops every literal tagged above L.
 */
class StateRecorder implements SearchObserver {
  readonly kept: Met[] = [];
  seen = 0;
  private lits: string[] = [];
  private tags: number[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly max: number,
    private readonly size: number,
  ) {}

  decide(x: number, a: number, level: number, dom: Uint32Array): void {
    const k = this.seen++;
    const slot = k < this.max ? k : this.rng.int(0, k);
    if (slot < this.max) {
      const met = { index: k, x, depth: level, domains: dom.slice(0, this.size), path: this.lits.slice() };
      if (slot === this.kept.length) this.kept.push(met);
      else this.kept[slot] = met;
    }
    this.push(`${x}=${a}`, level + 1);
  }

  refute(x: number, a: number, level: number): void {
    this.dropAbove(level);
    this.push(`${x}!=${a}`, level);
  }

  restart(): void {
    this.dropAbove(0);
  }

  private push(lit: string, tag: number): void {
    this.lits.push(lit);
    this.tags.push(tag);
  }

  private dropAbove(level: number): void {
    let k = this.tags.length;
    while (k > 0 && (this.tags[k - 1] as number) > level) k--;
    this.lits.length = k;
    this.tags.length = k;
  }
}

function openVariables(p: Problem, domains: Uint32Array): number {
  const w = wordsPerDomain(p);
  let open = 0;
  for (let i = 0; i < p.domSize.length; i++) {
    let size = 0;
    for (let k = 0; k < w; k++) size += popcount32(domains[i * w + k] as number);
    if (size > 1) open++;
  }
  return open;
}

/**
 * The state records of source instance number `instance` (`record`, as its family generated it):
 * its search's decision states, sampled with `rng`, labelled, in search order.
 */
export function stateRecords(record: DatasetRecord, instance: number, rng: Rng, opts: StatesOptions): DatasetRecord[] {
  const p = recordInstance(record, 'instance', instance + 1).problem;
  const size = p.domSize.length * wordsPerDomain(p);
  const recorder = new StateRecorder(rng, opts.max, size);
  const run = search(p, { nodes: opts.nodes, observer: recorder });
  // The labels follow from the solution when it is the only one.
  const two = search(p, { nodes: opts.nodes, maxSolutions: 2 });
  const unique = two.exhausted && two.solutions === 1 ? (two.solution as Int32Array) : null;
  const out: DatasetRecord[] = [];
  for (const met of recorder.kept.sort((a, b) => a.index - b.index)) {
    const labels = labelState(p, met.domains, unique, opts.nodes);
    if (opts.keep === 'live' && labels.solution === null) continue;
    const state: StateRecord = {
      instance,
      index: met.index,
      decisions: recorder.seen,
      searchNodes: run.stats.nodes,
      var: met.x,
      depth: met.depth,
      open: openVariables(p, met.domains),
      path: met.path,
      domains: Array.from(met.domains),
      yes: Array.from(labels.yes),
      unknown: Array.from(labels.unknown),
    };
    const solution = labels.solution ? solutionLabels(record.format, p, labels.solution) : null;
    out.push({ ...record, solution, state });
  }
  return out;
}
