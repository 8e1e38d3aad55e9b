/**
 * The providers this build ships (the reranker, vectorizer and store registries) as one catalog,
 * and the config entry points bound to it: what the runtime edges, the CLI and the tests call.
 * @module
 */
import { defaultConfig as defaultWith, offlineConfig as offlineWith } from "../config/default.ts";
import { loadConfig as loadWith, type LoadConfigOptions } from "../config/load.ts";
import { parseConfig as parseWith, type ParseResult } from "../config/schema.ts";
import type { CollectionConfig, GatewayConfig } from "../config/types.ts";
import type { ProviderCatalog } from "../core/provider.ts";
import { RERANKERS } from "../rerankers/registry.ts";
import { STORES } from "../stores/registry.ts";
import { VECTORIZERS } from "../vectorizers/registry.ts";

/** Every provider of this build. */
export const CATALOG: ProviderCatalog<CollectionConfig> = {
  rerankers: RERANKERS,
  vectorizers: VECTORIZERS,
  stores: STORES,
};

/** Validates raw JSON against this build's providers (see `src/config/schema.ts`). */
export function parseConfig(raw: unknown): ParseResult {
  return parseWith(raw, CATALOG);
}

/** Reads and validates a config file (or inline JSON, or the built-in default). */
export function loadConfig(opts: Omit<LoadConfigOptions, "catalog">): Promise<GatewayConfig> {
  return loadWith({ ...opts, catalog: CATALOG });
}

/** The validated default (neural) sample config. */
export function defaultConfig(): GatewayConfig {
  return defaultWith(CATALOG);
}

/** The validated weightless sample config (what `gateway.offline.json` loads to). */
export function offlineConfig(): GatewayConfig {
  return offlineWith(CATALOG);
}
