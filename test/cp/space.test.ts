import { describe, expect, it } from 'vitest';
import { CP_CHEAP, CP_EXPENSIVE, type CpPropagator, EV_BOUNDS, EV_DOMAIN, EV_FIX, type IntStore, Space } from '../../solver/cp/index.js';
import type { Advised } from '../../solver/cp/propagator.js';

/** Records each run in `log` under its name; fails when `fail` says so; runs `act` on the store. */
class Probe implements CpPropagator {
  constructor(
    private readonly name: string,
    private readonly log: string[],
    public fail = false,
    public act: (s: IntStore) => void = () => {},
  ) {}
  propagate(s: IntStore): boolean {
    this.log.push(this.name);
    this.act(s);
    return !this.fail;
  }
}

/** A Probe told of changes: a change of the variable advised with tag 0 matters, others do not. */
class AdvisedProbe extends Probe implements Advised {
  constructor(
    name: string,
    log: string[],
    readonly idempotent: boolean,
    act: (s: IntStore) => void = () => {},
  ) {
    super(name, log, false, act);
  }
  advise(_s: IntStore, tag: number): boolean {
    return tag === 0;
  }
}

describe('Space', () => {
  it('wakes the watchers of every event up to the change', () => {
    const sp = new Space();
    const x = sp.newVar(0, 10);
    const log: string[] = [];
    for (const [name, ev] of [
      ['dom', EV_DOMAIN],
      ['bnd', EV_BOUNDS],
      ['fix', EV_FIX],
    ] as const)
      sp.watch(sp.post(new Probe(name, log)), x, ev);
    expect(sp.fixpoint()).toBe(-1);
    expect(log).toEqual(['dom', 'bnd', 'fix']);
    const step = (change: () => boolean) => {
      log.length = 0;
      expect(change()).toBe(true);
      expect(sp.fixpoint()).toBe(-1);
      return [...log];
    };
    expect(step(() => sp.store.remove(x, 5))).toEqual(['dom']);
    expect(step(() => sp.store.remove(x, 5))).toEqual([]);
    expect(step(() => sp.store.setMin(x, 2))).toEqual(['dom', 'bnd']);
    expect(step(() => sp.store.setMax(x, 3))).toEqual(['dom', 'bnd']);
    expect(step(() => sp.store.fix(x, 3))).toEqual(['dom', 'bnd', 'fix']);
    expect(sp.watchersOf(x)).toEqual([0, 1, 2]);
    // A propagator watching x for two events counts once in x's degree.
    const twice = sp.post(new Probe('twice', log));
    sp.watch(twice, x, EV_DOMAIN);
    sp.watch(twice, x, EV_FIX);
    expect(sp.degree(x)).toBe(4);
    expect(sp.propagations).toBe(3 + 1 + 2 + 2 + 3);
  });

  it('runs cheap propagators before expensive ones, each queued once', () => {
    const sp = new Space();
    const x = sp.newVar(0, 10);
    const log: string[] = [];
    const e = sp.post(new Probe('E', log), CP_EXPENSIVE);
    // The cheap one narrows x twice in one run: it and E are queued once each.
    const c = sp.post(
      new Probe('C', log, false, (s) => {
        s.setMin(x, s.min(x) + 1);
        s.setMax(x, s.max(x) - 1);
      }),
      CP_CHEAP,
    );
    sp.watch(e, x, EV_BOUNDS);
    sp.watch(c, x, EV_FIX);
    expect(sp.fixpoint()).toBe(-1);
    expect(log).toEqual(['C', 'E']);
  });

  it('keeps its queue order when the queue grows past 16 with items queued across the wrap', () => {
    const sp = new Space();
    const x = sp.newVar(0, 100);
    const log: string[] = [];
    for (let i = 0; i < 11; i++) sp.watch(sp.post(new Probe(`a${i}`, log)), x, i >= 3 ? EV_DOMAIN : EV_FIX);
    // The 12th runs with the ring's head at 12 of 16: it wakes 8 (wrapping round), then posts 30 (two growths).
    sp.post(
      new Probe('a11', log, false, (s) => {
        if (s.remove(x, 50)) for (let i = 0; i < 30; i++) sp.post(new Probe(`b${i}`, log));
      }),
    );
    expect(sp.fixpoint()).toBe(-1);
    expect(log).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `a${i}`),
      ...Array.from({ length: 8 }, (_, i) => `a${i + 3}`),
      ...Array.from({ length: 30 }, (_, i) => `b${i}`),
    ]);
    expect(sp.failures.length).toBeGreaterThanOrEqual(42);
  });

  it('on failure empties the queue, counts the failure, and can queue the same propagators again', () => {
    const sp = new Space();
    const x = sp.newVar(0, 10);
    const log: string[] = [];
    const ps = [new Probe('p0', log), new Probe('p1', log, true), new Probe('p2', log)];
    for (const p of ps) sp.watch(sp.post(p), x, EV_DOMAIN);
    expect(sp.fixpoint()).toBe(1);
    expect(log).toEqual(['p0', 'p1']);
    expect(Array.from(sp.failures.subarray(0, 3))).toEqual([0, 1, 0]);
    log.length = 0;
    expect(sp.fixpoint()).toBe(-1);
    expect(log).toEqual([]);
    // p2 was queued when p1 failed: it must be queueable again.
    expect(sp.store.remove(x, 5)).toBe(true);
    expect(sp.fixpoint()).toBe(1);
    expect(log).toEqual(['p0', 'p1']);
    (ps[1] as Probe).fail = false;
    sp.enqueueAll();
    log.length = 0;
    expect(sp.fixpoint()).toBe(-1);
    expect(log).toEqual(['p0', 'p1', 'p2']);
    expect(Array.from(sp.failures.subarray(0, 3))).toEqual([0, 2, 0]);
  });

  it('skips an advised propagator until a change that matters, keeps its idle flag on the trail, and reruns a non-idempotent one after its own narrowing', () => {
    for (const idempotent of [false, true]) {
      const sp = new Space();
      const x = sp.newVar(0, 10);
      const y = sp.newVar(0, 10);
      const log: string[] = [];
      // Its first run narrows x, a change that matters.
      const id = sp.postAdvised(new AdvisedProbe('p', log, idempotent, (s) => s.setMax(x, 8)));
      sp.advise(id, x, EV_DOMAIN, 0);
      sp.advise(id, y, EV_DOMAIN, 1);
      const step = (change: () => void) => {
        log.length = 0;
        change();
        expect(sp.fixpoint()).toBe(-1);
        return log.length;
      };
      expect(step(() => {})).toBe(idempotent ? 1 : 2);
      const before = sp.propagations;
      expect(step(() => sp.enqueueAll())).toBe(0);
      // A skipped run still counts as a propagation.
      expect(sp.propagations).toBe(before + 1);
      expect(step(() => sp.store.remove(y, 3))).toBe(0);
      expect(step(() => sp.store.remove(x, 3))).toBe(1);
      // Cleared before the mark, set by a run after it: the undo clears it again.
      sp.store.remove(x, 4);
      const m = sp.store.mark();
      expect(step(() => {})).toBe(1);
      sp.store.undo(m);
      expect(step(() => sp.enqueueAll())).toBe(1);
    }
  });
});
