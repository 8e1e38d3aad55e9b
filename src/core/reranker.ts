/**
 * The Reranker interface: dummy, cross-encoder (WASM), Cohere and HTTP providers implement it.
 * @module
 */

/** One score, mapped back to the input position. */
export interface RerankScore {
  readonly index: number;
  readonly score: number;
}

/** Options of one rerank call. */
export interface RerankOptions {
  readonly signal: AbortSignal;
  /** Request headers (lower-cased names) for providers that read keys from `X-*` headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Cumulative counters a reranker may expose (read at each `/metrics` scrape); each field only
 * where the reranker knows it.
 */
export interface RerankerStats {
  /** Tokens of the query/document pairs it ran through a model (cache hits excluded). */
  readonly tokens?: number;
  /** Score-cache hits and misses. */
  readonly cacheHits?: number;
  readonly cacheMisses?: number;
  /** Seconds its model took to load (files read and compiled), once loaded. */
  readonly modelLoadSeconds?: number;
}

/**
 * Scores documents against a query. Called once per result page (never per object); batching to
 * the provider's `maxDocuments` happens inside. Returns one score per document, any order.
 */
export interface Reranker {
  /** Weaviate module name, e.g. `reranker-dummy`. */
  readonly name: string;
  readonly maxDocuments: number;
  /** Extra fields of the module's `/v1/meta` entry (a local model reports model and backend). */
  meta?(): Readonly<Record<string, unknown>>;
  /** Cumulative counters for `/metrics` (a local model reports tokens, cache hits, load time). */
  stats?(): RerankerStats;
  rerank(query: string, documents: readonly string[], opts: RerankOptions): Promise<RerankScore[]>;
}
