/** A colouring against the edges as listed: one colour 1..colours per vertex, the ends of every edge differ. */
export function checkColouringSolution(vertices: number, colours: number, edges: Int32Array, colouring: readonly number[]): string | null {
  if (colouring.length !== vertices) return `solution colours ${colouring.length} vertices, the graph has ${vertices}`;
  for (let v = 0; v < vertices; v++) {
    const c = colouring[v] as number;
    if (!(Number.isInteger(c) && c >= 1 && c <= colours)) return `vertex ${v + 1} has colour ${c}, not one of 1..${colours}`;
  }
  for (let e = 0; e < edges.length; e += 2) {
    const u = edges[e] as number;
    const v = edges[e + 1] as number;
    if (colouring[u - 1] === colouring[v - 1]) return `edge ${u}-${v}: both ends have colour ${colouring[u - 1]}`;
  }
  return null;
}
