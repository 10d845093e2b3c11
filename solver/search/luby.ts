/** The Luby sequence 1, 1, 2, 1, 1, 2, 4, 1, 1, 2, 1, 1, 2, 4, 8, … (term i, from i = 1): restart budgets. */
export function luby(i: number): number {
  for (;;) {
    let k = 1;
    while (2 ** k - 1 < i) k++;
    if (i === 2 ** k - 1) return 2 ** (k - 1);
    // Terms 2^(k-1) .. 2^k - 2 repeat the sequence from its start.
    i -= 2 ** (k - 1) - 1;
  }
}
