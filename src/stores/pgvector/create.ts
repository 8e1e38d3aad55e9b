/**
 * Start-up of a pgvector collection: the connection string from the env variable the config
 * names (never from the file), a postgres.js pool, the store. No statement runs at start-up.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { PgvectorStoreConfig } from "./config.ts";
import type { CollectionConfig } from "../../config/types.ts";
import type { Vectorizer } from "../../core/vectorizer.ts";
import type { Retriever } from "../../core/retriever.ts";
import type { SqlExecutor } from "./executor.ts";
import { createPostgresJsExecutor } from "./postgres_js.ts";
import { createPgvectorStore } from "./store.ts";

/** Replaces the postgres.js executor (tests run PGlite through it). */
export type SqlExecutorFactory = (
  store: PgvectorStoreConfig,
  collection: CollectionConfig,
) => SqlExecutor | undefined;

/** Options of {@link createPgvectorRetriever}. */
export interface CreatePgvectorOptions {
  readonly env?: (name: string) => string | undefined;
  readonly vectorizer?: Vectorizer;
  readonly timeoutMs: number;
  readonly sqlExecutor?: SqlExecutorFactory;
}

/** Creates the retriever of a `store.kind: "pgvector"` collection. */
export function createPgvectorRetriever(
  collection: CollectionConfig,
  opts: CreatePgvectorOptions,
): Retriever {
  const store: PgvectorStoreConfig = storeConfigOf(collection, "pgvector");
  let executor = opts.sqlExecutor?.(store, collection);
  if (!executor) {
    const url = opts.env?.(store.urlEnv);
    if (!url) {
      throw new Error(
        `class ${collection.class}: the pgvector store needs a connection string in the ` +
          `environment variable ${store.urlEnv}, which is not set`,
      );
    }
    executor = createPostgresJsExecutor({ url });
  }
  return createPgvectorStore({
    collection,
    executor,
    vectorizer: opts.vectorizer,
    timeoutMs: opts.timeoutMs,
  });
}
