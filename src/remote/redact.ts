/**
 * Secret redaction for every text that can leave the gateway (error messages, logs): bearer
 * tokens, `key=value` secrets, URL userinfo and, when known, the exact secret values. One set of
 * patterns for providers, stores and the GraphQL error formatter alike.
 * @module
 */

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/(bearer\s+)[^\s"',;)]+/gi, "$1***"],
  [/((?:api[_-]?key|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, "$1***"],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"]*@/gi, "$1***@"],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, "$1***@"],
];

/**
 * Removes credentials from a text: bearer tokens, key=value secrets, URL userinfo and every
 * occurrence of the given `secrets` (values shorter than 4 characters are ignored: they would mask
 * ordinary words, and a key that short is not a real key).
 */
export function redactSecrets(
  message: string,
  secrets: readonly (string | undefined)[] = [],
): string {
  let out = message;
  for (const [re, to] of SECRET_PATTERNS) out = out.replace(re, to);
  for (const s of secrets) {
    if (s !== undefined && s.length >= 4) out = out.split(s).join("***");
  }
  return out;
}

/** Replaces a URL's userinfo with `***` (`https://u:p@host` -> `https://***@host`). */
export function maskUrl(url: string): string {
  return url.replace(SECRET_PATTERNS[2][0], SECRET_PATTERNS[2][1]);
}

/** `url` as messages and `/v1/meta` show it: scheme, host and path; no credentials, no query. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search || u.hash ? "?<redacted>" : ""}`;
  } catch {
    return "<invalid URL>";
  }
}
