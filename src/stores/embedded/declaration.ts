/**
 * The `embedded` store declaration: the default, in-process store over JSON / JSONL files.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { defineStore, type StoreProvider } from "../../core/provider.ts";
import { embeddedStoreSchema } from "./config.ts";
import { createEmbeddedStore } from "./store.ts";

/** The embedded store. */
export const EMBEDDED_STORE: StoreProvider<CollectionConfig> = defineStore({
  kind: "embedded",
  settings: embeddedStoreSchema,
  create: (collection: CollectionConfig, _store, deps) =>
    createEmbeddedStore({
      collection,
      vectorizer: deps.vectorizer,
      readText: deps.readText,
      readStream: deps.readStream,
      signal: deps.signal,
    }),
});
