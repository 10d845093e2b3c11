/**
 * What the synchronous round propagators (soft, fixed-point, hard) share: the per-round report and
 * the run loop with its stopping rule (hdl/SPEC.md section 5). A batch holds `batch` instances of
 * `size` elements each, instance-major: instance i is elements i*size .. (i+1)*size-1.
 */

/** What one round did, per instance. The propagator reuses one object: read it before the next round. */
export interface RoundInfo {
  /** 1 when some weight (bit) of the instance differs from the round's input. */
  changed: Uint8Array;
  /** Number of variables whose weights are all 0 after the round (a wipe-out when > 0). */
  wiped: Int32Array;
  /** Lowest wiped-out variable, or -1. */
  firstWiped: Int32Array;
  /** No instance changed: the whole batch is at its fixpoint. */
  fixpoint: boolean;
}

/** How each instance of a run ended. */
export interface RunResult {
  /** Rounds the instance ran; its last round is the one that stopped it. */
  rounds: Int32Array;
  /** 1 when the instance's last round changed nothing. */
  fixpoint: Uint8Array;
  /** 1 when the instance's last round left a variable with no weight. */
  wipeout: Uint8Array;
  /** Rounds run on the batch: the largest entry of `rounds`. */
  total: number;
}

export type RoundArray = Float32Array | Uint16Array | Uint32Array;

/** One synchronous round over a batch: reads only `src`, writes all of `dst`. */
export interface RoundPropagator<T extends RoundArray> {
  readonly batch: number;
  /** Elements per instance. */
  readonly size: number;
  round(src: T, dst: T): RoundInfo;
}

export function newRoundInfo(batch: number): RoundInfo {
  return { changed: new Uint8Array(batch), wiped: new Int32Array(batch), firstWiped: new Int32Array(batch), fixpoint: true };
}

export function resetRoundInfo(info: RoundInfo): void {
  info.changed.fill(0);
  info.wiped.fill(0);
  info.firstWiped.fill(-1);
}

/** Marks variable x of instance i as wiped out. */
export function noteWipe(info: RoundInfo, i: number, x: number): void {
  if ((info.wiped[i] as number) === 0) info.firstWiped[i] = x;
  info.wiped[i] = (info.wiped[i] as number) + 1;
}

/**
 * Runs rounds in place on `weights` (double-buffered with `spare`) until every instance has stopped:
 * an instance stops after a round that wipes out or changes nothing, or after `maxRounds` rounds.
 * A stopped instance keeps the weights of its last round.
 */
export function runRounds<T extends RoundArray>(prop: RoundPropagator<T>, weights: T, spare: T, maxRounds: number): RunResult {
  const { batch, size } = prop;
  if (weights.length !== batch * size) throw new Error(`runRounds: ${weights.length} weights, expected ${batch} × ${size}`);
  const res: RunResult = { rounds: new Int32Array(batch), fixpoint: new Uint8Array(batch), wipeout: new Uint8Array(batch), total: 0 };
  const stopped = new Uint8Array(batch);
  let running = batch;
  let src = weights;
  let dst = spare;
  for (let r = 1; r <= maxRounds && running > 0; r++) {
    const info = prop.round(src, dst);
    for (let i = 0; i < batch; i++) {
      if (stopped[i]) {
        dst.set(src.subarray(i * size, (i + 1) * size), i * size);
        continue;
      }
      res.rounds[i] = r;
      if ((info.wiped[i] as number) > 0) res.wipeout[i] = 1;
      if (!info.changed[i]) res.fixpoint[i] = 1;
      if (res.wipeout[i] || res.fixpoint[i]) {
        stopped[i] = 1;
        running--;
      }
    }
    res.total = r;
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== weights) weights.set(src);
  return res;
}
