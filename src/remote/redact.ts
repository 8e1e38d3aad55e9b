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
 * Shortest part of a known secret that is masked on its own: the length of the body excerpt V8
 * quotes in JSON parse errors (a cut-off echo of the key). Shorter runs are left alone: they
 * would mask ordinary words of the message when a key contains one.
 */
export const MIN_SECRET_FRAGMENT = 10;
/** Secrets longer than this are masked whole only (fragment search is quadratic). */
const MAX_FRAGMENT_SEARCH = 256;

/**
 * Removes credentials from a text: bearer tokens, key=value secrets, URL userinfo, every
 * occurrence of the given `secrets` (values shorter than 4 characters are ignored: they would mask
 * ordinary words, and a key that short is not a real key) and every run of at least
 * {@link MIN_SECRET_FRAGMENT} characters of one (an excerpt that cut the key, as JSON parse
 * errors do).
 */
export function redactSecrets(
  message: string,
  secrets: readonly (string | undefined)[] = [],
): string {
  let out = message;
  for (const [re, to] of SECRET_PATTERNS) out = out.replace(re, to);
  for (const s of secrets) {
    if (s === undefined || s.length < 4) continue;
    out = out.split(s).join("***");
    if (s.length <= MIN_SECRET_FRAGMENT || s.length > MAX_FRAGMENT_SEARCH) continue;
    for (let len = s.length - 1; len >= MIN_SECRET_FRAGMENT; len--) {
      for (let i = 0; i + len <= s.length; i++) {
        const part = s.slice(i, i + len);
        if (out.includes(part)) out = out.split(part).join("***");
      }
    }
  }
  return out;
}

/**
 * A JSON parse error's text without the excerpt of the body that V8 quotes in it
 * (`Unexpected token 's', "sk-live-9f"... is not valid JSON`): the body may echo a key.
 * Position-only texts (`... in JSON at position 42`) are kept as they are.
 */
export function jsonErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(
    /, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s,
    ", the body is not valid JSON",
  );
}

/** How error texts name an operator-configured base URL (it may be an internal host). */
export const CONFIGURED_BASE_URL = "<configured base URL>";

/**
 * Replaces every mention of an operator-configured (internal) base URL in `message` with
 * {@link CONFIGURED_BASE_URL}: the URL itself, its origin, and its `host:port` (and its host name
 * when that is an address or a dotted name, so fetch errors that quote the URL leak nothing).
 */
export function hideBaseUrl(message: string, baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return message;
  }
  const path = u.pathname.replace(/\/+$/, "");
  const forms = [`${u.origin}${path}`, u.origin, u.host];
  if (/[.:]/.test(u.hostname)) forms.push(u.hostname);
  let out = message;
  for (const form of forms) {
    if (form.length >= 4) out = out.split(form).join(CONFIGURED_BASE_URL);
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
