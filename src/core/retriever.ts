/**
 * The Retriever interface: every store (embedded, weaviate, pgvector, qdrant, vectorize) implements it.
 * @module
 */
import type { Candidate } from "./candidate.ts";
import type { CompareOperator, QueryPlan, SearchKind } from "./plan.ts";

/**
 * What a store can do. The pipeline refuses a plan outside it once, before `retrieve`, with a
 * coded error (`src/pipeline/capabilities.ts`); stores do not check these again.
 */
export interface RetrieverCapabilities {
  readonly modes: ReadonlySet<SearchKind>;
  readonly filters: boolean;
  /** Leaf `where` operators the store can evaluate; absent = every operator. */
  readonly filterOperators?: ReadonlySet<CompareOperator>;
  readonly sort: boolean;
  readonly groupBy: boolean;
  readonly cursor: boolean;
  /** bm25 / hybrid `searchOperator` options; absent = all of them. */
  readonly bm25?: { readonly minimumOrTokensMatch: boolean };
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
