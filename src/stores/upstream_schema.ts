/**
 * Start-up step: collections whose properties come from the upstream (`"properties": "upstream"`
 * or omitted; weaviate stores) get them from the upstream schema before the GraphQL schema is
 * built. Other collections pass through unchanged.
 * @module
 */
import type { GatewayConfig } from "../config/types.ts";
import { readWeaviateProperties } from "./weaviate/schema.ts";

/** Options of {@link resolveUpstreamProperties}. */
export interface ResolveOptions {
  readonly env?: (name: string) => string | undefined;
  readonly fetch?: typeof fetch;
  /** `modules.maxResponseBytes`. */
  readonly maxResponseBytes?: number;
  readonly signal: AbortSignal;
}

/** Returns `config` with every upstream-described collection's properties filled in. */
export async function resolveUpstreamProperties(
  config: GatewayConfig,
  opts: ResolveOptions,
): Promise<GatewayConfig> {
  if (!config.collections.some((c) => c.propertiesFrom === "upstream")) return config;
  const collections = await Promise.all(config.collections.map(async (c, index) => {
    if (c.propertiesFrom !== "upstream" || c.store.kind !== "weaviate") return c;
    const properties = await readWeaviateProperties(c, {
      index,
      env: opts.env,
      fetch: opts.fetch,
      maxResponseBytes: opts.maxResponseBytes,
      timeoutMs: config.limits.modulesClientTimeoutMs,
      signal: opts.signal,
    });
    return { ...c, properties };
  }));
  return { ...config, collections };
}
