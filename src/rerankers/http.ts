/**
 * One JSON-over-HTTP reranker, parameterised by a {@link HttpProtocol}: Weaviate's
 * reranker-transformers container, TEI, Jina, Voyage and Mixedbread differ only in path, body,
 * answer shape, key header and error wording. Timeout, retry, batching and masking are shared.
 * @module
 */
import type { RemoteConnection } from "../remote/connection.ts";
import { rerankInBatches } from "./batching.ts";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../core/module_deps.ts";
import {
  AnswerTooLargeError,
  discardBody,
  isRedirect,
  readCappedText,
  REDIRECT_DETAIL,
} from "../remote/capped_body.ts";
import { callWithRetry, parseRetryAfter, ProviderError } from "../remote/policy.ts";
import { providerTarget } from "../remote/provider_target.ts";
import { jsonErrorText } from "../remote/redact.ts";
import type { Reranker, RerankOptions, RerankScore } from "../core/reranker.ts";

/** Where a provider's key comes from (Weaviate's convention: header first, then env). */
export interface KeySource {
  /** Request header, e.g. `X-Jinaai-Api-Key`. */
  readonly header: string;
  /** Default env variable, e.g. `JINAAI_APIKEY`. */
  readonly env: string;
  /** Self-hosted servers (TEI) may run without a key. */
  readonly optional?: boolean;
}

/** What differs between the HTTP rerank APIs. */
export interface HttpProtocol {
  /** Weaviate-style module name. */
  readonly module: string;
  /** Used in error texts (`JinaAI API Key: ...`). */
  readonly provider: string;
  /** Appended to the base URL, e.g. `/rerank`. */
  readonly path: string;
  readonly maxDocuments: number;
  readonly defaultBaseURL?: string;
  readonly defaultModel?: string;
  readonly key?: KeySource;
  /** Request header that may replace the base URL per request. */
  readonly baseUrlHeader?: string;
  /** The request body for one chunk. */
  body(query: string, documents: readonly string[], model: string | undefined): unknown;
  /** Scores (chunk indices) from a parsed 200 answer; throws a plain Error on a bad shape. */
  scores(answer: unknown, count: number): RerankScore[];
  /** Message for a non-2xx status; `detail` is the body's error text or `""`. */
  statusError(status: number, detail: string): string;
  /** Message for a body that is not JSON. */
  parseError(status: number, detail: string): string;
}

/** Options of {@link createHttpReranker}. */
export interface HttpRerankerOptions extends RemoteConnection {
  /** Base URL from the config (trusted); falls back to the protocol's default. */
  readonly baseURL?: string;
  readonly model?: string;
  /** Env variable with the key; default the protocol's. */
  readonly apiKeyEnv?: string;
  /** Chunk size; default and maximum the protocol's `maxDocuments`. */
  readonly batchSize?: number;
}

/** Creates a reranker that speaks `protocol`. Throws when no base URL is known. */
export function createHttpReranker(protocol: HttpProtocol, opts: HttpRerankerOptions): Reranker {
  const configured = opts.baseURL ?? protocol.defaultBaseURL;
  if (!configured) throw new Error(`${protocol.module}: "url" is required`);
  const maxDocuments = Math.min(opts.batchSize ?? protocol.maxDocuments, protocol.maxDocuments);
  const doFetch = opts.fetch ?? fetch;
  return {
    name: protocol.module,
    maxDocuments,
    async rerank(query: string, documents: readonly string[], call: RerankOptions) {
      call.signal.throwIfAborted();
      if (documents.length === 0) return [];
      const headers = call.headers ?? {};
      const found = protocol.key ? findKey(protocol, protocol.key, headers, opts) : undefined;
      const key = found?.key;
      const target = await providerTarget({
        headerBaseUrl: protocol.baseUrlHeader
          ? headers[protocol.baseUrlHeader.toLowerCase()]
          : undefined,
        baseUrlHeader: protocol.baseUrlHeader ?? "",
        keyHeader: protocol.key?.header ?? "",
        // No key at all (TEI without one): nothing of the operator's can travel.
        keyFromRequest: found?.fromRequest ?? true,
        configured,
        defaultBaseUrl: protocol.defaultBaseURL,
        policy: {
          allowPrivate: opts.allowPrivateBaseUrls,
          allowList: opts.baseUrlAllowList,
          resolveHost: opts.resolveHost,
        },
        signal: call.signal,
      });
      const url = `${target.baseUrl}${protocol.path}`;
      const label = `send POST request: Post ${JSON.stringify(`${target.shown}${protocol.path}`)}`;
      const rankChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal) => {
          const res = await post(doFetch, url, {
            body: protocol.body(query, chunk, opts.model ?? protocol.defaultModel),
            key,
            signal: attemptSignal,
            label,
            maxBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
            errorText: (status, detail) => protocol.statusError(status, detail),
          });
          return readAnswer(protocol, res, chunk.length);
        }, {
          signal,
          timeoutMs: opts.timeoutMs,
          label,
          secrets: [key],
          internalUrl: target.internalUrl,
        });
      return await rerankInBatches(documents, rankChunk, { maxDocuments, signal: call.signal });
    },
  };
}

/** The key of one call and whether it came from the request (header first, then env). */
function findKey(
  protocol: HttpProtocol,
  source: KeySource,
  headers: Readonly<Record<string, string>>,
  opts: HttpRerankerOptions,
): { key?: string; fromRequest: boolean } | undefined {
  const env = opts.apiKeyEnv ?? source.env;
  const fromHeader = headers[source.header.toLowerCase()];
  if (fromHeader) return { key: fromHeader, fromRequest: true };
  const key = opts.env(env);
  if (!key && !source.optional) {
    throw new Error(
      `${protocol.provider} API Key: no api key found neither in request header: ${source.header} nor in environment ` +
        `variable under ${env}`,
    );
  }
  return key ? { key, fromRequest: false } : undefined;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly retryAfter: string | null;
}

/** One POST; the answer is read under `maxBytes`, a redirect is refused unread. */
async function post(
  doFetch: typeof fetch,
  url: string,
  req: {
    body: unknown;
    key?: string;
    signal: AbortSignal;
    label: string;
    maxBytes: number;
    /** The provider's text for a status and a reason (redirect, answer too large). */
    errorText: (status: number, detail: string) => string;
  },
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (req.key) headers.authorization = `Bearer ${req.key}`;
  let res: Response;
  try {
    res = await doFetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(req.body),
      signal: req.signal,
      redirect: "manual", // a redirect could bounce the call (and the key) to an internal host
    });
  } catch (err) {
    if (req.signal.aborted) throw err;
    throw new Error(`${req.label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (isRedirect(res.status) || res.type === "opaqueredirect") {
    await discardBody(res);
    throw new ProviderError(req.errorText(res.status, REDIRECT_DETAIL), { status: res.status });
  }
  let text: string;
  try {
    text = await readCappedText(res, req.maxBytes);
  } catch (err) {
    if (req.signal.aborted) throw err;
    // No status on purpose: an oversized answer is not retried.
    if (err instanceof AnswerTooLargeError) {
      throw new ProviderError(req.errorText(res.status, err.message));
    }
    throw new Error(`${req.label}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { status: res.status, text, retryAfter: res.headers.get("retry-after") };
}

/** JSON first (any status), then the status, then the shape: Weaviate's order. */
function readAnswer(protocol: HttpProtocol, res: Answer, count: number): RerankScore[] {
  const retry = { status: res.status, retryAfterMs: parseRetryAfter(res.retryAfter) };
  let body: unknown;
  try {
    body = res.text.trim() === "" && res.status !== 200 ? {} : JSON.parse(res.text);
  } catch (err) {
    throw new ProviderError(protocol.parseError(res.status, jsonErrorText(err)), retry);
  }
  if (res.status < 200 || res.status > 299) {
    throw new ProviderError(protocol.statusError(res.status, errorDetail(body)), retry);
  }
  try {
    return protocol.scores(body, count);
  } catch (err) {
    throw new ProviderError(protocol.parseError(res.status, (err as Error).message));
  }
}

/** The error text of the usual error bodies: `error`, `message`, `detail` (string or object). */
export function errorDetail(body: unknown): string {
  if (typeof body !== "object" || body === null) return "";
  const b = body as Record<string, unknown>;
  for (const k of ["error", "message", "detail"]) {
    const v = b[k];
    if (typeof v === "string") return v;
    if (
      typeof v === "object" && v !== null &&
      typeof (v as { message?: unknown }).message === "string"
    ) {
      return (v as { message: string }).message;
    }
  }
  return "";
}
