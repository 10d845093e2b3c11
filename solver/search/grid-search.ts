import { gridUnits } from '../model/grid.js';
import type { Constraint, Problem } from '../model/problem.js';
import { popcount32 } from '../model/problem.js';
import { checkSolution } from './checker.js';
import { defaultSearchContext, type SearchContext } from './context.js';
import { emptyStats, Limits, searchStatus } from './limits.js';
import type { SearchOptions, SearchResult, SearchStats } from './search.js';

/**
 * A dedicated search for sudoku grids (box size b, side n = b², so every domain fits one word).
 * The generic engine runs Régin's matching on each of the 3n all-different units separately; a
 * grid also has units that overlap in b cells, and that interaction (locked candidates) is what
 * the fastest sudoku solvers exploit. Here the candidates are one bitmask word per cell, copied per
 * search level, and propagation applies three rules, each sound for any grid:
 * - naked single: a fixed cell's value leaves its peers;
 * - hidden single: a value with one place left in a unit goes there (no place: failure);
 * - locked candidates: a value that, within a line, only fits the b cells the line shares with a
 *   box leaves the rest of that box, and the other way round.
 * Singles run to their fixpoint; locked candidates run once after that, and again only while they
 * fix cells (running them to their own fixpoint saved a few nodes but cost 7% more time on top95).
 * Branching takes a cell with fewest candidates, ties to the one with most unfixed peers, and
 * tries its values smallest first. Proving uniqueness on top95 and top1465 this took a third to
 * a half of the generic engine's time per puzzle on this machine (`softprop bench` reports both).
 */

/** Largest box size: a 25×25 grid's candidates still fit one word (the format's largest grid too). */
export const MAX_GRID_BOX = 5;

/** The fixed structure of a box-b grid, built once per box size. */
class Grid {
  readonly box: number;
  readonly side: number;
  readonly cells: number;
  /** Mask of every value. */
  readonly full: number;
  /** 3n units of n cells: rows, columns, boxes. */
  readonly units: Int32Array;
  readonly nPeers: number;
  /** Each cell's peers (the other cells of its three units), nPeers per cell. */
  readonly peers: Int32Array;
  /** The same peers as a bit set over cells, `cellWords` words per cell (branching counts open peers with it). */
  readonly peerBits: Uint32Array;
  readonly cellWords: number;
  /** Line segments: segment line*b + part holds the b cells line `line` shares with its part-th box. */
  readonly rowSegs: Int32Array;
  readonly colSegs: Int32Array;
  /** For each segment, the b-1 other segments of its line and the b-1 other segments of its box (same family). */
  readonly lineOthers: Int32Array;
  readonly boxOthers: Int32Array;

  constructor(box: number) {
    const n = box * box;
    this.box = box;
    this.side = n;
    this.cells = n * n;
    this.full = n === 32 ? -1 : (1 << n) - 1;
    // Built here, not taken from a problem, so `describes` compares problems against an owned copy.
    this.units = gridUnits(box);
    const units = Array.from({ length: 3 * n }, (_, u) => Array.from(this.units.subarray(u * n, (u + 1) * n)));
    this.nPeers = 2 * (n - 1) + (box - 1) * (box - 1);
    this.peers = new Int32Array(this.cells * this.nPeers);
    for (let i = 0; i < this.cells; i++) {
      const peers = new Set<number>();
      for (const u of units) if (u.includes(i)) for (const j of u) if (j !== i) peers.add(j);
      this.peers.set([...peers], i * this.nPeers);
    }
    this.cellWords = Math.ceil(this.cells / 32);
    this.peerBits = new Uint32Array(this.cells * this.cellWords);
    for (let i = 0; i < this.cells; i++)
      for (let k = i * this.nPeers; k < (i + 1) * this.nPeers; k++) {
        const j = this.peers[k] as number;
        this.peerBits[i * this.cellWords + (j >>> 5)] = (this.peerBits[i * this.cellWords + (j >>> 5)] as number) | (1 << (j & 31));
      }
    this.rowSegs = new Int32Array(this.cells);
    this.colSegs = new Int32Array(this.cells);
    for (let line = 0; line < n; line++)
      for (let part = 0; part < box; part++)
        for (let k = 0; k < box; k++) {
          const at = (line * box + part) * box + k;
          this.rowSegs[at] = line * n + part * box + k;
          this.colSegs[at] = (part * box + k) * n + line;
        }
    const nSegs = n * box;
    this.lineOthers = new Int32Array(nSegs * (box - 1));
    this.boxOthers = new Int32Array(nSegs * (box - 1));
    for (let seg = 0; seg < nSegs; seg++) {
      const line = Math.floor(seg / box);
      const part = seg % box;
      const band = line - (line % box);
      let j = seg * (box - 1);
      for (let q = 0; q < box; q++) if (q !== part) this.lineOthers[j++] = line * box + q;
      j = seg * (box - 1);
      for (let l = band; l < band + box; l++) if (l !== line) this.boxOthers[j++] = l * box + part;
    }
  }

  /** Why `p` is not exactly this grid (cells, domain sizes, and the units as its only constraints, in order), or undefined. */
  misfit(p: Problem): string | undefined {
    const { side, cells } = this;
    if (p.domSize.length !== cells) return `${p.domSize.length} variables, not ${cells}`;
    for (let i = 0; i < cells; i++) if (p.domSize[i] !== side) return `variable ${i} has ${p.domSize[i]} values, not ${side}`;
    const cs = p.constraints;
    if (cs.length !== 3 * side) return `${cs.length} constraints, not the grid's ${3 * side} units`;
    for (let u = 0; u < cs.length; u++) if (!this.isUnit(cs[u], u)) return `constraint ${u} is not unit ${u} of the grid`;
    return undefined;
  }

  /** Whether `c` is the all-different of unit `u`, its cells in the same order. */
  private isUnit(c: Constraint | undefined, u: number): boolean {
    const { side, units } = this;
    if (c?.kind !== 'alldiff' || c.vars.length !== side) return false;
    for (let k = 0; k < side; k++) if (c.vars[k] !== units[u * side + k]) return false;
    return true;
  }
}

/** A box size's grid structure and its idle run, kept in a SearchContext (taken out while a search runs). */
export interface GridSlot {
  grid: Grid;
  idle: GridRun | undefined;
}

/**
 * The grid search takes `p` when `p.grid` is set, its box size is 2..MAX_GRID_BOX, and `p` is exactly
 * that grid: box⁴ cells of box² values, whose constraints are the grid's rows, columns and boxes of
 * model/grid.ts in that order, and nothing else. A problem whose constraints were copied is still the
 * grid; one with a constraint added, removed or changed is not (the generic engine solves it).
 * Returns the context's slot for that box size (made on first use), or why not.
 */
function slotOf(p: Problem, context: SearchContext): GridSlot | string {
  if (p.grid === undefined) return 'the problem has no grid shape (Problem.grid)';
  const { box } = p.grid;
  if (!(Number.isInteger(box) && box >= 2 && box <= MAX_GRID_BOX)) return `box size ${box} outside 2..${MAX_GRID_BOX}`;
  let slot = context.grids.get(box);
  if (slot === undefined) {
    slot = { grid: new Grid(box), idle: undefined };
    context.grids.set(box, slot);
  }
  const why = slot.grid.misfit(p);
  return why === undefined ? slot : `the problem is not exactly a box-${box} grid: ${why}`;
}

/** The box size of `p` when the grid search takes it (see `slotOf` for the rule), else 0. */
export function gridBox(p: Problem, context: SearchContext = defaultSearchContext): number {
  const slot = slotOf(p, context);
  return typeof slot === 'string' ? 0 : slot.grid.box;
}

/**
 * One search over one grid: the boards of every level in one array (level l at l*cells), the
 * queue of newly fixed cells, and the counters.
 */
class GridRun {
  stats: SearchStats = emptyStats();
  solution: Int32Array | undefined;
  limited = false;
  private readonly boards: Int32Array;
  private readonly queue: Int32Array;
  private qn = 0;
  /** OR of each segment's candidates, for locked candidates. */
  private readonly segMask: Int32Array;
  private readonly values: Int32Array;
  /** Branching: the cells with the fewest candidates, and the unfixed cells as a bit set. */
  private readonly ties: Int32Array;
  private readonly open: Uint32Array;
  private p: Problem | undefined;
  private opts: SearchOptions = {};
  private target = 1;
  private limits: Limits | undefined;

  constructor(private readonly g: Grid) {
    // Each level fixes at least one more cell, so cells + 1 boards always suffice.
    this.boards = new Int32Array((g.cells + 1) * g.cells);
    this.queue = new Int32Array(g.cells);
    this.segMask = new Int32Array(g.side * g.box);
    this.values = new Int32Array(g.cells);
    this.ties = new Int32Array(g.cells);
    this.open = new Uint32Array(g.cellWords);
  }

  /** Prepares a search of `p` (the run's arrays are reused from one grid to the next). */
  reset(p: Problem, opts: SearchOptions, t0: number): void {
    this.stats = emptyStats();
    this.solution = undefined;
    this.limited = false;
    this.p = p;
    this.opts = opts;
    this.target = opts.maxSolutions ?? (opts.all ? Number.POSITIVE_INFINITY : 1);
    this.limits = new Limits(opts, t0);
    this.qn = 0;
  }

  /** Propagates the root; false when the givens already contradict each other. */
  start(): boolean {
    const { g, boards } = this;
    const init = (this.p as Problem).init;
    for (let i = 0; i < g.cells; i++) {
      const d = (init[i] as number) & g.full;
      boards[i] = d;
      if (d !== 0 && (d & (d - 1)) === 0) this.queue[this.qn++] = i;
      else if (d === 0) return false;
    }
    return this.propagate(0);
  }

  /** The three rules on the board at `o` (see the top of the file), starting from the queued cells; false on a contradiction. */
  private propagate(o: number): boolean {
    this.stats.propagations++;
    const { g, boards, queue } = this;
    const { units, side, full } = g;
    if (!this.eliminate(o, this.qn)) return false;
    const nUnits = 3 * side;
    for (;;) {
      // Units scanned in a circle until a whole round of them places nothing.
      for (let unit = 0, quiet = 0; quiet < nUnits; unit = unit + 1 === nUnits ? 0 : unit + 1, quiet++) {
        const u = unit * side;
        let once = 0;
        let twice = 0;
        let fixed = 0;
        if (unit < 2 * side) {
          // Rows and columns: cells at a fixed stride, no table lookup.
          const step = unit < side ? 1 : side;
          for (let at = o + (unit < side ? unit * side : unit - side), e = at + step * side; at < e; at += step) {
            const d = boards[at] as number;
            twice |= once & d;
            once |= d;
            if ((d & (d - 1)) === 0) fixed |= d;
          }
        } else
          for (let k = u; k < u + side; k++) {
            const d = boards[o + (units[k] as number)] as number;
            twice |= once & d;
            once |= d;
            if ((d & (d - 1)) === 0) fixed |= d;
          }
        if (once !== full) return false;
        const hidden = once & ~twice & ~fixed;
        if (hidden === 0) continue;
        let qn = 0;
        for (let k = u; k < u + side; k++) {
          const c = units[k] as number;
          const h = (boards[o + c] as number) & hidden;
          if (h === 0) continue;
          if ((h & (h - 1)) !== 0) return false;
          boards[o + c] = h;
          queue[qn++] = c;
        }
        // Their values leave their peers now, so the units scanned next see the cascade.
        if (!this.eliminate(o, qn)) return false;
        // Every unit, this one too, must be seen again after this change.
        quiet = -1;
      }
      this.qn = 0;
      let struck = this.locked(o, g.rowSegs);
      if (struck === 0) struck = this.locked(o, g.colSegs);
      const fixedSome = this.qn !== 0;
      if (struck < 0 || !this.eliminate(o, this.qn)) return false;
      if (struck === 0 || !fixedSome) return true;
    }
  }

  /** Naked singles: the values of the n queued cells, and of the cells that fixes, leave their peers. */
  private eliminate(o: number, n: number): boolean {
    const { boards, queue } = this;
    const { peers, nPeers } = this.g;
    let qn = n;
    for (let qh = 0; qh < qn; qh++) {
      const i = queue[qh] as number;
      const v = boards[o + i] as number;
      for (let k = i * nPeers, e = k + nPeers; k < e; k++) {
        const c = peers[k] as number;
        const d = boards[o + c] as number;
        if ((d & v) === 0) continue;
        const nd = d & ~v;
        if (nd === 0) return false;
        boards[o + c] = nd;
        if ((nd & (nd - 1)) === 0) queue[qn++] = c;
      }
    }
    this.qn = 0;
    return true;
  }

  /**
   * Locked candidates over one family of line segments: -1 on a contradiction, 1 when candidates
   * were removed (cells this fixed are queued), 0 when nothing changed.
   */
  private locked(o: number, segs: Int32Array): number {
    const { g, boards, segMask } = this;
    const { lineOthers, boxOthers } = g;
    const b = g.box;
    const nSegs = g.side * b;
    for (let s = 0; s < nSegs; s++) {
      let m = 0;
      for (let k = s * b; k < s * b + b; k++) m |= boards[o + (segs[k] as number)] as number;
      segMask[s] = m;
    }
    let changed = 0;
    for (let s = 0; s < nSegs; s++) {
      let lo = 0;
      let bo = 0;
      for (let j = s * (b - 1); j < s * (b - 1) + b - 1; j++) {
        lo |= segMask[lineOthers[j] as number] as number;
        bo |= segMask[boxOthers[j] as number] as number;
      }
      const m = segMask[s] as number;
      // Within the line the value only fits here: the box's other segments lose it.
      const claim = m & ~lo & bo;
      // Within the box the value only fits here: the line's other segments lose it.
      const point = m & ~bo & lo;
      if ((claim | point) === 0) continue;
      for (let j = s * (b - 1); j < s * (b - 1) + b - 1; j++) {
        const r =
          (claim !== 0 ? this.strike(o, segs, boxOthers[j] as number, claim) : 0) |
          (point !== 0 ? this.strike(o, segs, lineOthers[j] as number, point) : 0);
        if (r < 0) return -1;
        changed |= r;
      }
    }
    return changed;
  }

  /** Removes `mask` from the cells of segment `t` (segMask left as it was: the next pass recomputes it). */
  private strike(o: number, segs: Int32Array, t: number, mask: number): number {
    const { boards, queue } = this;
    const b = this.g.box;
    let changed = 0;
    for (let k = t * b; k < t * b + b; k++) {
      const c = segs[k] as number;
      const d = boards[o + c] as number;
      if ((d & mask) === 0) continue;
      const nd = d & ~mask;
      if (nd === 0) return -1;
      boards[o + c] = nd;
      changed = 1;
      if ((nd & (nd - 1)) === 0) queue[this.qn++] = c;
    }
    return changed;
  }

  /** Searches below the propagated board at level `level`; true when the search must stop. */
  dive(level: number): boolean {
    const { g, boards, stats } = this;
    const o = level * g.cells;
    // Fewest candidates; ties go to the cell with most unfixed peers (on top95 this halves the
    // nodes of taking the first such cell). The cells of the fewest so far are listed in `ties`.
    const { ties, open } = this;
    open.fill(0);
    let nTies = 0;
    let bestSize = 33;
    for (let i = 0; i < g.cells; i++) {
      const d = boards[o + i] as number;
      if ((d & (d - 1)) === 0) continue;
      open[i >>> 5] = (open[i >>> 5] as number) | (1 << (i & 31));
      const size = popcount32(d);
      if (size > bestSize) continue;
      if (size < bestSize) {
        bestSize = size;
        nTies = 0;
      }
      ties[nTies++] = i;
    }
    const { peerBits, cellWords } = g;
    let best = -1;
    let bestDegree = -1;
    for (let t = 0; t < nTies; t++) {
      const i = ties[t] as number;
      let degree = 0;
      for (let w = 0, at = i * cellWords; w < cellWords; w++, at++) degree += popcount32((peerBits[at] as number) & (open[w] as number));
      if (degree > bestDegree) {
        best = i;
        bestDegree = degree;
      }
    }
    if (best < 0) return this.found(o);
    const child = o + g.cells;
    for (let rest = boards[o + best] as number; rest !== 0; rest &= rest - 1) {
      if ((this.limits as Limits).reached(stats.nodes)) {
        this.limited = true;
        return true;
      }
      stats.nodes++;
      boards.copyWithin(child, o, child);
      boards[child + best] = rest & -rest;
      this.queue[0] = best;
      this.qn = 1;
      if (!this.propagate(child)) stats.failures++;
      else if (this.dive(level + 1)) return true;
      stats.backtracks++;
    }
    return false;
  }

  private found(o: number): boolean {
    const { values, stats } = this;
    for (let i = 0; i < this.g.cells; i++) values[i] = 31 - Math.clz32(this.boards[o + i] as number);
    const wrong = checkSolution(this.p as Problem, values);
    if (wrong !== null) throw new Error(`internal error: grid search reached a non-solution: ${wrong}`);
    stats.solutions++;
    this.solution ??= values.slice();
    return this.opts.onSolution?.(values) === false || stats.solutions >= this.target;
  }
}

/**
 * `search` for a sudoku grid (a problem `gridBox` accepts, e.g. formats/sudoku.ts sudokuProblem):
 * the same options, limits and result, with `varOrder`, `valueOrder`, `alldiff`, `seed`,
 * `restarts`, `interchangeableValues` and `external` not applying (the caller uses `search` for those).
 */
export function gridSearch(p: Problem, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  const context = opts.context ?? defaultSearchContext;
  const slot = slotOf(p, context);
  if (typeof slot === 'string') throw new RangeError(`grid search: ${slot}`);
  const run = slot.idle ?? new GridRun(slot.grid);
  slot.idle = undefined;
  run.reset(p, opts, t0);
  // dive returns true when a limit or the solution target stopped it, false when it explored everything.
  const exhausted = !run.start() || !run.dive(0);
  slot.idle = run;
  const stats = run.stats;
  stats.timeMs = performance.now() - t0;
  const status = searchStatus(run.limited, opts.all ?? false, stats.solutions, exhausted);
  return { status, solution: run.solution, solutions: stats.solutions, exhausted, stats };
}
