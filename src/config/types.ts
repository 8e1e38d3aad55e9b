/**
 * The validated configuration value. `src/config/schema.ts` parses raw JSON into it; every other
 * module reads only this typed value. Secrets never live here: API keys are named by env variable.
 * @module
 */

/** Weaviate property data types the gateway understands. */
export type DataType =
  | "text"
  | "text[]"
  | "string"
  | "string[]"
  | "int"
  | "int[]"
  | "number"
  | "number[]"
  | "boolean"
  | "boolean[]"
  | "date"
  | "date[]"
  | "uuid"
  | "uuid[]"
  | "geoCoordinates"
  | "phoneNumber"
  | "blob";

/** One class property, as in Weaviate's class JSON. */
export interface PropertyConfig {
  readonly name: string;
  /** Weaviate wraps the type in a one-element array: `["text"]`. */
  readonly dataType: readonly [DataType];
  readonly description?: string;
  readonly tokenization: "word" | "lowercase" | "whitespace" | "field";
  readonly indexFilterable: boolean;
  readonly indexSearchable: boolean;
}

/** Vector distance metrics (Weaviate's `vectorIndexConfig.distance`). */
export type DistanceMetric = "cosine" | "dot" | "l2-squared" | "manhattan" | "hamming";

/**
 * Store configs by `kind`. Each store folder adds its own entry by declaration merging
 * (`src/stores/<kind>/config.ts`), so adding a store kind needs no edit here.
 */
// deno-lint-ignore no-empty-interface
export interface StoreConfigs {}

/**
 * Where a collection's objects live: a discriminated union on `kind` of every store in the
 * program (`{kind: string}` when a program includes no store at all, e.g. a config-only tool).
 */
export type StoreConfig = keyof StoreConfigs extends never ? { readonly kind: string }
  : StoreConfigs[keyof StoreConfigs];

/** Weaviate's `invertedIndexConfig.stopwords`: a preset with additions and removals. */
export interface StopwordConfig {
  /** `en` (Weaviate's default) or `none`. */
  readonly preset: "en" | "none";
  readonly additions: readonly string[];
  readonly removals: readonly string[];
}

/** The part of Weaviate's `invertedIndexConfig` the gateway models. */
export interface InvertedIndexConfig {
  readonly stopwords: StopwordConfig;
}

/** One collection: Weaviate class JSON plus the gateway's `store`. */
export interface CollectionConfig {
  readonly class: string;
  readonly description?: string;
  readonly properties: readonly PropertyConfig[];
  /**
   * `upstream`: `properties` were not declared (or declared as `"upstream"`) and are read from the
   * upstream schema at start-up (weaviate stores only).
   */
  readonly propertiesFrom?: "upstream";
  /** Module name (`text2vec-hash`, ...) or `none`. */
  readonly vectorizer: string;
  /** Module settings keyed by module name; a `reranker-*` key enables `rerank` on the class. */
  readonly moduleConfig: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly vectorIndexConfig: { readonly distance: DistanceMetric };
  /**
   * Stop words of `word`-tokenized properties; always set by the parser, optional so hand-built
   * configs (tests, bench) need not name it (then Weaviate's default, the `en` preset).
   */
  readonly invertedIndexConfig?: InvertedIndexConfig;
  readonly store: StoreConfig;
  /**
   * The gateway's rerank extensions for this class (absent = Weaviate-exact: `rerank(property,
   * query)` only, today's schema and answers byte for byte).
   */
  readonly rerank?: RerankConfig;
}

/** What happens when the reranker does not answer within `timeoutMs`. */
export type RerankOnTimeout = "error" | "retrievalOrder";

/**
 * `collections[].rerank`: turns on the extra `rerank(...)` arguments of the class and gives their
 * defaults (an argument in the query wins over its default here).
 */
export interface RerankConfig {
  /** The extra arguments appear in the GraphQL schema (default true once `rerank` is present). */
  readonly arguments: boolean;
  /** Candidates retrieved and reranked before the `limit`/`offset` page is cut (none = the page). */
  readonly window?: number;
  /** Drops results whose rerank score is below it. */
  readonly minScore?: number;
  /** Autocut on the rerank scores (0 = off). */
  readonly autocut?: number;
  /** Without a `query` argument, rerank with the search text (bm25/hybrid query, nearText). */
  readonly inheritQuery: boolean;
  /** Properties (or dotted paths) joined into the document when the query names none. */
  readonly properties?: readonly string[];
  /** Longest wait for the reranker in ms (none = `limits.modulesClientTimeoutMs` as today). */
  readonly timeoutMs?: number;
  readonly onTimeout: RerankOnTimeout;
}

/** Bearer API-key authentication (Weaviate's AUTHENTICATION_APIKEY_*). */
export interface AuthConfig {
  readonly anonymousAccessEnabled: boolean;
  /** Name of the env variable with comma-separated allowed keys; none = API keys off. */
  readonly apiKeysEnv?: string;
}

/** Query limits, named after Weaviate's env variables. */
export interface LimitsConfig {
  /** QUERY_DEFAULTS_LIMIT (10). */
  readonly queryDefaultsLimit: number;
  /** QUERY_DEFAULTS_LIMIT_GRAPHQL (100): no limit/offset/autocut given. */
  readonly queryDefaultsLimitGraphQL: number;
  /** QUERY_MAXIMUM_RESULTS (10000). */
  readonly queryMaximumResults: number;
  /** QUERY_HYBRID_MAXIMUM_RESULTS (100). */
  readonly queryHybridMaximumResults: number;
  /** MODULES_CLIENT_TIMEOUT in ms (50000). */
  readonly modulesClientTimeoutMs: number;
  /** Largest accepted request body in bytes. */
  readonly maxRequestBytes: number;
  /**
   * Deepest nesting of one query (128): brackets in its text (selection sets, arguments, lists,
   * objects), selection sets and fragment spreads after expansion, and nesting in `variables`.
   */
  readonly maxQueryDepth: number;
  /** Class fields (`Get { C }`, aliases included) per request, a batch's items together (1000). */
  readonly maxClassFields: number;
  /** Fields of one query after fragments are expanded (20000). */
  readonly maxExpandedFields: number;
  /** Items of one `POST /v1/graphql/batch` (1000). */
  readonly maxBatchItems: number;
  /** Largest GraphQL response body in bytes, a batch's items together (256 MiB). */
  readonly maxResponseBytes: number;
  /** Memory budget of the parsed-document cache in (estimated) bytes (64 MiB). */
  readonly documentCacheBytes: number;
  /**
   * Objects one request may ask for, its class fields together (`offset + limit` each, a batch's
   * items too): 1000 aliases of `limit: 10000` would otherwise build 10 million objects (100000).
   */
  readonly maxRequestResults: number;
  // Request budget (connection time, CPU, concurrency): keep these together.
  /**
   * Deadline of one request in ms, from arrival to the answer: reading the body, waiting in the
   * queue and our own work. Past it the body read is abandoned (408) or the answer is 504 (60000).
   */
  readonly requestTimeoutMs: number;
  /** Requests served at once; the rest wait in the queue (64). */
  readonly maxConcurrentRequests: number;
  /** Requests waiting for a slot; one more is answered 503 with `Retry-After` (256). */
  readonly maxQueuedRequests: number;
}

/** Gateway-wide module settings. */
export interface ModulesConfig {
  /**
   * Lets per-request base-URL headers (`X-Cohere-Baseurl`, ...) name http and private/loopback
   * hosts. Off by default: otherwise any client could make the gateway call its internal network.
   */
  readonly allowPrivateBaseUrls: boolean;
  /**
   * Host names a per-request base URL (`X-Cohere-Baseurl`, ...) may name and still get the
   * operator's key from the environment. Any other header base URL is honoured only with a key
   * from the same request (`X-Cohere-Api-Key`, ...). Default empty. Always set by the parser;
   * optional (as the next one) so hand-built configs (tests, bench) need not name it.
   */
  readonly baseUrlAllowList?: readonly string[];
  /** Largest provider or upstream-store answer read, in bytes (default 32 MiB). */
  readonly maxResponseBytes?: number;
}

/** The whole gateway configuration. */
export interface GatewayConfig {
  readonly collections: readonly CollectionConfig[];
  readonly authentication: AuthConfig;
  readonly limits: LimitsConfig;
  /** Always set by the parser; optional so hand-built configs (tests, bench) need not name it. */
  readonly modules?: ModulesConfig;
}
