import { located } from '../api/user-error.js';
import type { Constraint } from '../model/problem.js';
import { fullDomains } from '../model/problem.js';
import { type Instance, MAX_VARIABLES } from './instance.js';

/**
 * DIMACS graph colouring (`.col`): `c` comments, one `p edge V E` (or `p col V E`) header, then
 * `e u v` lines with 1-based vertices. E counts `e` lines; an edge listed twice (either direction)
 * is kept once. `n` and `o` lines (vertex weights, known optimum) are ignored.
 */
export interface Graph {
  name: string;
  vertices: number;
  /** Unique edges as pairs (u < v, 0-based), u at 2k and v at 2k+1. */
  edges: Int32Array;
  /** Edges as listed (1-based, repeats kept), for the source check. */
  listed: Int32Array;
}

export function parseCol(text: string, file: string): Graph {
  let vertices = -1;
  let declared = 0;
  let headerLine = 0;
  let found = 0;
  const seen = new Set<number>();
  const pairs: number[] = [];
  const listed: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const t = (lines[i] as string).trim();
    if (t === '') continue;
    const f = t.split(/\s+/);
    switch (f[0]) {
      case 'c':
      case 'n':
      case 'o':
        continue;
      case 'p': {
        if (vertices >= 0) throw located(file, lineNo, 'second problem line');
        if (f.length !== 4 || (f[1] !== 'edge' && f[1] !== 'col')) throw located(file, lineNo, "expected 'p edge V E'");
        vertices = count(f[2] as string, file, lineNo, 'vertex count');
        if (vertices > MAX_VARIABLES) throw located(file, lineNo, `more than ${MAX_VARIABLES} vertices`);
        declared = count(f[3] as string, file, lineNo, 'edge count');
        headerLine = lineNo;
        continue;
      }
      case 'e': {
        if (vertices < 0) throw located(file, lineNo, "edge before the 'p edge V E' line");
        if (f.length !== 3) throw located(file, lineNo, "expected 'e u v'");
        const u = vertex(f[1] as string, vertices, file, lineNo);
        const v = vertex(f[2] as string, vertices, file, lineNo);
        if (u === v) throw located(file, lineNo, `self-loop on vertex ${u + 1} cannot be coloured`);
        found++;
        listed.push(u + 1, v + 1);
        const a = Math.min(u, v);
        const b = Math.max(u, v);
        const key = a * vertices + b;
        if (!seen.has(key)) {
          seen.add(key);
          pairs.push(a, b);
        }
        continue;
      }
      default:
        throw located(file, lineNo, `unknown line type '${f[0]}'`);
    }
  }
  if (vertices < 0) throw located(file, undefined, "missing 'p edge V E' line");
  if (found !== declared) throw located(file, headerLine, `header declares ${declared} edges but the file has ${found}`);
  return { name: file, vertices, edges: Int32Array.from(pairs), listed: Int32Array.from(listed) };
}

function count(s: string, file: string, line: number, what: string): number {
  if (!/^\d+$/.test(s)) throw located(file, line, `${what} '${s}' is not a non-negative integer`);
  return Number(s);
}

function vertex(s: string, vertices: number, file: string, line: number): number {
  if (!/^\d+$/.test(s)) throw located(file, line, `vertex '${s}' is not an integer`);
  const v = Number(s);
  if (v < 1 || v > vertices) throw located(file, line, `vertex ${v} out of range 1..${vertices}`);
  return v - 1;
}

/** The k-colouring problem of a graph: one variable per vertex, colours 1..k, one `neq` per edge. */
export function colouringInstance(g: Graph, k: number): Instance {
  const domSize = new Int32Array(g.vertices).fill(k);
  const constraints: Constraint[] = [];
  for (let e = 0; e < g.edges.length; e += 2) constraints.push({ kind: 'neq', x: g.edges[e] as number, y: g.edges[e + 1] as number });
  const colours = Int32Array.from({ length: k }, (_, c) => c + 1);
  const labelled = (values: Int32Array): number[] => Array.from(values, (c) => c + 1);
  return {
    format: 'col',
    name: g.name,
    problem: { domSize, init: fullDomains(domSize), constraints, labels: Array.from({ length: g.vertices }, () => colours) },
    source: { format: 'col', vertices: g.vertices, colours: k, edges: g.listed },
    render: (values) => `v ${labelled(values).join(' ')}`,
    labelled,
  };
}
