/**
 * The `store` member of a `embedded` collection: its type and its strict zod schema (what the config
 * parser validates it with). The type joins `StoreConfig` through `StoreConfigs`.
 * @module
 */
import { z } from "zod";

/** The in-process store, built at start-up from JSON / JSONL files. */
export interface EmbeddedStoreConfig {
  readonly kind: "embedded";
  /** JSON (array of objects) or JSONL files, resolved against the config file's folder. */
  readonly files: readonly string[];
  /** Field of each record holding its UUID; generated deterministically when absent. */
  readonly idField: string;
  /** Field of each record holding a precomputed vector; otherwise the vectorizer embeds it. */
  readonly vectorField: string;
}

/** `{kind: "embedded", files, idField?, vectorField?}`. */
export const embeddedStoreSchema = z.strictObject({
  kind: z.literal("embedded"),
  files: z.array(z.string().min(1)).min(1),
  idField: z.string().min(1).default("id"),
  vectorField: z.string().min(1).default("vector"),
});

declare module "../../config/types.ts" {
  interface StoreConfigs {
    embedded: EmbeddedStoreConfig;
  }
}
