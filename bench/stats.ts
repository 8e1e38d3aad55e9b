/**
 * Latency statistics over per-request samples (milliseconds).
 * @module
 */

/** p50 / p99 / mean of a sample set, in ms. */
export interface LatencySummary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** Nearest-rank percentile `q` (0..1) of an ascending array. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Summarises samples (any order). */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean,
  };
}

/** Formats milliseconds with 3 decimals (µs resolution). */
export function ms(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : "n/a";
}

/** Formats a ratio such as `2.41×`. */
export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "n/a";
}
