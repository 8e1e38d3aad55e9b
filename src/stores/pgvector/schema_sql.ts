/**
 * The DDL a pgvector collection expects, for docs and tests (the gateway never runs it itself):
 * the table (uuid id, one column per property, `vector(n)`), an HNSW index with the metric's
 * operator class and a GIN index on the full-text expression bm25 uses.
 * @module
 */
import { storeConfigOf } from "../../config/store_settings.ts";
import type { PgvectorStoreConfig } from "./config.ts";
import type { CollectionConfig, DataType } from "../../config/types.ts";
import { quoteIdent } from "./sql.ts";
import { pgTable, searchableColumns } from "./table.ts";

const COLUMN_TYPES: Record<DataType, string> = {
  "text": "text",
  "text[]": "text[]",
  "string": "text",
  "string[]": "text[]",
  "int": "bigint",
  "int[]": "bigint[]",
  "number": "double precision",
  "number[]": "double precision[]",
  "boolean": "boolean",
  "boolean[]": "boolean[]",
  "date": "timestamptz",
  "date[]": "timestamptz[]",
  "uuid": "uuid",
  "uuid[]": "uuid[]",
  "geoCoordinates": "jsonb",
  "phoneNumber": "jsonb",
  "blob": "text",
};

const OPCLASS: Record<string, string> = {
  "cosine": "vector_cosine_ops",
  "l2-squared": "vector_l2_ops",
  "dot": "vector_ip_ops",
  "manhattan": "vector_l1_ops",
};

/** Options of {@link pgvectorSchemaSql}. */
export interface SchemaSqlOptions {
  /** Vector length of the `vector(n)` column. */
  readonly dimensions: number;
}

/** `CREATE EXTENSION`, `CREATE TABLE` and the two indexes for `collection`'s pgvector store. */
export function pgvectorSchemaSql(collection: CollectionConfig, opts: SchemaSqlOptions): string {
  const store: PgvectorStoreConfig = storeConfigOf(collection, "pgvector");
  if (!Number.isInteger(opts.dimensions) || opts.dimensions < 1) {
    throw new Error(`invalid dimensions ${opts.dimensions}`);
  }
  const t = pgTable(collection, store);
  const opclass = OPCLASS[t.metric];
  if (!opclass) throw new Error(`the pgvector store does not support the ${t.metric} distance`);
  const columns = [
    `${t.id} uuid PRIMARY KEY`,
    ...[...t.columns.values()].map((c) => `${c.sql} ${COLUMN_TYPES[c.dataType]}`),
    `${t.vector} vector(${opts.dimensions})`,
  ];
  const base = store.table.replace(/[^A-Za-z0-9_]/g, "_");
  const lines = [
    "CREATE EXTENSION IF NOT EXISTS vector;",
    `CREATE TABLE IF NOT EXISTS ${t.table} (\n  ${columns.join(",\n  ")}\n);`,
    `CREATE INDEX IF NOT EXISTS ${
      quoteIdent(`${base}_hnsw`)
    } ON ${t.table} USING hnsw (${t.vector} ${opclass});`,
  ];
  const text = searchableColumns(t);
  if (text.some((c) => c.isArray)) {
    // array_to_string is not IMMUTABLE, so no expression index can cover text[] columns.
    lines.push("-- no full-text index: a searchable text[] column cannot be indexed");
  } else if (text.length > 0) {
    const doc = text.map((c) =>
      `to_tsvector(${t.textConfig}, coalesce(${
        c.isArray ? `array_to_string(${c.sql}, ' ')` : c.sql
      }, ''))`
    ).join(" || ");
    lines.push(
      `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${base}_fts`)} ON ${t.table} USING gin ((${doc}));`,
    );
  }
  return lines.join("\n") + "\n";
}
