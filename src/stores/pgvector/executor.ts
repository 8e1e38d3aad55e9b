/**
 * The SQL executor the pgvector store talks to: one parameterised statement in, rows out. Two
 * implementations: postgres.js for real servers (`postgres_js.ts`) and PGlite in process
 * (`pglite.ts`, tests).
 * @module
 */

/** One result row, keyed by column alias. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Options of one statement. */
export interface SqlQueryOptions {
  /** Cancels the statement (the implementation cancels it server-side where it can). */
  readonly signal: AbortSignal;
}

/** Runs parameterised SQL: `text` uses `$1..$n`, `params` are bound, never interpolated. */
export interface SqlExecutor {
  query(text: string, params: readonly unknown[], opts: SqlQueryOptions): Promise<SqlRow[]>;
  /** Closes connections (shutdown, tests). */
  close?(): Promise<void>;
}
