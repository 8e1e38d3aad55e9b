/**
 * Upstream faults of the pgvector store as clear, credential-free errors. The GraphQL layer turns
 * them into an error on the class field that hit them; sibling classes still answer.
 * @module
 */
import { redactSecrets } from "../../remote/redact.ts";
import { MalformedRowError } from "./decode.ts";

/** Why a statement failed, for the message. */
export interface UpstreamContext {
  readonly className: string;
  readonly timeoutMs: number;
  /** The timeout signal of this call (set when the budget ran out). */
  readonly timeout: AbortSignal;
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/** Maps a driver error to the store's error (never with the connection string in it). */
export function upstreamError(err: unknown, ctx: UpstreamContext): Error {
  const prefix = `pgvector store of class ${ctx.className}`;
  if (ctx.timeout.aborted) {
    return new Error(`${prefix}: the database did not answer within ${ctx.timeoutMs} ms`);
  }
  if (err instanceof MalformedRowError) return new Error(`${prefix}: ${err.message}`);
  const e = err as { code?: unknown; message?: unknown; name?: unknown };
  const code = typeof e?.code === "string" ? e.code : "";
  if (CONNECT_CODES.has(code) || /ECONNREFUSED|connection refused/i.test(String(e?.message))) {
    return new Error(`${prefix}: cannot reach the database (${code || "connection refused"})`);
  }
  const message = typeof e?.message === "string" ? e.message : String(err);
  // Postgres errors carry a five-character SQLSTATE.
  const sqlstate = /^[0-9A-Z]{5}$/.test(code) ? ` ${code}` : "";
  return new Error(`${prefix}: database error${sqlstate}: ${redactSecrets(message)}`);
}
