/**
 * `reranker-cohere`: Cohere's v2 rerank through the `cohere-ai` SDK, with Weaviate's key and base
 * URL rules and error texts (spec §2.7, §3.1). The SDK is loaded on first use, not at start-up.
 * @module
 */
import { remoteConnection } from "../remote/connection.ts";
import { settingsSchema } from "../config/module_settings.ts";
import { defineModule, type RerankerProvider } from "../core/provider.ts";
import { rerankInBatches } from "./batching.ts";
import {
  type CohereConnectionOptions,
  prepareCohereCall,
  toProviderError,
  unmarshalError,
} from "../remote/cohere_client.ts";
import { callWithRetry, ProviderError } from "../remote/policy.ts";
import type { Reranker, RerankOptions, RerankScore } from "../core/reranker.ts";

/** Weaviate's default model (`DefaultCohereModel`). */
export const COHERE_DEFAULT_MODEL = "rerank-v3.5";
/** Cohere's recommended maximum per call; Weaviate's `maxDocuments`. */
export const COHERE_MAX_DOCUMENTS = 1000;

/** Options of {@link createCohereReranker} (model default {@link COHERE_DEFAULT_MODEL}). */
export type CohereRerankerOptions = CohereConnectionOptions;

/** Creates the Cohere reranker; one SDK call per chunk of ≤1000 documents, in parallel. */
export function createCohereReranker(opts: CohereRerankerOptions): Reranker {
  const model = opts.model ?? COHERE_DEFAULT_MODEL;
  const apiKeyEnv = opts.apiKeyEnv ?? "COHERE_APIKEY";
  return {
    name: "reranker-cohere",
    maxDocuments: COHERE_MAX_DOCUMENTS,
    async rerank(query: string, documents: readonly string[], call: RerankOptions) {
      call.signal.throwIfAborted();
      if (documents.length === 0) return [];
      const { client, key, label, internalUrl } = await prepareCohereCall(opts, {
        headers: call.headers ?? {},
        path: "/v2/rerank",
        apiKeyEnv,
        missingKey:
          "Cohere API Key: no api key found neither in request header: X-Cohere-Api-Key nor in " +
          `environment variable under ${apiKeyEnv}`,
        signal: call.signal,
      });
      const rankChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal): Promise<RerankScore[]> => {
          try {
            const res = await client.rerank(
              { model, query, documents: [...chunk] },
              { abortSignal: attemptSignal, maxRetries: 0 },
            );
            return readResults(res);
          } catch (err) {
            throw toProviderError(err, label);
          }
        }, { signal, timeoutMs: opts.timeoutMs, label, secrets: [key], internalUrl });
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

/** The `reranker-cohere` declaration: `{model?, baseURL?, apiKeyEnv?, timeoutMs?}`. */
export const COHERE_RERANKER: RerankerProvider = defineModule({
  name: "reranker-cohere",
  kind: "reranker",
  meta: { name: "Reranker - Cohere", documentationHref: "https://txt.cohere.com/rerank/" },
  apiKeyHeader: "X-Cohere-Api-Key",
  settings: settingsSchema({
    model: "string",
    baseURL: "url",
    apiKeyEnv: "envName",
    timeoutMs: "positiveInt",
  }),
  create: (s, deps) =>
    createCohereReranker({
      ...remoteConnection(deps, s.timeoutMs),
      model: s.model,
      baseURL: s.baseURL,
      apiKeyEnv: s.apiKeyEnv,
    }),
});
