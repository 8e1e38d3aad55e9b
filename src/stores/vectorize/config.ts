/**
 * The `store` member of a `vectorize` collection: its type and its strict zod schema (what the config
 * parser validates it with). The type joins `StoreConfig` through `StoreConfigs`.
 * @module
 */
import { z } from "zod";
import { ENV_NAME_RE, timeoutMs } from "../../config/store_settings.ts";

/** Cloudflare Vectorize through its Worker binding (Workers only). */
export interface VectorizeStoreConfig {
  readonly kind: "vectorize";
  /** Name of the Worker binding (`[[vectorize]] binding = "VECTORIZE"`). */
  readonly binding: string;
  /** The index metric; must match `vectorIndexConfig.distance` (cosine, l2-squared, dot). */
  readonly metric: "cosine" | "euclidean" | "dot-product";
  readonly namespace?: string;
  /** Budget of one binding call in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

/** `{kind: "vectorize", binding, metric, namespace?, timeoutMs?}` (Cloudflare Workers only). */
export const vectorizeStoreSchema = z.strictObject({
  kind: z.literal("vectorize"),
  binding: z.string().regex(ENV_NAME_RE, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a binding name`,
  }),
  metric: z.enum(["cosine", "euclidean", "dot-product"]),
  namespace: z.string().min(1).max(64).optional(),
  timeoutMs: timeoutMs(),
});

declare module "../../config/types.ts" {
  interface StoreConfigs {
    vectorize: VectorizeStoreConfig;
  }
}
