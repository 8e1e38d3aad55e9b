/**
 * The embedded store's vectors when the vectorizer's model may not be on disk yet. At start-up the
 * index is built as usual; if that fails only because the model is unavailable (not pulled yet),
 * the store starts without vectors: list, bm25, where and sort still work, and every search that
 * needs vectors builds them first. That build is shared by concurrent queries and memoised once it
 * succeeds; a failure is not kept, so the first query after `deno task models pull <id>` succeeds
 * without a restart. Any other vectorizer failure still stops start-up, as before.
 * @module
 */
import { isModelUnavailable } from "../../models/unavailable.ts";
import { abortable } from "../../core/abortable.ts";
import type { StoredObject } from "./load.ts";
import {
  buildVectorIndex,
  type BuildVectorIndexOptions,
  type VectorIndex,
} from "./vector_index.ts";

/** The vectors of a collection, built now or at the first search that needs them. */
export interface LazyVectorIndex {
  /** The index once built; `undefined` while the model is unavailable. */
  readonly current: VectorIndex | undefined;
  /** The index, building it first if start-up could not; rejects with the build's error. */
  get(signal: AbortSignal): Promise<VectorIndex>;
}

/** Options of {@link startVectorIndex}. */
export interface StartVectorIndexOptions extends BuildVectorIndexOptions {
  /** Receives the start-up warning when the build is deferred; default `console.error`. */
  readonly warn?: (line: string) => void;
}

/**
 * Builds the index at start-up, or defers it when the vectorizer's model is unavailable (see the
 * module docs). Aborts and other failures reject as {@link buildVectorIndex} does.
 */
export async function startVectorIndex(
  objects: readonly StoredObject[],
  opts: StartVectorIndexOptions,
): Promise<LazyVectorIndex> {
  let current: VectorIndex | undefined;
  try {
    current = await buildVectorIndex(objects, opts);
  } catch (err) {
    if (opts.signal.aborted || !isModelUnavailable(err)) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    (opts.warn ?? console.error)(
      `warning: ${msg}\n  class ${opts.collection.class} serves list, bm25 and filters now; ` +
        "vector searches fail until the model is there, then the vectors are built at the first one",
    );
  }
  let building: Promise<VectorIndex> | undefined;
  return {
    get current() {
      return current;
    },
    get(signal) {
      if (current) return Promise.resolve(current);
      if (!building) {
        // The build serves every waiting query: it must not die with the first one's signal.
        const attempt = buildVectorIndex(objects, {
          ...opts,
          signal: new AbortController().signal,
          deferred: true,
        });
        building = attempt;
        attempt.then((index) => current = index, () => {
          if (building === attempt) building = undefined;
        });
      }
      return abortable(building, signal);
    },
  };
}
