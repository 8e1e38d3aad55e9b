/**
 * The `store` member of a `qdrant` collection: its type and its strict zod schema (what the config
 * parser validates it with). The type joins `StoreConfig` through `StoreConfigs`.
 * @module
 */
import { z } from "zod";
import { envName, timeoutMs, upstreamUrl } from "../../config/store_settings.ts";

/** A Qdrant collection (REST API v1.19) reached through `/collections/{c}/points/query`. */
export interface QdrantStoreConfig {
  readonly kind: "qdrant";
  /** REST base URL, e.g. `http://qdrant:6333`. */
  readonly url: string;
  /** The Qdrant collection. */
  readonly collection: string;
  /** Env variable holding the API key (sent as `api-key`). */
  readonly apiKeyEnv?: string;
  /** Named dense vector; default: the collection's unnamed vector. */
  readonly vectorName?: string;
  /** Budget of one upstream call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** `{kind: "qdrant", url, collection, apiKeyEnv?, vectorName?, timeoutMs?}`. */
export const qdrantStoreSchema = z.strictObject({
  kind: z.literal("qdrant"),
  url: upstreamUrl(),
  collection: z.string().min(1),
  apiKeyEnv: envName().optional(),
  vectorName: z.string().min(1).optional(),
  timeoutMs: timeoutMs(),
});

declare module "../../config/types.ts" {
  interface StoreConfigs {
    qdrant: QdrantStoreConfig;
  }
}
