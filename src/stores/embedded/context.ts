/**
 * The loaded state the embedded store's search paths share, and their internal hit shape.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import type { Vectorizer } from "../../core/vectorizer.ts";
import type { Bm25Index } from "./bm25.ts";
import type { StoredObject } from "./load.ts";
import type { QueryVectorContext } from "../../search/query_vector.ts";
import type { VectorIndex } from "./vector_index.ts";

/** Everything built at load time. */
export interface StoreState {
  readonly collection: CollectionConfig;
  readonly objects: readonly StoredObject[];
  /** Object positions by lower-case id. */
  readonly byId: ReadonlyMap<string, number>;
  /** Object positions in ascending id order (list path and cursor). */
  readonly idOrder: readonly number[];
  readonly vectors: VectorIndex;
  readonly bm25: Bm25Index;
  readonly vectorizer?: Vectorizer;
  /** The class's stop words (filters). */
  readonly stopwords: ReadonlySet<string>;
}

/** One result before it becomes a `Candidate`. */
export interface Hit {
  readonly index: number;
  readonly distance?: number;
  readonly certainty?: number;
  readonly score?: number;
  readonly explainScore?: string;
}

/** The query-vector context of a state for one request. */
export function queryVectorContext(state: StoreState, signal: AbortSignal): QueryVectorContext {
  return {
    className: state.collection.class,
    vectorizer: state.vectorizer,
    lookup: (id) => {
      const index = state.byId.get(id.toLowerCase());
      if (index === undefined) return Promise.resolve(undefined);
      const v = state.vectors.vector(index);
      return Promise.resolve(v ? Array.from(v) : null);
    },
    signal,
  };
}

/** `candidates` (object positions) as a mask over `size` objects: 1 = candidate. */
export function candidateMask(candidates: readonly number[], size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (const i of candidates) mask[i] = 1;
  return mask;
}
