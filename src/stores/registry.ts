/**
 * The store kinds this build ships, as a list of declarations. Adding a store = its folder under
 * `src/stores/` (config.ts with the schema, declaration.ts, the retriever), plus one line here.
 * @module
 */
import type { CollectionConfig, GatewayConfig } from "../config/types.ts";
import type { StoreDeps, StoreProvider } from "../core/provider.ts";
import type { Retriever } from "../core/retriever.ts";
import { EMBEDDED_STORE } from "./embedded/declaration.ts";
import { PGVECTOR_STORE } from "./pgvector/declaration.ts";
import { QDRANT_STORE } from "./qdrant/declaration.ts";
import { VECTORIZE_STORE } from "./vectorize/declaration.ts";
import { WEAVIATE_STORE } from "./weaviate/declaration.ts";

/** Every store kind. */
export const STORES: readonly StoreProvider<CollectionConfig>[] = [
  EMBEDDED_STORE,
  WEAVIATE_STORE,
  QDRANT_STORE,
  PGVECTOR_STORE,
  VECTORIZE_STORE,
];

/** The declaration of `kind`; throws for kinds this build does not have. */
export function storeProvider(kind: string): StoreProvider<CollectionConfig> {
  const provider = STORES.find((s) => s.kind === kind);
  if (!provider) throw new Error(`store kind ${kind} is not available in this build`);
  return provider;
}

/** Creates the collection's retriever from its `store` config. */
export function createRetriever(collection: CollectionConfig, deps: StoreDeps): Promise<Retriever> {
  return storeProvider(collection.store.kind).create(collection, deps);
}

/** Returns `config` with every store-described collection's properties read from its store. */
export async function resolveUpstreamProperties(
  config: GatewayConfig,
  deps: Omit<StoreDeps, "readText" | "timeoutMs">,
): Promise<GatewayConfig> {
  if (!config.collections.some((c) => c.propertiesFrom === "upstream")) return config;
  const collections = await Promise.all(
    config.collections.map((c, index) =>
      c.propertiesFrom !== "upstream" ? c : storeProvider(c.store.kind).readProperties(c, {
        ...deps,
        readText: () => Promise.reject(new Error("no data files at schema time")),
        timeoutMs: config.limits.modulesClientTimeoutMs,
        index,
      })
    ),
  );
  return { ...config, collections };
}

/** Store kinds this build accepts. */
export const STORE_KINDS: readonly string[] = STORES.map((s) => s.kind);
