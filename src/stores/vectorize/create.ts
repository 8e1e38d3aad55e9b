/**
 * Start-up of a Vectorize collection: the binding comes from the Worker's `env` by the name in
 * `store.binding`. Deno has no bindings, so a Vectorize collection refuses to start there.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { VectorizeStoreConfig } from "./config.ts";
import type { CollectionConfig } from "../../config/types.ts";
import type { Vectorizer } from "../../core/vectorizer.ts";
import type { Retriever } from "../../core/retriever.ts";
import type { VectorizeBinding } from "./binding.ts";
import { createVectorizeStore } from "./store.ts";

/** Options of {@link createVectorizeRetriever}. */
export interface CreateVectorizeOptions {
  readonly bindings?: Readonly<Record<string, unknown>>;
  readonly vectorizer?: Vectorizer;
  readonly timeoutMs: number;
}

function isBinding(v: unknown): v is VectorizeBinding {
  const b = v as Partial<VectorizeBinding> | undefined;
  return typeof b?.query === "function" && typeof b.getByIds === "function";
}

/** Creates the retriever of a `store.kind: "vectorize"` collection. */
export function createVectorizeRetriever(
  collection: CollectionConfig,
  opts: CreateVectorizeOptions,
): Retriever {
  const store: VectorizeStoreConfig = storeConfigOf(collection, "vectorize");
  const binding = opts.bindings?.[store.binding];
  if (!isBinding(binding)) {
    throw new Error(
      `class ${collection.class}: the Vectorize binding ${JSON.stringify(store.binding)} is not ` +
        (binding === undefined
          ? "available (Vectorize bindings exist only on Cloudflare Workers: add " +
            `[[vectorize]] binding = "${store.binding}" to wrangler.toml)`
          : "a Vectorize index (it has no query / getByIds)"),
    );
  }
  return createVectorizeStore({
    collection,
    binding,
    vectorizer: opts.vectorizer,
    timeoutMs: opts.timeoutMs,
  });
}
