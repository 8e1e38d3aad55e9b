/**
 * The order of measured blocks in a side-by-side benchmark that runs several handlers in rounds.
 * @module
 */

/**
 * The handler order of round `r`: handler `r` first, then steps of 1, 2, ... (the step changes
 * each round), so over the rounds each handler follows each other one about equally often (a
 * plain rotation keeps every handler after the same predecessor). Steps sharing a factor with
 * `n` would repeat handlers; they fall back to 1.
 */
export function blockOrder(n: number, r: number): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = n > 1 ? 1 + (r % (n - 1)) : 1;
  if (gcd(step, n) !== 1) step = 1;
  return Array.from({ length: n }, (_, j) => (r + j * step) % n);
}
