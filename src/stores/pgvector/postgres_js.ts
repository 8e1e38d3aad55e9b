/**
 * {@link SqlExecutor} over postgres.js (`npm:postgres`), for real Postgres servers (Deno, and
 * Workers through Hyperdrive). Statements go through `sql.unsafe(text, params)`: the text is the
 * compiler's parameterised SQL, values are bound by the driver. An abort cancels the statement
 * server-side (`query.cancel()`).
 * @module
 */
import postgres from "postgres";
import { abortable } from "../../core/abortable.ts";
import type { SqlExecutor } from "./executor.ts";

/** Options of {@link createPostgresJsExecutor}. */
export interface PostgresJsOptions {
  /** Connection string (from the environment, never from the config file). */
  readonly url: string;
  /** Pool size; default 5 (Workers allow 6 concurrent connections). */
  readonly max?: number;
  /** Connect timeout in seconds; default 10. */
  readonly connectTimeoutSeconds?: number;
}

/** Creates a pooled postgres.js executor; connections open lazily on the first statement. */
export function createPostgresJsExecutor(opts: PostgresJsOptions): SqlExecutor {
  const sql = postgres(opts.url, {
    max: opts.max ?? 5,
    connect_timeout: opts.connectTimeoutSeconds ?? 10,
    idle_timeout: 60,
    onnotice: () => {},
  });
  return {
    query(text, params, { signal }) {
      signal.throwIfAborted();
      const pending = sql.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return abortable(
        pending.then((rows) => [...rows] as Record<string, unknown>[]),
        signal,
        () => void pending.cancel(),
      );
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
