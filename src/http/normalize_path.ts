/**
 * One spelling per path: the auth decision and the router must see the same path, or a path
 * written differently (`//v1/graphql`, `/v1/%67raphql`, `/v1/./graphql`, `/v1/graphql/`) could be
 * judged as one route and served as another.
 * @module
 */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Decodes `%XX` of unreserved characters; other escapes stay encoded, hex upper-cased. */
function decodeUnreserved(segment: string): string {
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * Normalises a URL path: repeated slashes collapsed, percent-encoded unreserved characters
 * decoded (RFC 3986 §6.2.2.2), `.` and `..` segments resolved (never above the root), and a
 * trailing slash dropped. `/` stays `/`.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    const segment = decodeUnreserved(raw);
    if (segment === ".") continue;
    if (segment === "..") {
      out.pop();
      continue;
    }
    out.push(segment);
  }
  return `/${out.join("/")}`;
}

/** Paths {@link normalizePath} could change: `//`, `%`, a `.` or `..` segment, a trailing `/`. */
const NOT_NORMAL = /\/\/|%|\/\.\.?(?:\/|$)|.\/$/;

/**
 * True when {@link normalizePath} would return `path` unchanged (checked without splitting it),
 * so the caller can skip the URL parse and the copy of the request. False only means "maybe not".
 */
export function isNormalPath(path: string): boolean {
  return path.charCodeAt(0) === 47 /* / */ && !NOT_NORMAL.test(path);
}
