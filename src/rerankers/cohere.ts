/**
 * `reranker-cohere`: Cohere's v2 rerank through the `cohere-ai` SDK, with Weaviate's key and base
 * URL rules and error texts (spec §2.7, §3.1). The SDK is loaded on first use, not at start-up.
 * @module
 */
import { rerankInBatches } from "./batching.ts";
import { checkHeaderBaseUrl } from "./base_url.ts";
import {
  callWithRetry,
  maskUrl,
  parseRetryAfter,
  ProviderError,
  type ProviderErrorOptions,
} from "./remote.ts";
import type { Reranker, RerankOptions, RerankScore } from "./reranker.ts";

/** Weaviate's default model (`DefaultCohereModel`). */
export const COHERE_DEFAULT_MODEL = "rerank-v3.5";
/** The SDK's production host (`CohereEnvironment.Production`). */
export const COHERE_DEFAULT_BASE_URL = "https://api.cohere.com";
/** Cohere's recommended maximum per call; Weaviate's `maxDocuments`. */
export const COHERE_MAX_DOCUMENTS = 1000;

/** How a Cohere module reaches the API: shared by the reranker and the embedder. */
export interface CohereConnectionOptions {
  /** The model; each module has its own default. */
  readonly model?: string;
  /** Trusted (operator-written) base URL; default {@link COHERE_DEFAULT_BASE_URL}. */
  readonly baseURL?: string;
  /** Env variable with the key when no `X-Cohere-Api-Key` header is sent; default COHERE_APIKEY. */
  readonly apiKeyEnv?: string;
  /** Reads an environment variable. */
  readonly env: (name: string) => string | undefined;
  /** Budget per provider call (chunks, the retry and the body read included). */
  readonly timeoutMs: number;
  /** Lets `X-Cohere-Baseurl` name http and private/loopback hosts. */
  readonly allowPrivateBaseUrls?: boolean;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
}

/** Options of {@link createCohereReranker} (model default {@link COHERE_DEFAULT_MODEL}). */
export type CohereRerankerOptions = CohereConnectionOptions;

type Sdk = typeof import("cohere-ai");
let sdk: Promise<Sdk> | undefined;

/** Options of {@link cohereClient}. */
export interface CohereClientOptions {
  readonly key: string;
  /** Already checked (config or {@link checkHeaderBaseUrl}), no trailing slash. */
  readonly baseUrl: string;
  /** The caller's budget; the SDK's own timer gets a second more so that ours wins the race. */
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

/**
 * A v2 SDK client for one call (the key may differ per request), shared by `reranker-cohere` and
 * `text2vec-cohere`. SDK retries are off: the one retry is {@link callWithRetry}'s. The SDK is
 * loaded on first use.
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
    fetch: opts.fetch,
    logging: { silent: true },
    headers: { "Request-Source": "unspecified:rerank-gateway" },
  });
}

/** Creates the Cohere reranker; one SDK call per chunk of ≤1000 documents, in parallel. */
export function createCohereReranker(opts: CohereRerankerOptions): Reranker {
  const model = opts.model ?? COHERE_DEFAULT_MODEL;
  const apiKeyEnv = opts.apiKeyEnv ?? "COHERE_APIKEY";
  const configured = (opts.baseURL ?? COHERE_DEFAULT_BASE_URL).replace(/\/+$/, "");
  return {
    name: "reranker-cohere",
    maxDocuments: COHERE_MAX_DOCUMENTS,
    async rerank(query: string, documents: readonly string[], call: RerankOptions) {
      call.signal.throwIfAborted();
      if (documents.length === 0) return [];
      const headers = call.headers ?? {};
      const key = headers["x-cohere-api-key"] || opts.env(apiKeyEnv);
      if (!key) {
        throw new Error(
          "Cohere API Key: no api key found neither in request header: X-Cohere-Api-Key nor in " +
            `environment variable under ${apiKeyEnv}`,
        );
      }
      const fromHeader = headers["x-cohere-baseurl"];
      const baseUrl = fromHeader
        ? checkHeaderBaseUrl(fromHeader, "X-Cohere-Baseurl", opts.allowPrivateBaseUrls ?? false)
        : configured;
      const client = await cohereClient({
        key,
        baseUrl,
        timeoutMs: opts.timeoutMs,
        fetch: opts.fetch,
      });
      const url = `${baseUrl}/v2/rerank`;
      const rankChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal): Promise<RerankScore[]> => {
          try {
            const res = await client.rerank(
              { model, query, documents: [...chunk] },
              { abortSignal: attemptSignal, maxRetries: 0 },
            );
            return readResults(res);
          } catch (err) {
            throw toProviderError(err, url);
          }
        }, {
          signal,
          timeoutMs: opts.timeoutMs,
          label: `send POST request: Post ${JSON.stringify(maskUrl(url))}`,
          secrets: [key],
        });
      return await rerankInBatches(documents, rankChunk, {
        maxDocuments: COHERE_MAX_DOCUMENTS,
        signal: call.signal,
      });
    },
  };
}

/** `results[].index/relevance_score`, or the SDK's "non-json" marker for an unparseable 200. */
function readResults(res: unknown): RerankScore[] {
  const body = res as { results?: unknown; error?: { reason?: string; rawBody?: string } };
  if (!Array.isArray(body?.results)) {
    if (body?.error?.reason === "non-json") throw unmarshalError(body.error.rawBody ?? "");
    throw new ProviderError("unmarshal error from response body: no results in the response");
  }
  // The SDK has already renamed the wire's `relevance_score` to `relevanceScore`.
  return body.results.map((r: { index?: unknown; relevanceScore?: unknown }) => ({
    index: r?.index as number,
    score: r?.relevanceScore as number,
  }));
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
    return new ProviderError(`unmarshal error from response body: ${(err as Error).message}`, opts);
  }
}

/** Maps an SDK error to Weaviate's Cohere texts; keeps status and Retry-After for the retry. */
export function toProviderError(err: unknown, url: string): unknown {
  if (err instanceof ProviderError || !(err instanceof Error)) return err;
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
    return new ProviderError(`unmarshal error from response body: ${e.cause.message}`);
  }
  if (e.name === "CohereTimeoutError") return err;
  return new ProviderError(
    `send POST request: Post ${JSON.stringify(maskUrl(url))}: ${e.message}`,
  );
}
