import { describe, expect, it } from 'vitest';
import type { Constraint, Problem } from '../../solver/model/problem.js';
import { wordsFor, wordsPerDomain } from '../../solver/model/problem.js';
import type { ConstraintKind } from '../../solver/model/random-problem.js';
import { Rng } from '../../solver/model/rng.js';
import { compileArcs } from '../../solver/rounds/arcs.js';
import { propagateHard } from '../../solver/search/engine.js';
import { bruteForce } from '../support/brute-force.js';
import { drawProblem, oracleProblems } from '../support/random-problem.js';

const has = (bits: Uint32Array, at: number, a: number) => ((bits[at + (a >>> 5)]! >>> (a & 31)) & 1) === 1;

/** Union over all solutions of the values each variable takes, as domains (stride of p). */
function supportedValues(p: Problem): { domains: Uint32Array; count: number } {
  const w = wordsPerDomain(p);
  const { count, solutions } = bruteForce(p, Number.POSITIVE_INFINITY);
  const domains = new Uint32Array(p.domSize.length * w);
  for (const s of solutions)
    for (let v = 0; v < s.length; v++) domains[v * w + (s[v]! >>> 5)] = (domains[v * w + (s[v]! >>> 5)] as number) | (1 << (s[v]! & 31));
  return { domains, count };
}

/**
 * The arc-consistency fixpoint of the arc program (hdl/SPEC.md section 3 on bitmasks), straight
 * from the spec: synchronous rounds of arc and clause supports until nothing changes.
 */
function arcFixpoint(p: Problem): { domains: Uint32Array; wipedOut: boolean } {
  const ap = compileArcs(p);
  const w = ap.words;
  let dom = p.init.slice(0, ap.nVars * w);
  const empty = (d: Uint32Array, v: number) => d.subarray(v * w, v * w + w).every((x) => x === 0);
  for (let v = 0; v < ap.nVars; v++) if (empty(dom, v)) return { domains: dom, wipedOut: true };
  for (;;) {
    const next = dom.slice();
    const litTrue = (l: number) => {
      const x = ap.litVar[l]!;
      for (let k = 0; k < w; k++) if ((dom[x * w + k]! & ap.litSet[l * w + k]!) !== 0) return true;
      return false;
    };
    for (let x = 0; x < ap.nVars; x++) {
      for (let a = 0; a < ap.domSize[x]!; a++) {
        if (!has(dom, x * w, a)) continue;
        let ok = true;
        for (let arc = ap.arcStart[x]!; arc < ap.arcStart[x + 1]! && ok; arc++) {
          const y = ap.arcSrc[arc]!;
          let sup = false;
          for (let k = 0; k < w; k++) if ((ap.rows[ap.arcRow[arc]! + a * w + k]! & dom[y * w + k]!) !== 0) sup = true;
          ok = sup;
        }
        for (let o = ap.occStart[x]!; o < ap.occStart[x + 1]! && ok; o++) {
          const lit = ap.occLit[o]!;
          if (has(ap.litSet, lit * w, a)) continue;
          const c = ap.litClause[lit]!;
          let other = false;
          for (let l = ap.clauseStart[c]!; l < ap.clauseStart[c + 1]!; l++) if (l !== lit && litTrue(l)) other = true;
          ok = other;
        }
        if (!ok) next[x * w + (a >>> 5)] = (next[x * w + (a >>> 5)] as number) & ~(1 << (a & 31));
      }
    }
    for (let v = 0; v < ap.nVars; v++) if (empty(next, v)) return { domains: next, wipedOut: true };
    if (next.every((x, k) => x === dom[k])) return { domains: dom, wipedOut: false };
    dom = next;
  }
}

describe('propagateHard', () => {
  it('never removes a value of some solution, at either all-different level, and fails only without solutions', () => {
    let pruned = 0;
    for (const { p, i } of oracleProblems(21, 1500, 45)) {
      const truth = supportedValues(p);
      for (const alldiff of ['gac', 'decomposed'] as const) {
        const r = propagateHard(p, { alldiff });
        if (r.failed) {
          expect(truth.count, `problem ${i} (${alldiff}) failed with solutions`).toBe(0);
          continue;
        }
        for (let k = 0; k < truth.domains.length; k++) expect((truth.domains[k]! & ~r.domains[k]!) >>> 0, `problem ${i} word ${k}`).toBe(0);
        if (r.domains.some((x, k) => x !== p.init[k])) pruned++;
      }
    }
    expect(pruned).toBeGreaterThan(200);
  });

  it("with alldiff 'decomposed' reaches exactly the arc program's arc-consistency fixpoint (hdl/SPEC.md)", () => {
    let wiped = 0;
    for (const { p, i } of oracleProblems(22, 1500, 45)) {
      const ref = arcFixpoint(p);
      const r = propagateHard(p, { alldiff: 'decomposed' });
      expect(r.failed, `problem ${i}`).toBe(ref.wipedOut);
      if (ref.wipedOut) wiped++;
      else expect(Array.from(r.domains), `problem ${i}`).toEqual(Array.from(ref.domains));
    }
    expect(wiped).toBeGreaterThan(100);
  });
});

/** One random constraint of `kind` over random small domains with holes. */
function singleConstraint(rng: Rng, kind: ConstraintKind, multiWord: boolean): Problem {
  for (;;) {
    const p = drawProblem(rng, {
      vars: kind === 'alldiff' ? [2, 6] : [2, 4],
      domain: multiWord ? [33, 40] : [2, 6],
      density: 0,
      tightness: [0, 0.8],
      holes: true,
      kinds: [kind],
    });
    const c = p.constraints[0] as Constraint;
    if (kind === 'alldiff' && c.kind === 'alldiff') {
      // Use every variable, so the constraint's arity varies up to 6.
      p.constraints[0] = { kind: 'alldiff', vars: Int32Array.from(p.domSize, (_, v) => v) };
    }
    if (multiWord) {
      // Sparse domains keep the brute force small: a few random values per variable.
      const w = wordsFor(Math.max(...p.domSize));
      p.init.fill(0);
      for (let v = 0; v < p.domSize.length; v++)
        for (let t = rng.int(1, 4); t > 0; t--) {
          const a = rng.int(0, p.domSize[v]! - 1);
          p.init[v * w + (a >>> 5)] = (p.init[v * w + (a >>> 5)] as number) | (1 << (a & 31));
        }
    }
    return p;
  }
}

describe('each propagator on its own (Gecode-style oracle)', () => {
  for (const kind of ['table', 'neq', 'clause', 'alldiff'] as const) {
    it(`${kind}: keeps exactly the values of some solution of the single constraint (generalised arc consistency)`, () => {
      const rng = Rng.seeded(30 + kind.length);
      let pruned = 0;
      let failed = 0;
      for (let i = 0; i < 600; i++) {
        const p = singleConstraint(rng, kind, i % 4 === 3);
        const truth = supportedValues(p);
        const r = propagateHard(p, { alldiff: 'gac' });
        expect(r.failed, `${kind} #${i}: failed iff no solution`).toBe(truth.count === 0);
        if (r.failed) {
          failed++;
          continue;
        }
        expect(Array.from(r.domains), `${kind} #${i}`).toEqual(Array.from(truth.domains));
        if (r.domains.some((x, k) => x !== p.init[k])) pruned++;
      }
      expect(pruned, 'cases where the propagator had something to remove').toBeGreaterThan(50);
      if (kind !== 'neq') expect(failed).toBeGreaterThan(5);
    });
  }
});

/** Whether the bipartite graph var -> allowed values has a matching covering every variable, with x forced to a. */
function perfectMatching(allowed: number[][], x: number, a: number): boolean {
  const owner = new Map<number, number>();
  const tryVar = (i: number, seen: Set<number>): boolean => {
    for (const b of i === x ? [a] : allowed[i]!) {
      if (i !== x && b === a) continue;
      if (seen.has(b)) continue;
      seen.add(b);
      const j = owner.get(b);
      if (j === undefined || tryVar(j, seen)) {
        owner.set(b, i);
        return true;
      }
    }
    return false;
  };
  return allowed.every((_, i) => tryVar(i, new Set()));
}

describe('all-different GAC beyond 32 variables (strongly connected components path)', () => {
  it('keeps exactly the values that extend to a matching covering all variables', () => {
    const rng = Rng.seeded(41);
    let pruned = 0;
    for (let t = 0; t < 12; t++) {
      const k = rng.int(33, 40);
      const nVals = k + rng.int(0, 3);
      const domSize = new Int32Array(k).fill(nVals);
      const w = wordsFor(nVals);
      const init = new Uint32Array(k * w);
      // A hidden permutation keeps most instances feasible; a few extra values per variable give GAC work.
      const perm = rng.shuffle(Array.from({ length: nVals }, (_, a) => a));
      const allowed: number[][] = [];
      for (let v = 0; v < k; v++) {
        const vals = new Set([perm[v]!]);
        for (let e = rng.int(0, 2); e > 0; e--) vals.add(rng.int(0, nVals - 1));
        if (t % 4 === 3 && v < 3) {
          // Three variables stuck on value 0: infeasible.
          vals.clear();
          vals.add(0);
        }
        allowed.push([...vals]);
        for (const a of vals) init[v * w + (a >>> 5)] = (init[v * w + (a >>> 5)] as number) | (1 << (a & 31));
      }
      const p: Problem = { domSize, init, constraints: [{ kind: 'alldiff', vars: Int32Array.from(domSize, (_, v) => v) }] };
      const r = propagateHard(p, { alldiff: 'gac' });
      const feasible = perfectMatching(allowed, 0, allowed[0]![0]!) || allowed[0]!.some((a) => perfectMatching(allowed, 0, a));
      expect(r.failed, `instance ${t}`).toBe(!feasible);
      if (r.failed) continue;
      for (let v = 0; v < k; v++)
        for (const a of allowed[v]!) {
          expect(has(r.domains, v * w, a), `instance ${t}: x${v}=${a}`).toBe(perfectMatching(allowed, v, a));
          if (!has(r.domains, v * w, a)) pruned++;
        }
    }
    expect(pruned).toBeGreaterThan(10);
  });
});
