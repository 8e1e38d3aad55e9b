/**
 * Building blocks of the stores' `store` schemas (each store folder has its own `config.ts`):
 * env variable names, upstream URLs without credentials, call budgets, names.
 * @module
 */
import { z } from "zod";
import type { CollectionConfig, StoreConfigs } from "./types.ts";

/** Env variable names (`apiKeyEnv`). */
export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Weaviate class names. */
export const CLASS_RE = /^[A-Z][_0-9A-Za-z]*$/;
/** Module key headers (`X-Openai-Api-Key`). */
export const HEADER_RE = /^X-[A-Za-z0-9-]+$/i;

/** An env variable name. */
export const envName = (): z.ZodString =>
  z.string().regex(ENV_NAME_RE, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not an env variable name (expected ${ENV_NAME_RE})`,
  });

/** An http(s) base URL without credentials (keys come from env, never from the file). */
export const upstreamUrl = (): z.ZodType<string> =>
  z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.issues.push({ code: "custom", input: value, message: "expected an http(s) URL" });
      return z.NEVER;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      ctx.issues.push({ code: "custom", input: value, message: "expected an http(s) URL" });
      return z.NEVER;
    }
    if (url.username || url.password) {
      ctx.issues.push({
        code: "custom",
        input: "***",
        message: 'must not contain credentials: name an env variable with "apiKeyEnv"',
      });
      return z.NEVER;
    }
    return value.replace(/\/+$/, "");
  });

/** An optional call budget in ms. */
export const timeoutMs = (): z.ZodOptional<z.ZodInt> => z.int().min(1).optional();

/**
 * The collection's store config as the type of `kind`; throws when the collection has another
 * store (a programming error: registries route each collection to its own store).
 */
export function storeConfigOf<K extends keyof StoreConfigs>(
  collection: CollectionConfig,
  kind: K,
): StoreConfigs[K] {
  const store: { readonly kind: string } = collection.store;
  if (store.kind !== kind) throw new Error(`not a ${kind} store: ${store.kind}`);
  return store as StoreConfigs[K];
}
