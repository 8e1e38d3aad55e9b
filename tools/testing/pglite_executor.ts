/**
 * {@link SqlExecutor} over PGlite (Postgres 18 compiled to WASM, in process) with its pgvector
 * extension. Used by the tests: real Postgres SQL, real `vector` type and HNSW indexes, no server.
 * Not a production store: PGlite keeps its data in the isolate's memory (see README, "pgvector").
 * @module
 */
import { PGlite } from "npm:@electric-sql/pglite@0.5.14";
import { vector } from "npm:@electric-sql/pglite-pgvector@0.0.15";
import { abortable } from "../../src/core/abortable.ts";
import type { SqlExecutor } from "../../src/stores/pgvector/executor.ts";

/** A PGlite executor plus direct access to the database (seeding in tests). */
export interface PgliteExecutor extends SqlExecutor {
  readonly db: PGlite;
  /** Runs several statements without parameters (DDL, seeding). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts an in-memory PGlite with pgvector loaded (`CREATE EXTENSION vector` done). */
export async function createPgliteExecutor(): Promise<PgliteExecutor> {
  const db = await PGlite.create({ extensions: { vector } });
  await db.exec(
    "CREATE EXTENSION IF NOT EXISTS vector; SET hnsw.iterative_scan = strict_order;",
  );
  return {
    db,
    async query(text, params, { signal }) {
      // PGlite runs one statement at a time in process and cannot cancel it: abort stops waiting.
      const res = await abortable(db.query<Record<string, unknown>>(text, [...params]), signal);
      return res.rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}
