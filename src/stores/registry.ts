/**
 * Creates the Retriever for a collection's `store.kind`. Each store kind lives in its own folder
 * under src/stores/ and adds one case here.
 * @module
 */
import type { CollectionConfig } from "../config/types.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import { createEmbeddedStore } from "./embedded/store.ts";
import type { ReadStream } from "./embedded/load.ts";
import { createPgvectorRetriever, type SqlExecutorFactory } from "./pgvector/create.ts";
import { createQdrantStore } from "./qdrant/store.ts";
import type { Retriever } from "../core/retriever.ts";
import { createVectorizeRetriever } from "./vectorize/create.ts";
import { createWeaviateStore } from "./weaviate/store.ts";

/** What store factories may need from the runtime. */
export interface CreateRetrieverOptions {
  readonly vectorizer?: Vectorizer;
  /** Reads a data file (embedded store). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  /** Opens a data file as a byte stream, where the runtime can (JSONL is then streamed). */
  readonly readStream?: ReadStream;
  /** Reads an environment variable (credentials of upstream stores). */
  readonly env?: (name: string) => string | undefined;
  /** Worker bindings by name (Vectorize, ...), on Cloudflare Workers only. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Replaces the postgres.js executor of pgvector stores (tests: PGlite). */
  readonly sqlExecutor?: SqlExecutorFactory;
  /** Default timeout of upstream calls in ms. */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Creates the collection's retriever from its `store` config. */
export function createRetriever(
  collection: CollectionConfig,
  opts: CreateRetrieverOptions,
): Promise<Retriever> {
  const store = collection.store;
  switch (store.kind) {
    case "embedded":
      return createEmbeddedStore({
        collection,
        vectorizer: opts.vectorizer,
        readText: opts.readText,
        readStream: opts.readStream,
        signal: opts.signal,
      });
    case "weaviate":
      return Promise.resolve(createWeaviateStore({
        collection,
        env: opts.env,
        fetch: opts.fetch,
        timeoutMs: opts.timeoutMs,
      }));
    case "qdrant":
      return Promise.resolve(createQdrantStore({
        collection,
        vectorizer: opts.vectorizer,
        env: opts.env,
        fetch: opts.fetch,
        timeoutMs: opts.timeoutMs,
      }));
    case "pgvector":
      return Promise.resolve(createPgvectorRetriever(collection, {
        env: opts.env,
        vectorizer: opts.vectorizer,
        timeoutMs: opts.timeoutMs,
        sqlExecutor: opts.sqlExecutor,
      }));
    case "vectorize":
      return Promise.resolve(createVectorizeRetriever(collection, {
        bindings: opts.bindings,
        vectorizer: opts.vectorizer,
        timeoutMs: opts.timeoutMs,
      }));
  }
}
