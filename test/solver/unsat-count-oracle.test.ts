import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { solveInstance } from '../../solver/api/solve.js';
import { parseCnf } from '../../solver/formats/dimacs-cnf.js';
import { colouringInstance, parseCol } from '../../solver/formats/dimacs-col.js';
import type { Instance } from '../../solver/formats/instance.js';
import { parseJsonModel } from '../../solver/formats/json-model.js';
import { renderSudoku, sudokuProblem } from '../../solver/formats/sudoku.js';
import { parseXcsp3 } from '../../solver/formats/xcsp3.js';
import { Rng } from '../../solver/model/rng.js';
import { countAssignments } from '../support/brute-force.js';
import { RELATIONS } from '../support/relations.js';

/**
 * Unsat claims and solution counts, cross-checked on small instances against methods that share
 * nothing with the solver: brute force over source values with predicates written here in
 * TypeScript, and the cadical SAT solver for CNF. Every solution the solver reports on the way is
 * also judged by the source check inside solveInstance.
 */

/** A generated input: its text, the source domains of its variables, and what a solution is. */
interface Generated {
  text: string;
  domains: number[][];
  holds: (v: readonly number[]) => boolean;
  /** XCSP3 counts solutions over the variables its constraints involve; the others multiply the brute-force count. */
  unusedFactor?: number;
}

/** Counts (count mode) and the first-solution status of an instance must match the truth. */
function expectAgrees(parse: () => Instance, truth: number, what: string): void {
  const counted = solveInstance(parse(), { count: true });
  expect(counted.count, `${what}: count`).toBe(truth);
  expect(counted.decided, what).toBe(true);
  const first = solveInstance(parse(), {});
  expect(first.status, `${what}: status`).toBe(truth > 0 ? 'sat' : 'unsat');
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)] as T;

function randomDomain(rng: Rng): { json: string; values: number[] } {
  const kind = rng.int(0, 2);
  if (kind === 0) {
    const n = rng.int(1, 4);
    return { json: `"domain": ${n}`, values: Array.from({ length: n }, (_, i) => i) };
  }
  if (kind === 1) {
    const lo = rng.int(-3, 3);
    const hi = lo + rng.int(0, 3);
    return { json: `"range": [${lo}, ${hi}]`, values: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) };
  }
  const values = [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(-4, 8)))].sort((a, b) => a - b);
  return { json: `"values": [${values.join(', ')}]`, values };
}

/** A JSON model of 2..5 variables (one may be an array) with every constraint type. */
function jsonModel(rng: Rng): Generated {
  const domains: number[][] = [];
  const names: string[] = [];
  const decls: string[] = [];
  const arrays = new Map<string, number[]>();
  while (domains.length < rng.int(2, 5)) {
    const d = randomDomain(rng);
    const name = `v${decls.length}`;
    const size = domains.length < 3 && rng.int(0, 4) === 0 ? rng.int(2, 3) : 0;
    decls.push(`{"name": "${name}", ${d.json}${size ? `, "size": ${size}` : ''}}`);
    const ids: number[] = [];
    for (let k = 0; k < Math.max(size, 1); k++) {
      ids.push(domains.length);
      names.push(size ? `${name}[${k}]` : name);
      domains.push(d.values);
    }
    if (size) arrays.set(name, ids);
  }
  const n = domains.length;
  const tests: ((v: readonly number[]) => boolean)[] = [];
  const cons: string[] = [];
  const two = () => {
    const x = rng.int(0, n - 1);
    return [x, rng.int(0, 5) === 0 ? x : (x + rng.int(1, n - 1)) % n] as const;
  };
  for (let c = rng.int(0, 4); c > 0; c--) {
    const kind = rng.int(0, 4);
    if (kind === 0) {
      const useArray = arrays.size > 0 && rng.int(0, 1) === 0;
      const [arrayName, arrayIds] = useArray ? (arrays.entries().next().value as [string, number[]]) : ['', []];
      const vs = useArray ? arrayIds : rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, rng.int(1, n));
      cons.push(`{"type": "alldiff", "vars": [${useArray ? `"${arrayName}"` : vs.map((v) => `"${names[v]}"`).join(', ')}]}`);
      tests.push((a) => new Set(vs.map((v) => a[v])).size === vs.length);
    } else if (kind === 1) {
      const [x, y] = two();
      cons.push(`{"type": "neq", "vars": ["${names[x]}", "${names[y]}"]}`);
      tests.push((a) => a[x] !== a[y]);
    } else if (kind === 2) {
      const [x, y] = two();
      const pairs = Array.from({ length: rng.int(0, 6) }, () => [pick(rng, domains[x] as number[]), rng.int(-4, 8)] as const);
      cons.push(
        `{"type": "table", "vars": ["${names[x]}", "${names[y]}"], "tuples": [${pairs.map((p) => `[${p[0]}, ${p[1]}]`).join(', ')}]}`,
      );
      tests.push((a) => pairs.some((p) => p[0] === a[x] && p[1] === a[y]));
    } else if (kind === 3) {
      const [x, y] = two();
      const op = pick(rng, Object.keys(RELATIONS));
      const k = rng.int(-2, 2);
      cons.push(`{"type": "relation", "op": "${op}", "vars": ["${names[x]}", "${names[y]}"], "offset": ${k}}`);
      const rel = RELATIONS[op] as (a: number, b: number) => boolean;
      tests.push((a) => rel(a[x] as number, (a[y] as number) + k));
    } else {
      const lits = Array.from({ length: rng.int(0, 3) }, () => {
        const v = rng.int(0, n - 1);
        return { v, in: [...new Set(Array.from({ length: rng.int(0, 2) }, () => pick(rng, domains[v] as number[])))] };
      });
      cons.push(`{"type": "clause", "literals": [${lits.map((l) => `{"var": "${names[l.v]}", "in": [${l.in.join(', ')}]}`).join(', ')}]}`);
      tests.push((a) => lits.some((l) => l.in.includes(a[l.v] as number)));
    }
  }
  return {
    text: `{"variables": [${decls.join(', ')}], "constraints": [${cons.join(', ')}]}`,
    domains,
    holds: (a) => tests.every((t) => t(a)),
  };
}

/** XCSP3 binary predicates with their TypeScript meaning; division or modulo by zero is not satisfied. */
const PREDICATES: [string, (a: number, b: number) => boolean][] = [
  ['lt(%0,add(%1,1))', (a, b) => a < b + 1],
  ['ne(dist(%0,%1),2)', (a, b) => Math.abs(a - b) !== 2],
  ['or(eq(%0,1),gt(%1,%0))', (a, b) => a === 1 || b > a],
  ['eq(mod(add(%0,%1),3),0)', (a, b) => (a + b) % 3 === 0],
  ['imp(le(%0,2),ne(%1,sub(%0,1)))', (a, b) => a > 2 || b !== a - 1],
  ['iff(ge(%0,0),lt(%1,2))', (a, b) => a >= 0 === b < 2],
  ['xor(eq(%0,%1),gt(mul(%0,%1),2))', (a, b) => (a === b) !== a * b > 2],
  ['ge(if(gt(%0,%1),%0,neg(%1)),min(%0,1))', (a, b) => (a > b ? a : -b) >= Math.min(a, 1)],
];

/** Predicates that divide by a variable: undefined where it is 0, so the constraint does not hold there. */
const DIVIDING: [string, (a: number, b: number) => boolean][] = [
  ['eq(div(%0,%1),1)', (a, b) => b !== 0 && Math.trunc(a / b) === 1],
  ['ne(mod(%0,%1),1)', (a, b) => b !== 0 && a % b !== 1],
  ['le(div(6,%1),%0)', (a, b) => b !== 0 && Math.trunc(6 / b) <= a],
];

/** An XCSP3 instance of 2..4 variables (a <var> each, or one array) with all the constraint forms softprop reads. */
function xcsp3(rng: Rng, predicates: [string, (a: number, b: number) => boolean][]): Generated {
  const n = rng.int(2, 4);
  const asArray = rng.int(0, 1) === 0;
  const domains = Array.from({ length: n }, () =>
    [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(-2, 4)))].sort((a, b) => a - b),
  );
  const name = (i: number) => (asArray ? `x[${i}]` : `v${i}`);
  const vars = asArray
    ? `<array id="x" size="[${n}]">${domains.map((d, i) => `<domain for="x[${i}]">${d.join(' ')}</domain>`).join('')}</array>`
    : domains.map((d, i) => `<var id="v${i}">${d.join(' ')}</var>`).join('');
  const used = new Set<number>();
  const tests: ((a: readonly number[]) => boolean)[] = [];
  const cons: string[] = [];
  const pair = () => {
    const x = rng.int(0, n - 1);
    const y = (x + rng.int(1, n - 1)) % n;
    used.add(x).add(y);
    return [x, y] as const;
  };
  for (let c = rng.int(1, 3); c > 0; c--) {
    const kind = rng.int(0, 4);
    if (kind === 0) {
      const vs = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, rng.int(2, n));
      for (const v of vs) used.add(v);
      cons.push(`<allDifferent>${vs.map(name).join(' ')}</allDifferent>`);
      tests.push((a) => new Set(vs.map((v) => a[v])).size === vs.length);
    } else if (kind === 1) {
      const [x, y] = pair();
      const tuples = Array.from({ length: rng.int(0, 5) }, () => [rng.int(0, 3) ? String(rng.int(-2, 4)) : '*', String(rng.int(-2, 4))]);
      const supports = rng.int(0, 1) === 1;
      const tag = supports ? 'supports' : 'conflicts';
      cons.push(
        `<extension><list>${name(x)} ${name(y)}</list><${tag}>${tuples.map((t) => `(${t[0]},${t[1]})`).join('')}</${tag}></extension>`,
      );
      tests.push((a) => tuples.some((t) => (t[0] === '*' || Number(t[0]) === a[x]) && Number(t[1]) === a[y]) === supports);
    } else if (kind === 2) {
      const [x, y] = pair();
      const [expr, f] = pick(rng, predicates);
      // Half as a <group> with the predicate as its template, half written out.
      cons.push(
        rng.int(0, 1)
          ? `<group><intension>${expr}</intension><args>${name(x)} ${name(y)}</args></group>`
          : `<intension>${expr.replaceAll('%0', name(x)).replaceAll('%1', name(y))}</intension>`,
      );
      tests.push((a) => f(a[x] as number, a[y] as number));
    } else if (kind === 3) {
      const x = rng.int(0, n - 1);
      used.add(x);
      const value = pick(rng, domains[x] as number[]) + rng.int(0, 1);
      cons.push(`<instantiation><list>${name(x)}</list><values>${value}</values></instantiation>`);
      tests.push((a) => a[x] === value);
    } else {
      const x = rng.int(0, n - 1);
      used.add(x);
      const set = [rng.int(-2, 4), rng.int(-2, 4)];
      const supports = rng.int(0, 1) === 1;
      const tag = supports ? 'supports' : 'conflicts';
      cons.push(`<extension><list>${name(x)}</list><${tag}>${set.join(' ')}</${tag}></extension>`);
      tests.push((a) => set.includes(a[x] as number) === supports);
    }
  }
  let unusedFactor = 1;
  for (let i = 0; i < n; i++) if (!used.has(i)) unusedFactor *= (domains[i] as number[]).length;
  return {
    text: `<instance format="XCSP3" type="CSP"><variables>${vars}</variables><constraints>${cons.join('\n')}</constraints></instance>`,
    domains,
    holds: (a) => tests.every((t) => t(a)),
    unusedFactor,
  };
}

describe('counts and unsat claims agree with brute force over source values', () => {
  it('JSON models (every constraint type, arrays, repeated variables)', () => {
    const rng = Rng.seeded(41);
    const outcomes = { sat: 0, unsat: 0 };
    for (let t = 0; t < 200; t++) {
      const g = jsonModel(rng);
      const truth = countAssignments(g.domains, g.holds);
      outcomes[truth > 0 ? 'sat' : 'unsat']++;
      expectAgrees(() => parseJsonModel(g.text, `m${t}.json`), truth, `model ${t}: ${g.text}`);
    }
    expect(outcomes.sat).toBeGreaterThan(60);
    expect(outcomes.unsat).toBeGreaterThan(60);
  });

  it('XCSP3 (intension, extension with *, allDifferent, instantiation, groups, arrays)', () => {
    const rng = Rng.seeded(42);
    const outcomes = { sat: 0, unsat: 0 };
    for (let t = 0; t < 200; t++) {
      const g = xcsp3(rng, PREDICATES);
      const truth = countAssignments(g.domains, g.holds) / (g.unusedFactor as number);
      outcomes[truth > 0 ? 'sat' : 'unsat']++;
      expectAgrees(() => parseXcsp3(g.text, `i${t}.xml`), truth, `instance ${t}: ${g.text}`);
    }
    expect(outcomes.sat).toBeGreaterThan(60);
    expect(outcomes.unsat).toBeGreaterThan(60);
  });

  it('XCSP3 division and modulo by a variable that can be zero (the constraint does not hold there)', () => {
    const rng = Rng.seeded(43);
    for (let t = 0; t < 100; t++) {
      const g = xcsp3(rng, DIVIDING);
      const truth = countAssignments(g.domains, g.holds) / (g.unusedFactor as number);
      expectAgrees(() => parseXcsp3(g.text, `d${t}.xml`), truth, `instance ${t}: ${g.text}`);
    }
  });

  it('graph colouring (every proper colouring counted, no colour symmetry broken)', () => {
    const rng = Rng.seeded(44);
    const outcomes = { sat: 0, unsat: 0 };
    for (let t = 0; t < 200; t++) {
      const v = rng.int(1, 7);
      const edges: [number, number][] = [];
      for (let a = 1; a <= v; a++) for (let b = a + 1; b <= v; b++) if (rng.float() < 0.5) edges.push(rng.int(0, 1) ? [a, b] : [b, a]);
      const k = rng.int(1, 4);
      const text = `p edge ${v} ${edges.length}\n${edges.map(([a, b]) => `e ${a} ${b}`).join('\n')}\n`;
      const colours = Array.from({ length: k }, (_, c) => c + 1);
      const truth = countAssignments(
        Array.from({ length: v }, () => colours),
        (c) => edges.every(([a, b]) => c[a - 1] !== c[b - 1]),
      );
      outcomes[truth > 0 ? 'sat' : 'unsat']++;
      expectAgrees(() => colouringInstance(parseCol(text, `g${t}.col`), k), truth, `graph ${t} with ${k} colours: ${text}`);
    }
    expect(outcomes.sat).toBeGreaterThan(40);
    expect(outcomes.unsat).toBeGreaterThan(40);
  });

  it('4x4 sudoku grids (the grid search and the generic engine)', () => {
    const rng = Rng.seeded(45);
    const outcomes = { sat: 0, unsat: 0 };
    for (let t = 0; t < 200; t++) {
      const puzzle = Array.from({ length: 16 }, () => (rng.float() < 0.3 ? String(rng.int(1, 4)) : '.')).join('');
      const givens = Int32Array.from(puzzle, (ch) => (ch === '.' ? -1 : Number(ch) - 1));
      const truth = sudoku4Count(puzzle);
      outcomes[truth > 0 ? 'sat' : 'unsat']++;
      const parse = (): Instance => ({
        format: 'sudoku',
        name: puzzle,
        problem: sudokuProblem(2, givens),
        source: { format: 'sudoku', puzzle },
        render: renderSudoku,
        labelled: renderSudoku,
      });
      expectAgrees(parse, truth, `grid ${puzzle}`);
      expect(solveInstance(parse(), { count: true, varOrder: 'mindom' }).count, `grid ${puzzle}, generic engine`).toBe(truth);
    }
    expect(outcomes.sat).toBeGreaterThan(60);
    expect(outcomes.unsat).toBeGreaterThan(60);
  });

  it('small CNFs', () => {
    const rng = Rng.seeded(46);
    const outcomes = { sat: 0, unsat: 0 };
    for (let t = 0; t < 200; t++) {
      const { text, clauses, vars } = randomCnf(rng, rng.int(1, 8), rng.float() * 6);
      const truth = countAssignments(
        Array.from({ length: vars }, () => [0, 1]),
        (a) => clauses.every((c) => c.some((l) => a[Math.abs(l) - 1] === (l > 0 ? 1 : 0))),
      );
      outcomes[truth > 0 ? 'sat' : 'unsat']++;
      expectAgrees(() => parseCnf(text, `f${t}.cnf`), truth, `formula ${t}: ${text}`);
    }
    expect(outcomes.sat).toBeGreaterThan(40);
    expect(outcomes.unsat).toBeGreaterThan(40);
  });
});

describe('CNF satisfiability agrees with cadical', () => {
  it('on 100 random 3-CNFs at the threshold (4.26 clauses per variable)', async () => {
    const rng = Rng.seeded(47);
    const formulas = Array.from({ length: 100 }, () => randomCnf(rng, rng.int(15, 30), 4.26, 3).text);
    // Started together: a process start costs more than cadical's solve on these sizes.
    const verdicts = await Promise.all(formulas.map(cadical));
    const outcomes = { sat: 0, unsat: 0 };
    formulas.forEach((text, t) => {
      const truth = verdicts[t] as 'sat' | 'unsat';
      outcomes[truth]++;
      expect(solveInstance(parseCnf(text, `r${t}.cnf`), {}).status, `formula ${t}:\n${text}`).toBe(truth);
    });
    expect(outcomes.sat).toBeGreaterThan(20);
    expect(outcomes.unsat).toBeGreaterThan(20);
  });
});

/** cadical's verdict on a DIMACS text (exit 10 SAT, 20 UNSAT). Without cadical this fails, so the test cannot pass vacuously. */
function cadical(text: string): Promise<'sat' | 'unsat'> {
  return new Promise((resolve, reject) => {
    const p = spawn('cadical', ['-q'], { stdio: ['pipe', 'ignore', 'inherit'] });
    p.on('error', (e) => reject(new Error(`cadical did not run (make tools installs it): ${e.message}`)));
    p.on('close', (code) => {
      if (code === 10) resolve('sat');
      else if (code === 20) resolve('unsat');
      else reject(new Error(`cadical exited with ${code}`));
    });
    p.stdin.end(text);
  });
}

/** A random CNF over `vars` variables with about ratio·vars clauses of 1..3 literals (exactly `width` when given). */
function randomCnf(rng: Rng, vars: number, ratio: number, width?: number): { text: string; clauses: number[][]; vars: number } {
  const clauses = Array.from({ length: Math.round(ratio * vars) }, () =>
    Array.from({ length: width ?? rng.int(1, 3) }, () => rng.int(1, vars) * (rng.int(0, 1) ? 1 : -1)),
  );
  return { text: `p cnf ${vars} ${clauses.length}\n${clauses.map((c) => `${c.join(' ')} 0`).join('\n')}\n`, clauses, vars };
}

/** Completions of a 4x4 puzzle, by depth-first enumeration of cells in order under the rules. */
function sudoku4Count(puzzle: string): number {
  const grid = Array.from(puzzle, (ch) => (ch === '.' ? 0 : Number(ch)));
  const clash = (i: number, v: number) => {
    for (let j = 0; j < 16; j++) {
      if (j === i || grid[j] !== v) continue;
      const sameRow = j >> 2 === i >> 2;
      const sameCol = (j & 3) === (i & 3);
      const sameBox = j >> 3 === i >> 3 && (j & 2) === (i & 2);
      if (sameRow || sameCol || sameBox) return true;
    }
    return false;
  };
  for (let i = 0; i < 16; i++) if (grid[i] !== 0 && clash(i, grid[i] as number)) return 0;
  const fill = (i: number): number => {
    if (i === 16) return 1;
    if (puzzle[i] !== '.') return fill(i + 1);
    let n = 0;
    for (let v = 1; v <= 4; v++)
      if (!clash(i, v)) {
        grid[i] = v;
        n += fill(i + 1);
        grid[i] = 0;
      }
    return n;
  };
  return fill(0);
}
