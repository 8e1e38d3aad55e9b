/**
 * A resolver error whose message is shown to the client verbatim (Weaviate's texts), as opposed
 * to unexpected errors, which are masked before they leave the gateway. Errors of the catalogue
 * (`query_errors.ts`) carry their code.
 * @module
 */

/** Options of {@link QueryError}. */
export interface QueryErrorOptions {
  /** The catalogue code (`store_search`, ...); absent for texts that come from elsewhere. */
  readonly code?: string;
}

/** A client-facing error of one class field (becomes `{"message", "path": ["Get","C"]}`). */
export class QueryError extends Error {
  /** The catalogue code, for logs and metrics (never shown to the client). */
  readonly code?: string;

  constructor(message: string, opts: QueryErrorOptions = {}) {
    super(message);
    this.name = "QueryError";
    this.code = opts.code;
  }
}
