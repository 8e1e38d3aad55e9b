/**
 * The services the HTTP app works with: one entry per collection with its store, reranker and
 * vectorizer, built once from the validated config.
 * @module
 */
import type { CollectionConfig, GatewayConfig } from "../config/types.ts";
import type { ProviderCatalog } from "../core/provider.ts";
import type { Reranker } from "../core/reranker.ts";
import type { Retriever } from "../core/retriever.ts";
import type { Vectorizer } from "../core/vectorizer.ts";

/** One served collection. */
export interface Collection {
  readonly config: CollectionConfig;
  readonly retriever: Retriever;
  /** Present when the class's moduleConfig names a `reranker-*` module. */
  readonly reranker?: Reranker;
  readonly vectorizer?: Vectorizer;
  /** True when the store vectorizes `nearText` itself (upstream Weaviate). */
  readonly vectorizesText?: boolean;
}

/** Everything `createApp` needs. */
export interface Services {
  readonly config: GatewayConfig;
  /** Keyed by class name. */
  readonly collections: ReadonlyMap<string, Collection>;
  /** Allowed API keys, read from the env variable named in the config. */
  readonly apiKeys: readonly string[];
  /** The providers the services were built from (module metadata for `/v1/meta`). */
  readonly catalog: ProviderCatalog<CollectionConfig>;
  /** False while start-up work (model loading, indexing) is still running: `/ready` answers 503. */
  readonly ready?: () => boolean;
}
