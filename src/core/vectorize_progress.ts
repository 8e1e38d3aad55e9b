/**
 * A progress bar for vectorizing a large collection at start-up: one stderr line per step
 * (`vectorizing Article [#####-----] 5120/10000 51%`), throttled, plus the final line.
 * @module
 */

/** Objects above which start-up vectorization reports progress. */
export const PROGRESS_MIN_OBJECTS = 1000;

/** Called after each vectorized chunk. */
export type VectorizeProgress = (done: number, total: number) => void;

/** `[#####-----] 5/10 50%`: the bar, the count and the percentage of a progress line. */
export function formatProgressBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  return `[${bar}] ${done}/${total} ${Math.floor(ratio * 100)}%`;
}

/** One progress line (no newline). */
export function formatVectorizeProgress(
  label: string,
  done: number,
  total: number,
  width = 24,
): string {
  return `vectorizing ${label} ${formatProgressBar(done, total, width)}`;
}

/** Writes progress lines through `write` (default `console.error`) at most every `intervalMs`. */
export function stderrProgress(
  label: string,
  opts: { write?: (line: string) => void; intervalMs?: number; now?: () => number } = {},
): VectorizeProgress {
  const write = opts.write ?? ((line: string) => console.error(line));
  const interval = opts.intervalMs ?? 2000;
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  return (done, total) => {
    const t = now();
    if (done < total && t - last < interval) return;
    last = t;
    write(formatVectorizeProgress(label, done, total));
  };
}
