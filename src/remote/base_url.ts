/**
 * Checks a provider base URL that arrives in a request header (`X-Cohere-Baseurl`, ...). A client
 * must not be able to point the gateway at its own network (SSRF), so such URLs must be https and
 * name a public host unless the operator allows private ones (`modules.allowPrivateBaseUrls`).
 * The config's own base URLs are trusted: the operator wrote them.
 *
 * Only literal addresses and well-known internal names are recognised: resolving DNS is not
 * possible on every edge runtime, so a public name that resolves to a private address passes.
 * @module
 */

/** Returns the normalised URL (no trailing slash) or throws with a client-visible reason. */
export function checkHeaderBaseUrl(raw: string, header: string, allowPrivate: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`${header}: invalid base URL`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new Error(`${header}: base URL must not contain credentials`);
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    throw new Error(`${header}: base URL must use https`);
  }
  if (!allowPrivate && isPrivateHost(url.hostname)) {
    throw new Error(`${header}: base URL must not point to a private or loopback address`);
  }
  return url.href.replace(/\/+$/, "");
}

/** True for loopback, private, link-local and other non-public hosts and addresses. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (host === "localhost" || /\.(localhost|local|internal|home\.arpa)$/.test(host)) return true;
  const v4 = ipv4(host);
  if (v4) return privateV4(v4);
  if (host.includes(":")) return privateV6(host);
  return false;
}

function ipv4(host: string): number[] | undefined {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

function privateV4([a, b]: number[]): boolean {
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

function privateV6(host: string): boolean {
  if (host === "::" || host === "::1") return true;
  // IPv4-mapped (::ffff:10.0.0.1, which URL normalises to ::ffff:a00:1) inherits the v4 rule.
  const mapped = host.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    const lo = parseInt(mapped[2], 16);
    return privateV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  return /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host) ||
    host.startsWith("::ffff:");
}
