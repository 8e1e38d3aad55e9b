/**
 * Checks a provider base URL that arrives in a request header (`X-Cohere-Baseurl`, ...). A client
 * must not be able to point the gateway at its own network (SSRF), so such URLs must be https and
 * name a public host unless the operator allows private ones (`modules.allowPrivateBaseUrls`).
 * The config's own base URLs are trusted: the operator wrote them.
 *
 * Literal addresses (IPv4, IPv6 and the IPv6 forms that embed an IPv4 address: IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4) and internal names (single labels, `.internal`, `.svc`, ...) are
 * checked everywhere. Where the runtime can resolve names (Deno: `Deno.resolveDns`, A and AAAA),
 * every address a name resolves to is checked too, and a name that does not resolve is refused.
 * Cloudflare Workers have no DNS API: there only the literal checks apply, so a public name that
 * resolves to a private address passes. (A Worker's `fetch` leaves from Cloudflare's network, not
 * from the operator's, so such an address is not the operator's network unless a Tunnel or VPC
 * binding makes it so.)
 * The check and the connection resolve separately: a name that changes its answer between the two
 * (DNS rebinding) is not caught; that is why the operator's key never goes to such a host
 * (`src/remote/provider_target.ts`).
 * @module
 */
import type { HostResolver } from "../core/runtime.ts";

/** Options of {@link checkHeaderBaseUrl}. */
export interface HeaderBaseUrlOptions {
  /** The header's name as Weaviate spells it, e.g. `X-Cohere-Baseurl` (starts every message). */
  readonly header: string;
  /** `modules.allowPrivateBaseUrls`: http and private hosts are accepted. */
  readonly allowPrivate: boolean;
  /** Resolves host names (Deno); without one only literal checks apply (Workers). */
  readonly resolveHost?: HostResolver;
  /** The caller's signal; its reason is rethrown unchanged. */
  readonly signal: AbortSignal;
}

/** Returns the normalised URL (no trailing slash) or rejects with a client-visible reason. */
export async function checkHeaderBaseUrl(raw: string, opts: HeaderBaseUrlOptions): Promise<string> {
  const { header, allowPrivate } = opts;
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
  const privateHost = new Error(
    `${header}: base URL must not point to a private or loopback address`,
  );
  if (!allowPrivate) {
    if (isPrivateHost(url.hostname)) throw privateHost;
    if (opts.resolveHost && !isIpLiteral(url.hostname)) {
      let addresses: readonly string[];
      try {
        addresses = await opts.resolveHost(url.hostname, opts.signal);
      } catch {
        if (opts.signal.aborted) throw opts.signal.reason;
        addresses = [];
      }
      if (addresses.length === 0) {
        throw new Error(`${header}: base URL host ${url.hostname} does not resolve`);
      }
      if (addresses.some((a) => isPrivateAddress(a))) throw privateHost;
    }
  }
  return url.href.replace(/\/+$/, "");
}

/** Internal name suffixes: never public, whatever DNS says. */
const INTERNAL_SUFFIX_RE =
  /\.(localhost|local|internal|home\.arpa|svc|lan|localdomain|intranet|corp|home|private)$/;

/**
 * True for loopback, private, link-local, special-use and other non-public hosts and addresses,
 * judged from the name alone: single-label names (`metadata`, `kubernetes`) resolve through the
 * search domain, so they count as internal too.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = bare(hostname);
  if (host === "" || host === "localhost" || INTERNAL_SUFFIX_RE.test(host)) return true;
  if (isIpLiteral(host)) return isPrivateAddress(host);
  return !host.includes(".");
}

/** True for a non-public IPv4 or IPv6 address; `false` for anything that is not an address. */
export function isPrivateAddress(address: string): boolean {
  const host = bare(address);
  const v4 = ipv4(host);
  if (v4) return privateV4(v4);
  const v6 = ipv6(host);
  return v6 ? privateV6(v6) : false;
}

function bare(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
}

function isIpLiteral(hostname: string): boolean {
  const host = bare(hostname);
  return ipv4(host) !== undefined || ipv6(host) !== undefined;
}

function ipv4(host: string): number[] | undefined {
  const m = host.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part allowed). */
function ipv6(host: string): number[] | undefined {
  if (!host.includes(":") || !/^[0-9a-f:.]+$/.test(host)) return undefined;
  let text = host;
  const tail: number[] = [];
  const dotted = text.match(/^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (dotted) {
    const v4 = ipv4(dotted[2]);
    if (!v4) return undefined;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    text = dotted[1].endsWith("::") ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => /^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN);
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const given = head.length + rest.length + tail.length;
  if ([...head, ...rest].some(Number.isNaN)) return undefined;
  if (halves.length === 1 && given !== 8) return undefined;
  if (halves.length === 2 && given > 7) return undefined;
  return [...head, ...new Array(8 - given).fill(0), ...rest, ...tail];
}

function privateV4([a, b, c]: number[]): boolean {
  return a === 0 || a === 10 || a === 127 || a >= 224 || // this network, private, loopback, multicast+
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) || // IETF assignments, TEST-NET-1
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) || // TEST-NET-2
    (a === 203 && b === 0 && c === 113); // TEST-NET-3
}

function privateV6(g: number[]): boolean {
  const embedded = (hi: number, lo: number) => privateV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::/96 (unspecified, loopback, IPv4-compatible ::a.b.c.d) inherits the IPv4 rule.
  if (zero(0, 6)) return embedded(g[6], g[7]);
  // IPv4-mapped ::ffff:0:0/96 and SIIT ::ffff:0:0:0/96: never needed for a public API.
  if (zero(0, 5) && g[5] === 0xffff) return true;
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return true;
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4 address.
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return embedded(g[6], g[7]);
  // Local-use NAT64 64:ff9b:1::/48 (RFC 8215).
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return true;
  // 6to4 2002::/16 carries an IPv4 address in bits 16-47.
  if (g[0] === 0x2002) return embedded(g[1], g[2]);
  // Teredo 2001::/32 (obfuscated IPv4) and documentation 2001:db8::/32.
  if (g[0] === 0x2001 && (g[1] === 0 || g[1] === 0xdb8)) return true;
  // Discard-only 100::/64.
  if (g[0] === 0x100 && zero(1, 4)) return true;
  return (g[0] & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (g[0] & 0xff80) === 0xfe80 || // link-local fe80::/10 and site-local fec0::/10
    (g[0] & 0xff00) === 0xff00; // multicast
}
