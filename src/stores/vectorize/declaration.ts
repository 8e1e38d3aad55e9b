/**
 * The `vectorize` store declaration: Cloudflare Vectorize through its Worker binding. An index
 * has one fixed metric, which must be the class's distance.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { defineStore, type StoreProblem, type StoreProvider } from "../../core/provider.ts";
import { vectorizeStoreSchema } from "./config.ts";
import { createVectorizeRetriever } from "./create.ts";

/** Vectorize's metric names per Weaviate distance. */
const VECTORIZE_METRICS: Readonly<Record<string, string>> = {
  "cosine": "cosine",
  "l2-squared": "euclidean",
  "dot": "dot-product",
};

function metricRule(c: Readonly<Record<string, unknown>>): StoreProblem[] {
  const store = c.store as { metric?: unknown } | undefined;
  if (typeof store?.metric !== "string") return [];
  const config = c.vectorIndexConfig as { distance?: unknown } | undefined;
  const distance = typeof config?.distance === "string" ? config.distance : "cosine";
  const expected = VECTORIZE_METRICS[distance];
  if (expected === undefined) {
    return [{
      path: ["vectorIndexConfig", "distance"],
      message: `Vectorize indexes support cosine, l2-squared (euclidean) and dot ` +
        `(dot-product), not ${distance}`,
    }];
  }
  if (expected === store.metric) return [];
  return [{
    path: ["store", "metric"],
    message: `${JSON.stringify(store.metric)} does not match vectorIndexConfig.distance ` +
      `${JSON.stringify(distance)} (expected ${JSON.stringify(expected)})`,
  }];
}

/** The Vectorize store. */
export const VECTORIZE_STORE: StoreProvider<CollectionConfig> = defineStore({
  kind: "vectorize",
  settings: vectorizeStoreSchema,
  rules: metricRule,
  create: (collection: CollectionConfig, _store, deps) =>
    Promise.resolve(createVectorizeRetriever(collection, {
      bindings: deps.bindings,
      vectorizer: deps.vectorizer,
      timeoutMs: deps.timeoutMs,
    })),
});
