/**
 * Bearer API-key authentication with Weaviate's rules and exact 401 bodies (spec §4.3). Keys are
 * compared in constant time and never logged or echoed.
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { errorResponse, type GatewayError, httpError } from "../errors/http_errors.ts";
import type { Services } from "../pipeline/services.ts";
import { isConsoleRequest } from "./console.ts";

const encoder = new TextEncoder();

/**
 * Paths Weaviate serves without authentication: the root redirect, the `/v1` links list and the
 * `/v1/.well-known/*` probes (live, ready, openid-configuration).
 */
export function isPublicPath(path: string): boolean {
  return path === "/" || path === "/v1" || path === "/v1/" || path.startsWith("/v1/.well-known/");
}

/**
 * Compares two byte strings in time that depends only on their lengths, not on where they differ.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let diff = a.length ^ b.length;
  for (let i = 0; i < length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Options of {@link createAuthMiddleware}. */
export interface AuthOptions {
  /** Answers a refusal (default: Weaviate's body; the rerank APIs answer in their own shapes). */
  readonly render?: (c: Context, err: GatewayError) => Response;
  /**
   * Paths where an `Authorization` header is ignored while no API key is configured and
   * anonymous access is on (Weaviate refuses it: 401 "no authentication scheme").
   */
  readonly tokenIgnoredWhenOpen?: (path: string) => boolean;
}

/**
 * Weaviate's authentication middleware:
 * - no `Authorization` header: allowed when anonymous access is enabled, else 401;
 * - a header but no API keys configured: 401 (Weaviate refuses rather than ignoring it);
 * - a header with a key that is not configured (or not a Bearer token): 401 invalid api key.
 * Public paths, the console page and its assets, and CORS preflights (`OPTIONS`) pass through.
 */
export function createAuthMiddleware(
  services: Services,
  opts: AuthOptions = {},
): MiddlewareHandler {
  const render = opts.render ?? ((_c: Context, err: GatewayError) => errorResponse(err));
  const keys = services.apiKeys.filter((k) => k !== "").map((k) => encoder.encode(k));
  const anonymous = services.config.authentication.anonymousAccessEnabled;
  return async (c, next) => {
    const open = c.req.method === "OPTIONS" || isPublicPath(c.req.path) ||
      isConsoleRequest(c.req.raw, c.req.path);
    if (open) return await next();
    const header = c.req.header("authorization");
    if (header === undefined) {
      if (anonymous) return await next();
      return render(c, httpError("anonymous_not_enabled"));
    }
    if (keys.length === 0) {
      // SDKs that always send a token (cohere-ai) still work with an open gateway.
      if (anonymous && opts.tokenIgnoredWhenOpen?.(c.req.path)) return await next();
      return render(c, httpError("no_auth_scheme"));
    }
    const token = bearerToken(header);
    if (token === undefined || !matchesAny(encoder.encode(token), keys)) {
      return render(c, httpError("invalid_api_key"));
    }
    await next();
  };
}

/**
 * The admin endpoints' check: a configured API key is always required, also when anonymous access
 * is enabled. Returns the 401 to answer, or `undefined` when the key is good.
 */
export function adminAuthError(
  header: string | undefined,
  apiKeys: readonly string[],
): GatewayError | undefined {
  const keys = apiKeys.filter((k) => k !== "").map((k) => encoder.encode(k));
  if (keys.length === 0) return httpError("admin_needs_key");
  if (header === undefined) return httpError("anonymous_not_enabled");
  const token = bearerToken(header);
  if (token === undefined || !matchesAny(encoder.encode(token), keys)) {
    return httpError("invalid_api_key");
  }
  return undefined;
}

function bearerToken(header: string): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

/** Checks every key, without stopping at the first match, so timing does not reveal which. */
function matchesAny(token: Uint8Array, keys: readonly Uint8Array[]): boolean {
  let found = false;
  for (const key of keys) found = timingSafeEqual(token, key) || found;
  return found;
}
