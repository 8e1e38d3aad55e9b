/**
 * Download progress: a throttled text progress bar (`bytes/total`) for a terminal. Pure
 * formatting; the caller decides where the text goes (the CLI writes it to stderr).
 * @module
 */

/** One progress report of a file download. */
export interface ProgressEvent {
  file: string;
  received: number;
  /** Total bytes, when the manifest or `Content-Length` gives it. */
  total?: number;
  done: boolean;
}

/** Receives progress reports. */
export type ProgressSink = (event: ProgressEvent) => void;

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** One progress line (no newline): `model.onnx [#####-----] 43.4/86.8 MiB 50%`. */
export function formatProgress(e: ProgressEvent, width = 24): string {
  if (e.total === undefined || e.total === 0) return `${e.file} ${mib(e.received)} MiB`;
  const ratio = Math.min(1, e.received / e.total);
  const filled = Math.round(ratio * width);
  const bar = "#".repeat(filled) + "-".repeat(width - filled);
  return `${e.file} [${bar}] ${mib(e.received)}/${mib(e.total)} MiB ${Math.floor(ratio * 100)}%`;
}

/** A sink redrawing one line through `write` at most every `intervalMs` (and on completion). */
export function progressBar(
  write: (text: string) => void,
  opts: { intervalMs?: number; now?: () => number } = {},
): ProgressSink {
  const interval = opts.intervalMs ?? 200;
  const now = opts.now ?? Date.now;
  let last = -Infinity;
  return (e) => {
    const t = now();
    if (!e.done && t - last < interval) return;
    last = t;
    write(`\r${formatProgress(e)}\x1b[K${e.done ? "\n" : ""}`);
  };
}
