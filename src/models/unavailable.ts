/**
 * The error of a model that is configured correctly but not on disk yet (not pulled, not
 * generated, folder not copied). Pulling or copying the files fixes it without a restart, so
 * callers treat it as "not yet" rather than as a configuration mistake.
 * @module
 */

/** A known model (manifest id, `synthetic-*` or folder/file path) whose files are missing. */
export class ModelUnavailableError extends Error {
  override name = "ModelUnavailableError";
}

/** True when `err` or one of its causes is a {@link ModelUnavailableError}. */
export function isModelUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof ModelUnavailableError) return true;
  }
  return false;
}
