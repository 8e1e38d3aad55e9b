/**
 * The `store` member of a collection: one strict zod schema per store kind, combined into a
 * discriminated union on `kind`. Adding a store kind = adding its schema to {@link STORE_SCHEMAS}
 * (and its type to `StoreConfig` in `types.ts`, its case to `src/stores/registry.ts`).
 * @module
 */
import { z } from "zod";

/** Env variable names (`apiKeyEnv`). */
export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CLASS_RE = /^[A-Z][_0-9A-Za-z]*$/;
const HEADER_RE = /^X-[A-Za-z0-9-]+$/i;

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

const timeoutMs = () => z.int().min(1).optional();

/** `{kind: "embedded", files, idField?, vectorField?}`. */
export const embeddedStoreSchema = z.strictObject({
  kind: z.literal("embedded"),
  files: z.array(z.string().min(1)).min(1),
  idField: z.string().min(1).default("id"),
  vectorField: z.string().min(1).default("vector"),
});

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

/** `{kind: "qdrant", url, collection, apiKeyEnv?, vectorName?, timeoutMs?}`. */
export const qdrantStoreSchema = z.strictObject({
  kind: z.literal("qdrant"),
  url: upstreamUrl(),
  collection: z.string().min(1),
  apiKeyEnv: envName().optional(),
  vectorName: z.string().min(1).optional(),
  timeoutMs: timeoutMs(),
});

const SQL_NAME = () => z.string().min(1).max(63);

/**
 * `{kind: "pgvector", urlEnv, table, schema?, idColumn?, vectorColumn?, columns?,
 * textSearchConfig?, timeoutMs?}`; the connection string lives in the env variable `urlEnv`.
 */
export const pgvectorStoreSchema = z.strictObject({
  kind: z.literal("pgvector"),
  urlEnv: envName().default("DATABASE_URL"),
  table: SQL_NAME(),
  schema: SQL_NAME().optional(),
  idColumn: SQL_NAME().default("id"),
  vectorColumn: SQL_NAME().default("embedding"),
  columns: z.record(z.string(), SQL_NAME()).default({}),
  textSearchConfig: z.string().regex(/^[a-z_][a-z0-9_]*$/, {
    error: (iss) =>
      `${JSON.stringify(iss.input)} is not a text search configuration name (e.g. "english")`,
  }).default("english"),
  timeoutMs: timeoutMs(),
});

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

/** Every store kind's schema; the union below is built from this list. */
export const STORE_SCHEMAS = [
  embeddedStoreSchema,
  weaviateStoreSchema,
  qdrantStoreSchema,
  pgvectorStoreSchema,
  vectorizeStoreSchema,
] as const;

/** Store kinds this build accepts. */
export const STORE_KINDS: readonly string[] = STORE_SCHEMAS.map((s) => s.shape.kind.value);

/** The `store` schema: a discriminated union on `kind`. */
export const storeSchema = z.discriminatedUnion("kind", STORE_SCHEMAS, {
  error: (iss) => {
    const kind = (iss.input as { kind?: unknown } | undefined)?.kind;
    if (kind === undefined) return "is required";
    return `unknown store kind ${JSON.stringify(kind)} (expected one of ${
      STORE_KINDS.map((k) => JSON.stringify(k)).join(", ")
    })`;
  },
});
