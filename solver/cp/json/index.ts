export { JsonSpace } from './json-space.js';
export { jsonModelText, solveJsonModel } from './solve-json.js';
