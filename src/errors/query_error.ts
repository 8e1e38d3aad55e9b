/**
 * A resolver error whose message is shown to the client verbatim (Weaviate's texts), as opposed
 * to unexpected errors, which are masked before they leave the gateway.
 * @module
 */

/** A client-facing error of one class field (becomes `{"message", "path": ["Get","C"]}`). */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}
