/**
 * The `store` member of a `pgvector` collection: its type and its strict zod schema (what the config
 * parser validates it with). The type joins `StoreConfig` through `StoreConfigs`.
 * @module
 */
import { z } from "zod";
import { envName, timeoutMs } from "../../config/store_settings.ts";

/**
 * A Postgres table with a pgvector column, reached through postgres.js. The gateway never creates
 * tables: `src/stores/pgvector/schema_sql.ts` prints the expected DDL.
 */
export interface PgvectorStoreConfig {
  readonly kind: "pgvector";
  /** Env variable holding the connection string (never the string itself). */
  readonly urlEnv: string;
  readonly table: string;
  /** Schema of the table; default: the connection's search_path. */
  readonly schema?: string;
  /** uuid primary key column; default `id`. */
  readonly idColumn: string;
  /** `vector(n)` column; default `embedding`. */
  readonly vectorColumn: string;
  /** Property name -> column name; unlisted properties use their own name. */
  readonly columns: Readonly<Record<string, string>>;
  /** Postgres text search configuration of bm25 / hybrid; default `english`. */
  readonly textSearchConfig: string;
  /** Budget of one statement in ms; default `limits.modulesClientTimeoutMs`. */
  readonly timeoutMs?: number;
}

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

declare module "../../config/types.ts" {
  interface StoreConfigs {
    pgvector: PgvectorStoreConfig;
  }
}
