/**
 * Cancellation for upstream calls that take no AbortSignal themselves (Worker bindings, PGlite).
 * @module
 */

/**
 * Races `run` against `signal`: rejects with the signal's reason as soon as it aborts and calls
 * `cancel` so the work stops upstream too where it can.
 */
export function abortable<T>(
  run: Promise<T>,
  signal: AbortSignal,
  cancel: () => void = () => {},
): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
