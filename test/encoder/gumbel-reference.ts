/**
 * Gumbel-max in plain TypeScript, the reference the tfjs samplers are checked against: for each row
 * of `k`, the index of the largest logit + noise (`logits` is one row repeated, or one per row).
 */
export function gumbelArgmax(logits: ArrayLike<number>, noise: ArrayLike<number>, k: number): number[] {
  const score = (i: number) => (logits[i % logits.length] as number) + (noise[i] as number);
  const out: number[] = [];
  for (let r = 0; r * k < noise.length; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (score(r * k + j) > score(r * k + best)) best = j;
    out.push(best);
  }
  return out;
}
