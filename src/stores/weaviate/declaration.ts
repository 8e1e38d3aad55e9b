/**
 * The `weaviate` store declaration: an upstream Weaviate over Connect-JSON; it can describe a
 * class's properties (`"properties": "upstream"`) and vectorizes `nearText` itself.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { defineStore, type StoreProvider } from "../../core/provider.ts";
import { weaviateStoreSchema } from "./config.ts";
import { readWeaviateProperties } from "./schema.ts";
import { createWeaviateStore } from "./store.ts";

/** The Weaviate store. */
export const WEAVIATE_STORE: StoreProvider<CollectionConfig> = defineStore({
  kind: "weaviate",
  settings: weaviateStoreSchema,
  vectorizesText: true,
  readProperties: async (collection: CollectionConfig, _store, deps) => ({
    ...collection,
    properties: await readWeaviateProperties(collection, {
      index: deps.index,
      env: deps.env,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      maxResponseBytes: deps.maxResponseBytes,
      signal: deps.signal,
    }),
  }),
  create: (collection: CollectionConfig, _store, deps) =>
    Promise.resolve(createWeaviateStore({
      collection,
      env: deps.env,
      fetch: deps.fetch,
      timeoutMs: deps.timeoutMs,
      maxResponseBytes: deps.maxResponseBytes,
    })),
});
