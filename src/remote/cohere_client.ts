/**
 * The Cohere v2 SDK client shared by `reranker-cohere` and `text2vec-cohere`: how a module reaches
 * the API (key, base URL, timeout), the client for one call, and Weaviate's Cohere error texts.
 * The SDK is loaded on first use, not at start-up.
 * @module
 */
import type { RemoteConnection } from "./connection.ts";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../core/module_deps.ts";
import { guardedFetch } from "./capped_body.ts";
import { parseRetryAfter, ProviderError, type ProviderErrorOptions } from "./policy.ts";
import { providerTarget } from "./provider_target.ts";
import { jsonErrorText } from "./redact.ts";

/** The SDK's production host (`CohereEnvironment.Production`). */
export const COHERE_DEFAULT_BASE_URL = "https://api.cohere.com";
/** How a Cohere module reaches the API: shared by the reranker and the embedder. */
export interface CohereConnectionOptions extends RemoteConnection {
  /** The model; each module has its own default. */
  readonly model?: string;
  /** Trusted (operator-written) base URL; default {@link COHERE_DEFAULT_BASE_URL}. */
  readonly baseURL?: string;
  /** Env variable with the key when no `X-Cohere-Api-Key` header is sent; default COHERE_APIKEY. */
  readonly apiKeyEnv?: string;
}

/** One Cohere call, ready to go: the client, the key and how error texts name the endpoint. */
export interface CohereCall {
  readonly client: InstanceType<Sdk["CohereClientV2"]>;
  readonly key: string;
  /** `send POST request: Post "<url>"` with the URL as error texts may show it. */
  readonly label: string;
  /** Set for an operator-configured base URL: never named in an error text. */
  readonly internalUrl?: string;
}

/** Options of {@link prepareCohereCall}. */
export interface PrepareCohereCallOptions {
  /** Lower-cased request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The API path, e.g. `/v2/rerank`. */
  readonly path: string;
  /** The env variable of the operator's key. */
  readonly apiKeyEnv: string;
  /** The text when there is no key at all. */
  readonly missingKey: string;
  readonly signal: AbortSignal;
}

/**
 * Picks key and base URL of one call (header key first, then env; `X-Cohere-Baseurl` only with a
 * request key or an allow-listed host) and builds the client. Rejects with Weaviate's texts.
 */
export async function prepareCohereCall(
  conn: CohereConnectionOptions,
  opts: PrepareCohereCallOptions,
): Promise<CohereCall> {
  const requestKey = opts.headers["x-cohere-api-key"];
  const key = requestKey || conn.env(opts.apiKeyEnv);
  if (!key) throw new Error(opts.missingKey);
  const target = await providerTarget({
    headerBaseUrl: opts.headers["x-cohere-baseurl"],
    baseUrlHeader: "X-Cohere-Baseurl",
    keyHeader: "X-Cohere-Api-Key",
    keyFromRequest: Boolean(requestKey),
    configured: conn.baseURL ?? COHERE_DEFAULT_BASE_URL,
    defaultBaseUrl: COHERE_DEFAULT_BASE_URL,
    policy: {
      allowPrivate: conn.allowPrivateBaseUrls,
      allowList: conn.baseUrlAllowList,
      resolveHost: conn.resolveHost,
    },
    signal: opts.signal,
  });
  const client = await cohereClient({
    key,
    baseUrl: target.baseUrl,
    timeoutMs: conn.timeoutMs,
    maxResponseBytes: conn.maxResponseBytes,
    fetch: conn.fetch,
  });
  return {
    client,
    key,
    label: `send POST request: Post ${JSON.stringify(`${target.shown}${opts.path}`)}`,
    internalUrl: target.internalUrl,
  };
}

type Sdk = typeof import("cohere-ai");
let sdk: Promise<Sdk> | undefined;

/** Options of {@link cohereClient}. */
export interface CohereClientOptions {
  readonly key: string;
  /** Already checked (config or `checkHeaderBaseUrl`), no trailing slash. */
  readonly baseUrl: string;
  /** The caller's budget; the SDK's own timer gets a second more so that ours wins the race. */
  readonly timeoutMs: number;
  /** Largest answer read, in bytes; default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  readonly maxResponseBytes?: number;
  readonly fetch?: typeof fetch;
}

/**
 * A v2 SDK client for one call (the key may differ per request), shared by `reranker-cohere` and
 * `text2vec-cohere`. SDK retries are off: the one retry is {@link callWithRetry}'s. Its fetch
 * follows no redirect and reads at most `maxResponseBytes` of an answer. The SDK is loaded on
 * first use.
 */
export async function cohereClient(
  opts: CohereClientOptions,
): Promise<InstanceType<Sdk["CohereClientV2"]>> {
  const { CohereClientV2 } = await (sdk ??= import("cohere-ai"));
  return new CohereClientV2({
    token: opts.key,
    baseUrl: opts.baseUrl,
    timeoutInSeconds: opts.timeoutMs / 1000 + 1,
    maxRetries: 0,
    fetch: guardedFetch(opts.fetch ?? fetch, {
      maxBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      errorText: (status, detail) =>
        `connection to Cohere API failed with status ${status}: ${detail}`,
    }),
    logging: { silent: true },
    headers: { "Request-Source": "unspecified:rerank-gateway" },
  });
}

/**
 * `unmarshal error from response body: ...` for a body that is not the expected JSON. Status and
 * Retry-After are kept so that a proxy's HTML 502 is still retried once.
 */
export function unmarshalError(text: string, opts: ProviderErrorOptions = {}): ProviderError {
  try {
    JSON.parse(text);
    return new ProviderError("unmarshal error from response body: unexpected response shape", opts);
  } catch (err) {
    return new ProviderError(`unmarshal error from response body: ${jsonErrorText(err)}`, opts);
  }
}

/**
 * Maps an SDK error to Weaviate's Cohere texts; keeps status and Retry-After for the retry.
 * `label` is {@link CohereCall.label}.
 */
export function toProviderError(err: unknown, label: string): unknown {
  if (err instanceof ProviderError || !(err instanceof Error)) return err;
  // Thrown by our own fetch (redirect, answer too large): the SDK keeps it as the cause.
  if ((err as { cause?: unknown }).cause instanceof ProviderError) {
    return (err as { cause: ProviderError }).cause;
  }
  const e = err as Error & {
    statusCode?: number;
    body?: unknown;
    rawResponse?: { headers?: Headers };
    cause?: unknown;
  };
  if (e.statusCode !== undefined) {
    const retryAfterMs = parseRetryAfter(e.rawResponse?.headers?.get?.("retry-after"));
    const status = { status: e.statusCode, retryAfterMs };
    let body = e.body;
    const text = typeof body === "string" ? body : "";
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        return unmarshalError(text, status);
      }
    }
    const message = typeof (body as { message?: unknown })?.message === "string"
      ? (body as { message: string }).message
      : "";
    return new ProviderError(
      `connection to Cohere API failed with status ${e.statusCode}${message ? `: ${message}` : ""}`,
      status,
    );
  }
  // A malformed JSON error body makes the SDK throw its parser's SyntaxError, status lost.
  if (e.cause instanceof SyntaxError) {
    return new ProviderError(`unmarshal error from response body: ${jsonErrorText(e.cause)}`);
  }
  if (e.name === "CohereTimeoutError") return err;
  return new ProviderError(`${label}: ${e.message}`);
}
