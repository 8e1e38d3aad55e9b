/**
 * Where one provider call goes and how its error texts name it. The rule that keeps the
 * operator's key at home: a base URL from a request header (`X-Cohere-Baseurl`, ...) is honoured
 * only together with a key from the same request (`X-Cohere-Api-Key`, ...); the operator's key
 * (from the environment) only ever goes to the configured base URL or to a host on
 * `modules.baseUrlAllowList`. Header base URLs also pass the private-address guard of
 * `base_url.ts`.
 *
 * Error texts show a header base URL as the client sent it (without query), the provider's public
 * default as is (Weaviate's texts), and an operator-configured one as `<configured base URL>`.
 * @module
 */
import type { HostResolver } from "../core/runtime.ts";
import { checkHeaderBaseUrl } from "./base_url.ts";
import { CONFIGURED_BASE_URL, maskUrl, redactUrl } from "./redact.ts";

/** The operator's rules for per-request base URLs (from `modules`). */
export interface BaseUrlPolicy {
  /** `modules.allowPrivateBaseUrls`. */
  readonly allowPrivate?: boolean;
  /** `modules.baseUrlAllowList`: host names that may get the operator's key. */
  readonly allowList?: readonly string[];
  /** The runtime's resolver (Deno); absent on Workers. */
  readonly resolveHost?: HostResolver;
}

/** Options of {@link providerTarget}. */
export interface ProviderTargetOptions {
  /** The request's value of the base-URL header, if any. */
  readonly headerBaseUrl?: string;
  /** The header's name as Weaviate spells it, e.g. `X-Cohere-Baseurl`. */
  readonly baseUrlHeader: string;
  /** The key header's name as Weaviate spells it, e.g. `X-Cohere-Api-Key`. */
  readonly keyHeader: string;
  /** True when the key of this call came from the request, not from the environment. */
  readonly keyFromRequest: boolean;
  /** The trusted base URL: the config's, else the provider's default. */
  readonly configured: string;
  /** The provider's public default base URL (named as is in error texts). */
  readonly defaultBaseUrl?: string;
  readonly policy: BaseUrlPolicy;
  readonly signal: AbortSignal;
}

/** Where a call goes. */
export interface ProviderTarget {
  /** Checked, no trailing slash. */
  readonly baseUrl: string;
  /** The base URL as error texts show it. */
  readonly shown: string;
  /** Set when `baseUrl` is operator-configured: error texts must not mention it. */
  readonly internalUrl?: string;
}

/** Picks the base URL of one call; rejects with a client-visible reason. */
export async function providerTarget(opts: ProviderTargetOptions): Promise<ProviderTarget> {
  const raw = opts.headerBaseUrl?.trim();
  if (!raw) {
    const configured = opts.configured.replace(/\/+$/, "");
    const isDefault = opts.defaultBaseUrl !== undefined &&
      configured === opts.defaultBaseUrl.replace(/\/+$/, "");
    return isDefault
      ? { baseUrl: configured, shown: maskUrl(configured) }
      : { baseUrl: configured, shown: CONFIGURED_BASE_URL, internalUrl: configured };
  }
  // Before any DNS look-up or call: the operator's key never goes to a host the client names.
  if (!opts.keyFromRequest && !allowListed(raw, opts.policy.allowList ?? [])) {
    throw new Error(
      `${opts.baseUrlHeader}: a base URL from the request header needs the key from the request ` +
        `too (${opts.keyHeader}); the gateway's own key is only sent to its configured base URL ` +
        "and to hosts in modules.baseUrlAllowList",
    );
  }
  const baseUrl = await checkHeaderBaseUrl(raw, {
    header: opts.baseUrlHeader,
    allowPrivate: opts.policy.allowPrivate ?? false,
    resolveHost: opts.policy.resolveHost,
    signal: opts.signal,
  });
  return { baseUrl, shown: redactUrl(baseUrl).replace(/\/+$/, "") };
}

/** True when `raw`'s host name is on the allow list (case-insensitive, trailing dot ignored). */
function allowListed(raw: string, allowList: readonly string[]): boolean {
  if (allowList.length === 0) return false;
  let host: string;
  try {
    host = new URL(raw).hostname;
  } catch {
    return false;
  }
  const norm = (h: string) => h.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  return allowList.some((h) => norm(h) === norm(host));
}
