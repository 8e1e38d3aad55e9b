/**
 * The `store` member of a `weaviate` collection: its type and its strict zod schema (what the config
 * parser validates it with). The type joins `StoreConfig` through `StoreConfigs`.
 * @module
 */
import { z } from "zod";
import {
  CLASS_RE,
  envName,
  HEADER_RE,
  timeoutMs,
  upstreamUrl,
} from "../../config/store_settings.ts";

/**
 * An upstream Weaviate (>= 1.38.3) reached through Connect-JSON on `{url}/v1/grpc-web/...`.
 * Search, filters and sort run upstream; grouping and rerank run in the gateway.
 */
export interface WeaviateStoreConfig {
  readonly kind: "weaviate";
  /** REST base URL, e.g. `https://cluster.weaviate.cloud` (no credentials in it). */
  readonly url: string;
  /** Upstream collection name; default: the class name. */
  readonly className?: string;
  /** Env variable holding the upstream API key (sent as `Authorization: Bearer`). */
  readonly apiKeyEnv?: string;
  /** Request headers forwarded upstream (module keys such as `X-Openai-Api-Key`); default none. */
  readonly passHeaders: readonly string[];
  /** Budget of one upstream call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** `{kind: "weaviate", url, className?, apiKeyEnv?, passHeaders?, timeoutMs?}`. */
export const weaviateStoreSchema = z.strictObject({
  kind: z.literal("weaviate"),
  url: upstreamUrl(),
  className: z.string().regex(CLASS_RE, {
    error: (iss) => `invalid class name ${JSON.stringify(iss.input)}: must match ${CLASS_RE}`,
  }).optional(),
  apiKeyEnv: envName().optional(),
  passHeaders: z.array(
    z.string().regex(HEADER_RE, {
      error: (iss) =>
        `${
          JSON.stringify(iss.input)
        } is not a module header (expected X-..., e.g. X-Openai-Api-Key)`,
    }),
  ).default([]),
  timeoutMs: timeoutMs(),
});

declare module "../../config/types.ts" {
  interface StoreConfigs {
    weaviate: WeaviateStoreConfig;
  }
}
