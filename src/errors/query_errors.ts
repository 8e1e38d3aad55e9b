/**
 * The query error catalogue: every client-facing error text of a `Get` class field, keyed by a
 * stable code. Texts are Weaviate's where Weaviate has the case (graphql-go resolver errors),
 * otherwise the gateway's own, worded the same way. Each becomes a {@link QueryError}
 * (`{"message", "path": ["Get", "C"]}`, HTTP 200, sibling classes answered).
 * @module
 */
import { QueryError } from "./query_error.ts";

/** Text builders by code. */
export const QUERY_ERRORS = {
  // Search arguments (plan compiler).
  distance_and_certainty: () => "cannot provide distance and certainty",
  near_vector_missing: () => "vector or vectorPerTarget is required field",
  multi_vector: () => "multi-vector (list of vectors) search is not supported by this gateway",
  near_and_bm25: () =>
    "conflict: both near<Media> and keyword-based (bm25) arguments present, choose one",
  bm25_query_missing: () => "keyword search (bm25) must have query set",
  near_conflict: (a: string, b: string) =>
    `found both '${a}' and '${b}' parameters which are conflicting, choose one instead`,
  near_object_no_id: () => "nearObject params: empty id and beacon",
  hybrid_alpha: () => "alpha should be between 0.0 and 1.0",
  hybrid_two_searches: () => "hybrid search cannot have both nearText and nearVector parameters",
  hybrid_vector_and_search: () => "cannot have both vector and nearTextParams or nearVectorParams",
  // where filters.
  filter_no_operator: () => "could not extract filters: operator is required",
  filter_no_operands: (op: string) => `could not extract filters: operator ${op} requires operands`,
  filter_no_path: () => "could not extract filters: path is required",
  filter_no_value: (op: string) =>
    `could not extract filters: got operator ${op} but no value<Type> field set`,
  filter_many_values: () => "could not extract filters: found more than one value<Type> field set",
  // groupBy, sort, cursor, pagination.
  group_by_path: () => "groupBy path must have exactly one element",
  sort_with_search: (kind: string) => `${kind} search is not compatible with sort`,
  legacy_group: () => "the legacy 'group' argument is not supported by this gateway; use groupBy",
  cursor_with_search: () =>
    "cursor api: invalid 'after' parameter: other params cannot be set with after and limit " +
    "parameters",
  cursor_with: (params: string) =>
    `cursor api: invalid 'after' parameter: ${params} cannot be set with after and limit parameters`,
  query_maximum_results: (offset: number, limit: number, maximum: number) =>
    `query maximum results exceeded: the total limit calculated from the provided offset ` +
    `'${offset}' and limit '${limit}' exceeds the configured value for QUERY_MAXIMUM_RESULTS ` +
    `'${maximum}'`,
  not_finite: (search: string, name: string, value: number) =>
    `${search}: ${name} must be a finite number, got ${value}`,
  outside_float32: (search: string, name: string, value: number) =>
    `${search}: ${name} is outside the float32 range: ${value}`,
  distance_overflow: (d: number) =>
    `distance overflows float32 (${d}): the query vector's components are too large`,
  // Store capabilities (pipeline, before retrieve).
  store_search: (className: string, kind: string) =>
    `the store of class ${className} does not support ${kind} search`,
  store_filters: (className: string) =>
    `the store of class ${className} does not support where filters`,
  store_operator: (className: string, operator: string) =>
    `the store of class ${className} does not support the where operator ${operator}`,
  store_group_by: (className: string) => `the store of class ${className} does not support groupBy`,
  store_sort: (className: string) => `the store of class ${className} does not support sort`,
  store_cursor: (className: string) =>
    `the store of class ${className} does not support the after cursor`,
  store_bm25_option: (className: string, option: string) =>
    `the store of class ${className} does not support bm25 ${option}`,
  // rerank (pipeline).
  rerank_no_property: (prefix: string) => `${prefix}extend rerank: no properties provided`,
  rerank_no_reranker: (prefix: string) => `${prefix}extend rerank: no reranker configured`,
  rerank_failed: (prefix: string, message: string) =>
    `${prefix}extend rerank: client rank: ${message}`,
  rerank_score_count: (prefix: string, scores: number, documents: number) =>
    `${prefix}extend rerank: client rank: reranker returned ${scores} scores for ${documents} ` +
    "documents",
  // The gateway's rerank extensions (collections[].rerank).
  rerank_property_and_properties: () =>
    "rerank: property and properties cannot both be set, choose one",
  rerank_bad_argument: (name: string, value: number, expected: string) =>
    `rerank: ${name} must be ${expected}, got ${value}`,
  rerank_window_group_by: () => "rerank: window cannot be combined with groupBy",
  rerank_window_maximum: (window: number, maximum: number) =>
    `rerank: window ${window} exceeds the configured value for QUERY_MAXIMUM_RESULTS ` +
    `'${maximum}'`,
  rerank_timeout: (prefix: string, ms: number) =>
    `${prefix}extend rerank: client rank: no answer within timeoutMs ${ms} ms`,
  rerank_timeout_fallback: (ms: number) =>
    `rerank: the reranker gave no answer within timeoutMs ${ms} ms; the results are in ` +
    "retrieval order without rerank scores (onTimeout: retrievalOrder)",
} as const;

/** A code of the catalogue. */
export type QueryErrorCode = keyof typeof QUERY_ERRORS;

/** The {@link QueryError} of `code` with its text built from `args`. */
export function queryError<C extends QueryErrorCode>(
  code: C,
  ...args: Parameters<typeof QUERY_ERRORS[C]>
): QueryError {
  const build = QUERY_ERRORS[code] as (...a: unknown[]) => string;
  return new QueryError(build(...args), { code });
}
