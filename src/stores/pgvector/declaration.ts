/**
 * The `pgvector` store declaration: a Postgres table with a pgvector column. Postgres has no
 * hamming distance, so a class with it is refused at start-up.
 * @module
 */
import type { CollectionConfig } from "../../config/types.ts";
import { defineStore, type StoreProvider } from "../../core/provider.ts";
import { pgvectorStoreSchema } from "./config.ts";
import { createPgvectorRetriever, type SqlExecutorFactory } from "./create.ts";

/** The key of the executor override in `StoreDeps.overrides` (tests pass PGlite there). */
export const PGVECTOR_EXECUTOR = "pgvector";

/** The pgvector store. */
export const PGVECTOR_STORE: StoreProvider<CollectionConfig> = defineStore({
  kind: "pgvector",
  settings: pgvectorStoreSchema,
  rules(c) {
    const config = c.vectorIndexConfig as { distance?: unknown } | undefined;
    if (config?.distance !== "hamming") return [];
    return [{
      path: ["vectorIndexConfig", "distance"],
      message: "the pgvector store supports cosine, dot, l2-squared and manhattan, not hamming",
    }];
  },
  create(collection: CollectionConfig, _store, deps) {
    const override = deps.overrides?.[PGVECTOR_EXECUTOR];
    return Promise.resolve(createPgvectorRetriever(collection, {
      env: deps.env,
      vectorizer: deps.vectorizer,
      timeoutMs: deps.timeoutMs,
      sqlExecutor: typeof override === "function" ? override as SqlExecutorFactory : undefined,
    }));
  },
});
