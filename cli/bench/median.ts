// The bench sections' median is the one encoder/evaluate.ts uses too (cli may import encoder, not the reverse).
export { median } from '../../encoder/median.js';
