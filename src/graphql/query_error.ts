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

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(bearer\s+)[^\s"',;]+/gi, "$1***"],
  [/((?:api[_-]?key|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, "$1***"],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, "$1***@"],
];

/** Removes credentials from an error text (bearer tokens, key=value secrets, URL userinfo). */
export function redactSecrets(message: string): string {
  let out = message;
  for (const [re, to] of SECRET_PATTERNS) out = out.replace(re, to);
  return out;
}
