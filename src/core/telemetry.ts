/**
 * The observability port of one request: stage timings for `Server-Timing`, and what the metrics
 * registry counts (retrieve and rerank time, documents reranked, upstream errors by provider).
 * The HTTP layer implements it per request (`http/metrics.ts`); the pipeline and the GraphQL
 * executor only report to it. Labels are config-bounded names (class, module, store kind), never
 * request values, keys or headers.
 * @module
 */

/** The stages a GraphQL response's `Server-Timing` header reports. */
export type Stage = "parse" | "retrieve" | "rerank" | "encode";

/** Receives what one request did; every method is cheap and never throws. */
export interface RequestTelemetry {
  /** Adds `ms` to a stage of this request (several class fields add up). */
  stage(stage: Stage, ms: number): void;
  /** One retrieval of `collection` from a store of kind `store`. */
  retrieved(collection: string, store: string, ms: number): void;
  /** One rerank call of module `reranker` over `documents` documents. */
  reranked(reranker: string, documents: number, ms: number): void;
  /** A provider or upstream store failed (`provider`: a module name or a store kind). */
  upstreamError(provider: string): void;
}

/** Telemetry that records nothing (tests, callers without an HTTP request). */
export const NO_TELEMETRY: RequestTelemetry = {
  stage() {},
  retrieved() {},
  reranked() {},
  upstreamError() {},
};

/** Milliseconds since `start` (a `performance.now()` value). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
