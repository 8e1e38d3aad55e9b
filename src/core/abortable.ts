/**
 * Cancellation for work that takes no AbortSignal itself (Worker bindings, PGlite, a shared
 * session creation): the caller stops waiting as soon as its signal aborts.
 * @module
 */

/**
 * Races `run` against `signal`: rejects with the signal's reason as soon as it aborts (at once
 * when it already has) and calls `cancel` so the work stops upstream too where it can. The work
 * itself goes on when it cannot be cancelled (other callers may share it).
 */
export function abortable<T>(
  run: Promise<T>,
  signal: AbortSignal,
  cancel: () => void = () => {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // `run` may have aborted the signal before it returned, when no abort event is left to hear.
    if (signal.aborted) {
      cancel();
      return reject(signal.reason);
    }
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
