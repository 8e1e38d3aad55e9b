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
  // Search arguments (plan compiler). Weaviate wraps the extraction errors of its GraphQL
  // resolver (adapters/handlers/graphql/local/get/class_builder_fields.go) and of its explorer
  // (usecases/traverser/explorer.go, near_params_vector.go); the prefixes are part of the text.
  distance_and_certainty: (search: "nearVector" | "nearObject") =>
    `failed to extract ${search} params: cannot provide distance and certainty`,
  near_text_distance_and_certainty: () =>
    "explorer: get class: vectorize params: nearText cannot provide both distance and certainty",
  near_vector_missing: () =>
    "failed to extract nearVector params: vector or vectorPerTarget is required field",
  multi_vector: () => "multi-vector (list of vectors) search is not supported by this gateway",
  near_and_bm25: () =>
    "conflict: both near<Media> and keyword-based (bm25) arguments present, choose one",
  bm25_query_missing: () => "keyword search (bm25) must have query set",
  near_conflict: (a: string, b: string) =>
    `explorer: get class: vectorize params: found both '${a}' and '${b}' parameters which are ` +
    "conflicting, choose one instead",
  near_conflict_three: () =>
    "explorer: get class: vectorize params: found 'nearText' and 'nearVector' and 'nearObject' " +
    "parameters which are conflicting, choose one instead",
  near_object_no_id: () =>
    "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vectorize search " +
    "vector: nearObject params: empty id and beacon",
  near_object_not_found: () =>
    "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vectorize search " +
    "vector: nearObject params: vector not found",
  near_object_no_vector: (id: string) =>
    "explorer: get class: concurrentTargetVectorSearch): explorer: get class: vectorize search " +
    `vector: nearObject params: nearObject search-object with id ${id} has no vector`,
  hybrid_alpha: () => "failed to extract hybrid params: alpha should be between 0.0 and 1.0",
  hybrid_two_searches: () =>
    "failed to extract hybrid params: hybrid search cannot have both nearText and nearVector " +
    "parameters",
  hybrid_vector_and_search: (sub: "nearTextParams" | "nearVectorParams") =>
    `failed to extract hybrid params: cannot have both vector and ${sub}`,
  // where filters.
  filter_no_operator: () => "could not extract filters: operator is required",
  filter_no_operands: (op: string) => `could not extract filters: operator ${op} requires operands`,
  filter_no_path: () => "could not extract filters: path is required",
  filter_no_value: (op: string) =>
    `could not extract filters: got operator ${op} but no value<Type> field set`,
  filter_many_values: () => "could not extract filters: found more than one value<Type> field set",
  // where filters, validated against the class (entities/filters/filters_validator.go); the
  // texts inside `invalid_where` (several joined with ", ", operands prefixed
  // `child operand at position N: `).
  invalid_where: (inner: string) => `invalid 'where' filter: ${inner}`,
  where_child: (position: number, inner: string) =>
    `child operand at position ${position}: ${inner}`,
  where_no_property: (name: string, className: string) =>
    `no such prop with name '${name}' found in class '${className}' in the schema. Check your ` +
    "schema files for which properties in this class are available",
  where_is_null: (used: string) => `operator IsNull requires a booleanValue, got ${used} instead`,
  where_value_type: (used: string, dataType: string, expected: string) =>
    `data type filter cannot use "${used}" on type "${dataType}", use "${expected}" instead`,
  where_id: () => 'using ["_id"] to filter by uuid: must use "valueText" to specify the id',
  where_timestamp: (name: string) =>
    `using ["${name}"] to filter by timestamp: must use "valueText" or "valueDate"`,
  where_uuid_value: (name: string) =>
    `property "${name}" is of type "uuid" or "uuid[]": specify uuid as string using "valueText"`,
  where_uuid_operator: (operator: string) =>
    `operator "${operator}" cannot be used on uuid/uuid[] props`,
  // Stop words (adapters/repos/db/inverted/searcher.go ErrOnlyStopwords). Weaviate wraps it in
  // index and shard names the gateway does not have; the text is the innermost one.
  only_stopwords: () =>
    "invalid search term, only stopwords provided. Stopwords can be configured in " +
    "class.invertedIndexConfig.stopwords",
  // groupBy, sort, cursor, pagination.
  group_by_path: () => "groupBy path must have exactly one element",
  sort_with_search: (kind: string) => `${kind} search is not compatible with sort`,
  // sort (entities/filters/sort_validator.go, wrapped by explorer.go); several joined with ", ".
  invalid_sort: (inner: string) => `invalid 'sort' parameter: ${inner}`,
  sort_position: (position: number, inner: string) =>
    `sort parameter at position ${position}: ${inner}`,
  sort_empty_path: () => "path parameter cannot be empty",
  sort_reference: () => "sorting by reference not supported, path must have exactly one argument",
  sort_uuid: (name: string) =>
    `prop "${name}" is of type uuid/uuid[]: sorting by uuid is currently not supported - if you ` +
    "believe it should be, please open a feature request on github.com/weaviate/weaviate",
  legacy_group: () => "the legacy 'group' argument is not supported by this gateway; use groupBy",
  // cursor (entities/filters/cursor_validator.go, wrapped by explorer_validate_scroll.go).
  cursor_with_search: () =>
    "cursor api: invalid 'after' parameter: other params cannot be set with after and limit " +
    "parameters",
  cursor_with: (params: string) =>
    `cursor api: invalid 'after' parameter: ${params} cannot be set with after and limit parameters`,
  cursor_not_uuid: (after: string, reason: string) =>
    `cursor api: invalid 'after' parameter: after parameter '${after}' is not a valid uuid: ${reason}`,
  cursor_no_limit: () => "cursor api: invalid 'after' parameter: limit parameter must be set",
  // pagination (adapters/repos/db/search.go getTotalLimit), after the search path's prefix
  // (`paginationPrefix`, which ends in `invalid pagination params: ` where Weaviate says so).
  request_results: (maximum: number) =>
    `too many results asked for: the class fields of this request together ask for more than ` +
    `limits.maxRequestResults (${maximum}) objects; lower their limits or split the request`,
  query_maximum_results: (prefix: string, offset: number, limit: number, maximum: number) =>
    `${prefix}query maximum results exceeded: the total limit ` +
    `calculated from the provided offset '${offset}' and limit '${limit}' exceeds the configured ` +
    `value for QUERY_MAXIMUM_RESULTS '${maximum}'. If you've supplied a negative offset or limit, ` +
    "this may be an underflow error",
  invalid_default_limit: (prefix: string, limit: number) =>
    `${prefix}invalid default limit: ${limit}`,
  negative_offset: (offset: number) =>
    `invalid pagination params: offset must not be negative, got ${offset}`,
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
