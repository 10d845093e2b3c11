import type { Graph } from './dimacs-col.js';

/** Neighbour lists of a graph (CSR). */
function adjacency(g: Graph): { start: Int32Array; adj: Int32Array } {
  const start = new Int32Array(g.vertices + 1);
  for (const v of g.edges) start[v + 1] = (start[v + 1] as number) + 1;
  for (let i = 0; i < g.vertices; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, g.vertices);
  const adj = new Int32Array(g.edges.length);
  for (let e = 0; e < g.edges.length; e += 2) {
    const u = g.edges[e] as number;
    const v = g.edges[e + 1] as number;
    adj[fill[u] as number] = v;
    adj[fill[v] as number] = u;
    fill[u] = (fill[u] as number) + 1;
    fill[v] = (fill[v] as number) + 1;
  }
  return { start, adj };
}

/**
 * DSATUR (Brélaz): colour next the uncoloured vertex with the most distinct neighbour colours (ties:
 * most uncoloured neighbours), with its smallest free colour. Returns 0-based colours; their count is
 * an upper bound on the chromatic number.
 */
export function dsatur(g: Graph): Int32Array {
  const n = g.vertices;
  const { start, adj } = adjacency(g);
  const colour = new Int32Array(n).fill(-1);
  const seen: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  const freeDegree = Int32Array.from({ length: n }, (_, v) => (start[v + 1] as number) - (start[v] as number));
  for (let step = 0; step < n; step++) {
    let best = -1;
    for (let v = 0; v < n; v++) {
      if (colour[v] !== -1) continue;
      if (
        best < 0 ||
        (seen[v] as Set<number>).size > (seen[best] as Set<number>).size ||
        ((seen[v] as Set<number>).size === (seen[best] as Set<number>).size && (freeDegree[v] as number) > (freeDegree[best] as number))
      )
        best = v;
    }
    let c = 0;
    while ((seen[best] as Set<number>).has(c)) c++;
    colour[best] = c;
    for (let k = start[best] as number; k < (start[best + 1] as number); k++) {
      const u = adj[k] as number;
      (seen[u] as Set<number>).add(c);
      freeDegree[u] = (freeDegree[u] as number) - 1;
    }
  }
  return colour;
}

/** Size of a clique found greedily from every start vertex (neighbours by degree): a lower bound on the chromatic number. */
export function greedyCliqueSize(g: Graph): number {
  const n = g.vertices;
  const { start, adj } = adjacency(g);
  const edge = new Set<number>();
  for (let e = 0; e < g.edges.length; e += 2) edge.add((g.edges[e] as number) * n + (g.edges[e + 1] as number));
  const linked = (a: number, b: number) => edge.has(Math.min(a, b) * n + Math.max(a, b));
  const degree = (v: number) => (start[v + 1] as number) - (start[v] as number);
  let best = Math.min(n, 1);
  for (let v = 0; v < n; v++) {
    const cand = Array.from(adj.subarray(start[v] as number, start[v + 1] as number)).sort((a, b) => degree(b) - degree(a));
    const clique = [v];
    for (const u of cand) if (clique.every((w) => linked(u, w))) clique.push(u);
    best = Math.max(best, clique.length);
  }
  return best;
}
