/**
 * PGlite fixtures of the pgvector tests: one in-process Postgres + pgvector per test file, tables
 * created with the store's own DDL (`schema_sql.ts`) and seeded from embedded-style records.
 * @module
 */
import type { CollectionConfig } from "../../src/config/types.ts";
import type { PgvectorStoreConfig } from "../../src/stores/pgvector/config.ts";
import type { SqlExecutor } from "../../src/stores/pgvector/executor.ts";
import { createPgliteExecutor, type PgliteExecutor } from "../../tools/testing/pglite_executor.ts";
import { pgvectorSchemaSql } from "../../src/stores/pgvector/schema_sql.ts";
import type { ContractFault } from "./contract.ts";

/** A pgvector store config for `table` with the defaults the schema applies. */
export function pgStore(
  table: string,
  extra: Partial<PgvectorStoreConfig> = {},
): PgvectorStoreConfig {
  return {
    kind: "pgvector",
    urlEnv: "DATABASE_URL",
    table,
    idColumn: "id",
    vectorColumn: "embedding",
    columns: {},
    textSearchConfig: "english",
    ...extra,
  };
}

let shared: Promise<PgliteExecutor> | undefined;

/** The file's PGlite instance (created on first use, ~2 s). */
export function pglite(): Promise<PgliteExecutor> {
  shared ??= createPgliteExecutor();
  return shared;
}

/**
 * Creates `collection`'s table (its store must be pgvector) and inserts `records` (`id`, `vector`
 * and property fields). Idempotent per table: a second call for the same table does nothing.
 */
export async function seedTable(
  db: PgliteExecutor,
  collection: CollectionConfig,
  records: readonly Record<string, unknown>[],
): Promise<void> {
  const store = collection.store as PgvectorStoreConfig;
  const exists = await db.db.query(`SELECT to_regclass($1) AS t`, [store.table]);
  if ((exists.rows[0] as { t: unknown }).t !== null) return;
  const dims = (records.find((r) => Array.isArray(r.vector))?.vector as number[]).length;
  await db.exec(pgvectorSchemaSql(collection, { dimensions: dims }));
  const props = collection.properties;
  const cols = ["id", ...props.map((p) => store.columns[p.name] ?? p.name), store.vectorColumn];
  const placeholders = cols.map((_, i) => `$${i + 1}`).join(", ");
  const sql = `INSERT INTO "${store.table}" (${
    cols.map((c) => `"${c}"`).join(", ")
  }) VALUES (${placeholders})`;
  for (const r of records) {
    const values = props.map((p) => {
      const v = r[p.name];
      if (v === undefined) return null;
      return p.dataType[0] === "geoCoordinates" || p.dataType[0] === "phoneNumber"
        ? JSON.stringify(v)
        : v;
    });
    const vector = Array.isArray(r.vector) ? JSON.stringify(r.vector) : null;
    await db.db.query(sql, [r.id, ...values, vector]);
  }
}

/** An executor wrapper whose upstream can be made to fail or hang (contract faults). */
export function faultyExecutor(inner: SqlExecutor): SqlExecutor & {
  fault(mode: ContractFault | "refused" | "malformed"): void;
} {
  let mode: ContractFault | "refused" | "malformed";
  return {
    fault: (m) => (mode = m),
    query(text, params, opts) {
      switch (mode) {
        case "error":
          return Promise.reject(
            Object.assign(new Error("terminating connection due to administrator command"), {
              code: "57P01",
              severity: "FATAL",
            }),
          );
        case "refused":
          return Promise.reject(
            Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
              code: "ECONNREFUSED",
            }),
          );
        case "hang":
          return new Promise((_, reject) => {
            opts.signal.addEventListener("abort", () => reject(opts.signal.reason), { once: true });
          });
        case "malformed":
          return Promise.resolve([{ _id: 42, _d: "far" }]);
        default:
          return inner.query(text, params, opts);
      }
    },
  };
}
