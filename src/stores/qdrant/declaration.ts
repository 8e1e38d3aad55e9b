/**
 * The `qdrant` store declaration: a Qdrant collection over its REST API.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { defineStore, type StoreProvider } from "../../core/provider.ts";
import { qdrantStoreSchema } from "./config.ts";
import { createQdrantStore } from "./store.ts";

/** The Qdrant store. */
export const QDRANT_STORE: StoreProvider<CollectionConfig> = defineStore({
  kind: "qdrant",
  settings: qdrantStoreSchema,
  create: (collection: CollectionConfig, _store, deps) =>
    Promise.resolve(createQdrantStore({
      collection,
      vectorizer: deps.vectorizer,
      env: deps.env,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      maxResponseBytes: deps.maxResponseBytes,
    })),
});
