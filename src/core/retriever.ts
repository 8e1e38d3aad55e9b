/**
 * The Retriever interface: every store (embedded, weaviate, pgvector, qdrant, vectorize) implements it.
 * @module
 */
import type { Candidate } from "./candidate.ts";
import type { QueryPlan, SearchKind } from "./plan.ts";

/** What a store can do; the pipeline refuses plans outside it with a clear error. */
export interface RetrieverCapabilities {
  readonly modes: ReadonlySet<SearchKind>;
  readonly filters: boolean;
  readonly sort: boolean;
  readonly groupBy: boolean;
  readonly cursor: boolean;
}

/** Options of one retrieval. */
export interface RetrieveOptions {
  readonly signal: AbortSignal;
  /** Request headers (lower-cased): provider keys (`X-Cohere-Api-Key`) for query vectorizers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Retrieves one page of candidates for a plan. Implementations apply the plan's filter, sort,
 * cursor, offset, limit and autocut exactly as Weaviate's DB layer does, and return candidates in
 * retrieval order. Grouping and reranking happen in the pipeline, not here.
 */
export interface Retriever {
  readonly capabilities: RetrieverCapabilities;
  retrieve(plan: QueryPlan, opts: RetrieveOptions): Promise<Candidate[]>;
}
