/**
 * Creates the Retriever for a collection's `store.kind`. Each store kind lives in its own folder
 * under src/stores/ and adds one case here.
 * @module
 */
import type { CollectionConfig } from "../config/types.ts";
import type { Vectorizer } from "../vectorizers/vectorizer.ts";
import { createEmbeddedStore } from "./embedded/store.ts";
import type { Retriever } from "./retriever.ts";

/** What store factories may need from the runtime. */
export interface CreateRetrieverOptions {
  readonly vectorizer?: Vectorizer;
  /** Reads a data file (embedded store). */
  readonly readText: (path: string, signal: AbortSignal) => Promise<string>;
  /** Reads an environment variable (credentials of upstream stores). */
  readonly env?: (name: string) => string | undefined;
  /** Worker bindings by name (Vectorize, ...), on Cloudflare Workers only. */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
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
        signal: opts.signal,
      });
  }
}
