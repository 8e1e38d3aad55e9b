/**
 * The part of Cloudflare's `VectorizeIndex` binding (workers-types) the store uses, typed locally
 * so the gateway needs no `@cloudflare/workers-types` dependency.
 * @module
 */

/** Metadata values Vectorize stores (only string, number and boolean are filterable). */
export type VectorizeMetadataValue = string | number | boolean | string[] | null;

/** Comparison operators of a metadata filter. */
export interface VectorizeOps {
  $eq?: string | number | boolean;
  $ne?: string | number | boolean;
  $lt?: string | number;
  $lte?: string | number;
  $gt?: string | number;
  $gte?: string | number;
  $in?: (string | number | boolean)[];
  $nin?: (string | number | boolean)[];
}

/** A metadata filter: top-level keys are ANDed (Vectorize has no Or). */
export type VectorizeFilter = Record<string, VectorizeOps>;

/** Options of `query` (`returnMetadata`: workers-types' `boolean | "none" | "indexed" | "all"`). */
export interface VectorizeQueryOptions {
  topK?: number;
  namespace?: string;
  returnValues?: boolean;
  returnMetadata?: boolean | "none" | "indexed" | "all";
  filter?: VectorizeFilter;
}

/** One stored vector. */
export interface VectorizeVector {
  id: string;
  values: number[] | Float32Array | Float64Array;
  namespace?: string;
  metadata?: Record<string, VectorizeMetadataValue>;
}

/** One match of a query: `score` is cosine similarity, euclidean distance or dot product. */
export interface VectorizeMatch {
  id: string;
  score: number;
  values?: number[] | Float32Array | Float64Array;
  namespace?: string;
  metadata?: Record<string, VectorizeMetadataValue>;
}

/** The answer of `query`. */
export interface VectorizeMatches {
  matches: VectorizeMatch[];
  count: number;
}

/** The binding (`env.VECTORIZE`), as far as the store uses it. */
export interface VectorizeBinding {
  query(
    vector: number[] | Float32Array | Float64Array,
    options?: VectorizeQueryOptions,
  ): Promise<VectorizeMatches>;
  getByIds(ids: string[]): Promise<VectorizeVector[]>;
}

/** Vectorize limits (developers.cloudflare.com/vectorize/platform/limits). */
export const VECTORIZE_LIMITS = {
  /** topK without values or metadata. */
  topK: 100,
  /** topK with `returnValues` or `returnMetadata: "all"`; also the getByIds chunk size. */
  topKWithMetadata: 20,
  /** Bytes of a string metadata value that are indexed (filters see only these). */
  stringIndexBytes: 64,
} as const;
