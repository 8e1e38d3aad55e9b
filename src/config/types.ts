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

/** The in-process store, built at start-up from JSON / JSONL files. */
export interface EmbeddedStoreConfig {
  readonly kind: "embedded";
  /** JSON (array of objects) or JSONL files, resolved against the config file's folder. */
  readonly files: readonly string[];
  /** Field of each record holding its UUID; generated deterministically when absent. */
  readonly idField: string;
  /** Field of each record holding a precomputed vector; otherwise the vectorizer embeds it. */
  readonly vectorField: string;
}

/**
 * An upstream Weaviate (>= 1.38.3) reached through Connect-JSON on `{url}/v1/grpc-web/...`.
 * Search, filters and sort run upstream; grouping and rerank run in the gateway.
 */
export interface WeaviateStoreConfig {
  readonly kind: "weaviate";
  /** REST base URL, e.g. `https://cluster.weaviate.cloud` (no credentials in it). */
  readonly url: string;
  /** Upstream collection name; default: the class name. */
  readonly className?: string;
  /** Env variable holding the upstream API key (sent as `Authorization: Bearer`). */
  readonly apiKeyEnv?: string;
  /** Request headers forwarded upstream (module keys such as `X-Openai-Api-Key`); default none. */
  readonly passHeaders: readonly string[];
  /** Budget of one upstream call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** A Qdrant collection (REST API v1.19) reached through `/collections/{c}/points/query`. */
export interface QdrantStoreConfig {
  readonly kind: "qdrant";
  /** REST base URL, e.g. `http://qdrant:6333`. */
  readonly url: string;
  /** The Qdrant collection. */
  readonly collection: string;
  /** Env variable holding the API key (sent as `api-key`). */
  readonly apiKeyEnv?: string;
  /** Named dense vector; default: the collection's unnamed vector. */
  readonly vectorName?: string;
  /** Budget of one upstream call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * A Postgres table with a pgvector column, reached through postgres.js. The gateway never creates
 * tables: `src/stores/pgvector/schema_sql.ts` prints the expected DDL.
 */
export interface PgvectorStoreConfig {
  readonly kind: "pgvector";
  /** Env variable holding the connection string (never the string itself). */
  readonly urlEnv: string;
  readonly table: string;
  /** Schema of the table; default: the connection's search_path. */
  readonly schema?: string;
  /** uuid primary key column; default `id`. */
  readonly idColumn: string;
  /** `vector(n)` column; default `embedding`. */
  readonly vectorColumn: string;
  /** Property name -> column name; unlisted properties use their own name. */
  readonly columns: Readonly<Record<string, string>>;
  /** Postgres text search configuration of bm25 / hybrid; default `english`. */
  readonly textSearchConfig: string;
  /** Budget of one statement in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** Cloudflare Vectorize through its Worker binding (Workers only). */
export interface VectorizeStoreConfig {
  readonly kind: "vectorize";
  /** Name of the Worker binding (`[[vectorize]] binding = "VECTORIZE"`). */
  readonly binding: string;
  /** The index metric; must match `vectorIndexConfig.distance` (cosine, l2-squared, dot). */
  readonly metric: "cosine" | "euclidean" | "dot-product";
  readonly namespace?: string;
  /** Budget of one binding call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** Where a collection's objects live (a discriminated union on `kind`). */
export type StoreConfig =
  | EmbeddedStoreConfig
  | WeaviateStoreConfig
  | QdrantStoreConfig
  | PgvectorStoreConfig
  | VectorizeStoreConfig;

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
  readonly store: StoreConfig;
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
}

/** The whole gateway configuration. */
export interface GatewayConfig {
  readonly collections: readonly CollectionConfig[];
  readonly authentication: AuthConfig;
  readonly limits: LimitsConfig;
  /** Always set by the parser; optional so hand-built configs (tests, bench) need not name it. */
  readonly modules?: ModulesConfig;
}
