/**
 * Test harness: a gateway app built from inline collections and records, through the real
 * services builder, embedded store and HTTP app (no file system, no network).
 */
import { DEFAULT_LIMITS } from "../../src/config/default_limits.ts";
import type { Hono } from "hono";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";
import type {
  CollectionConfig,
  DataType,
  GatewayConfig,
  LimitsConfig,
  PropertyConfig,
  RerankConfig,
  StopwordConfig,
  StoreConfig,
} from "../../src/config/types.ts";
import type { Reranker } from "../../src/core/reranker.ts";
import type { Services } from "../../src/pipeline/services.ts";
import type { SqlExecutorFactory } from "../../src/stores/pgvector/create.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

/** A compact collection description for tests. */
export interface TestCollection {
  readonly class: string;
  readonly properties: Record<string, DataType>;
  readonly records: readonly Record<string, unknown>[];
  readonly vectorizer?: string;
  readonly moduleConfig?: Record<string, Record<string, unknown>>;
  readonly distance?: CollectionConfig["vectorIndexConfig"]["distance"];
  /** Replaces the embedded store over `records` (upstream stores pointed at local fakes). */
  readonly store?: StoreConfig;
  /** `"upstream"`: properties are read from the upstream schema at start-up. */
  readonly propertiesFrom?: "upstream";
  /** `collections[].rerank` (the rerank extensions). */
  readonly rerank?: RerankConfig;
  /** Tokenization per property name (default `word`). */
  readonly tokenization?: Record<string, PropertyConfig["tokenization"]>;
  /** `invertedIndexConfig.stopwords` (default Weaviate's: the `en` preset). */
  readonly stopwords?: Partial<StopwordConfig>;
}

/** Options of {@link testGateway}. */
export interface TestGatewayOptions {
  readonly limits?: Partial<LimitsConfig>;
  readonly anonymousAccessEnabled?: boolean;
  readonly apiKeys?: readonly string[];
  readonly createReranker?: (module: string, c: CollectionConfig) => Reranker;
  /** `modules.allowPrivateBaseUrls` (tests point providers at 127.0.0.1). */
  readonly allowPrivateBaseUrls?: boolean;
  /** `modules.baseUrlAllowList`. */
  readonly baseUrlAllowList?: readonly string[];
  /** Extra environment variables (provider keys such as COHERE_APIKEY). */
  readonly env?: Readonly<Record<string, string>>;
  /** Worker bindings by name (Vectorize fakes). */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** Replaces the postgres.js executor of pgvector stores (PGlite). */
  readonly sqlExecutor?: SqlExecutorFactory;
}

/** Weaviate's default limits (re-exported for tests). */
export { DEFAULT_LIMITS };

function property(
  name: string,
  type: DataType,
  tokenization: PropertyConfig["tokenization"] = "word",
): PropertyConfig {
  return {
    name,
    dataType: [type],
    tokenization,
    indexFilterable: true,
    indexSearchable: true,
  };
}

/** Builds the full config value for test collections. */
export function testConfig(
  cols: readonly TestCollection[],
  opts: TestGatewayOptions = {},
): GatewayConfig {
  return {
    collections: cols.map((c) => ({
      class: c.class,
      properties: Object.entries(c.properties).map(([n, t]) => property(n, t, c.tokenization?.[n])),
      ...(c.propertiesFrom ? { propertiesFrom: c.propertiesFrom } : {}),
      vectorizer: c.vectorizer ?? "none",
      moduleConfig: c.moduleConfig ?? {},
      vectorIndexConfig: { distance: c.distance ?? "cosine" },
      ...(c.rerank ? { rerank: c.rerank } : {}),
      ...(c.stopwords
        ? {
          invertedIndexConfig: {
            stopwords: { preset: "en", additions: [], removals: [], ...c.stopwords },
          },
        }
        : {}),
      store: c.store ?? {
        kind: "embedded",
        files: [`mem:${c.class}.json`],
        idField: "id",
        vectorField: "vector",
      },
    })),
    authentication: {
      anonymousAccessEnabled: opts.anonymousAccessEnabled ?? true,
      ...(opts.apiKeys ? { apiKeysEnv: "TEST_API_KEYS" } : {}),
    },
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    modules: {
      allowPrivateBaseUrls: opts.allowPrivateBaseUrls ?? false,
      baseUrlAllowList: opts.baseUrlAllowList ?? [],
    },
  };
}

/** Builds services and the app for test collections. */
export async function testGateway(
  cols: readonly TestCollection[],
  opts: TestGatewayOptions = {},
): Promise<{ app: Hono; services: Services }> {
  const files = new Map(cols.map((c) => [`mem:${c.class}.json`, JSON.stringify(c.records)]));
  const services = await buildServices(testConfig(cols, opts), {
    runtime: testRuntime({
      readText: (path) => {
        const text = files.get(path);
        return text === undefined
          ? Promise.reject(new Error(`no file ${path}`))
          : Promise.resolve(text);
      },
      env: (name) => name === "TEST_API_KEYS" ? opts.apiKeys?.join(",") : opts.env?.[name],
      bindings: opts.bindings ?? {},
    }),
    createReranker: opts.createReranker,
    sqlExecutor: opts.sqlExecutor,
  });
  return { app: createApp(services), services };
}

/** POSTs a GraphQL query and returns status, raw body text and parsed JSON. */
export async function gql(
  app: Hono,
  query: string,
  extra: { variables?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const res = await app.request("/v1/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...extra.headers },
    body: JSON.stringify({ query, ...(extra.variables ? { variables: extra.variables } : {}) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

/** A reranker spy: records every call, scores like `reranker-dummy`. */
export function spyReranker(): Reranker & { calls: { query: string; documents: string[] }[] } {
  const calls: { query: string; documents: string[] }[] = [];
  const enc = new TextEncoder();
  return {
    name: "reranker-dummy",
    maxDocuments: 1000,
    calls,
    rerank(query, documents) {
      calls.push({ query, documents: [...documents] });
      return Promise.resolve(documents.map((d, index) => ({ index, score: enc.encode(d).length })));
    },
  };
}
