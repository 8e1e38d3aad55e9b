/**
 * A collection config rendered as Weaviate's class JSON (`models.Class`), the shape
 * `GET /v1/schema` returns. Settings the gateway does not model get Weaviate's defaults so clients
 * that parse the full class (Python v4 `collection.config.get()`) find every key they expect.
 * Store internals (kind, file paths, id/vector fields) are never included.
 * @module
 */
import { TEXT_DATA_TYPES } from "../config/rules.ts";
import type { CollectionConfig, PropertyConfig } from "../config/types.ts";

/** Weaviate's class JSON, keys in Weaviate's (alphabetical) order. */
export type ClassJson = Record<string, unknown>;

/** Renders one collection as Weaviate class JSON. */
export function classJson(c: CollectionConfig): ClassJson {
  return {
    class: c.class,
    ...(c.description ? { description: c.description } : {}),
    invertedIndexConfig: {
      bm25: { b: 0.75, k1: 1.2 },
      cleanupIntervalSeconds: 60,
      indexNullState: false,
      indexPropertyLength: false,
      indexTimestamps: false,
      stopwords: stopwordsJson(c),
      usingBlockMaxWAND: true,
    },
    // The reranker key must be visible: clients (and the §2.6 rule) decide from it whether the
    // class can rerank.
    moduleConfig: structuredClone(c.moduleConfig),
    multiTenancyConfig: { autoTenantActivation: false, autoTenantCreation: false, enabled: false },
    properties: c.properties.map(propertyJson),
    replicationConfig: {
      asyncEnabled: false,
      deletionStrategy: "NoAutomatedResolution",
      factor: 1,
    },
    shardingConfig: {
      actualCount: 1,
      actualVirtualCount: 128,
      desiredCount: 1,
      desiredVirtualCount: 128,
      function: "murmur3",
      key: "_id",
      strategy: "hash",
      virtualPerPhysical: 128,
    },
    vectorIndexConfig: hnswConfig(c.vectorIndexConfig.distance),
    vectorIndexType: "hnsw",
    vectorizer: c.vectorizer,
  };
}

/** Weaviate prints empty additions/removals as `null`. */
function stopwordsJson(c: CollectionConfig): Record<string, unknown> {
  const s = c.invertedIndexConfig?.stopwords;
  const list = (l: readonly string[] | undefined) => l && l.length > 0 ? [...l] : null;
  return { additions: list(s?.additions), preset: s?.preset ?? "en", removals: list(s?.removals) };
}

function propertyJson(p: PropertyConfig): Record<string, unknown> {
  const isText = TEXT_DATA_TYPES.has(p.dataType[0]);
  return {
    dataType: [...p.dataType],
    ...(p.description ? { description: p.description } : {}),
    indexFilterable: p.indexFilterable,
    indexRangeFilters: false,
    indexSearchable: isText && p.indexSearchable,
    name: p.name,
    // Weaviate omits tokenization on non-text properties.
    ...(isText ? { tokenization: p.tokenization } : {}),
  };
}

function hnswConfig(distance: string): Record<string, unknown> {
  return {
    bq: { enabled: false },
    cleanupIntervalSeconds: 300,
    distance,
    dynamicEfFactor: 8,
    dynamicEfMax: 500,
    dynamicEfMin: 100,
    ef: -1,
    efConstruction: 128,
    filterStrategy: "sweeping",
    flatSearchCutoff: 40000,
    maxConnections: 32,
    multivector: { aggregation: "maxSim", enabled: false },
    pq: {
      bitCompression: false,
      centroids: 256,
      enabled: false,
      encoder: { distribution: "log-normal", type: "kmeans" },
      segments: 0,
      trainingLimit: 100000,
    },
    skip: false,
    sq: { enabled: false, rescoreLimit: 20, trainingLimit: 100000 },
    vectorCacheMaxObjects: 1000000000000,
  };
}
