/**
 * `text2vec-cohere`: Cohere's v2 embed (`POST {baseURL}/v2/embed`) through the `cohere-ai` SDK,
 * with the key, base URL, retry and error rules of `reranker-cohere`.
 *
 * Objects are embedded at start-up with `input_type: "search_document"`, nearText and hybrid
 * queries with `"search_query"`. Start-up has no request, so it can only use the env key; queries
 * take `X-Cohere-Api-Key` first, then the env key.
 * @module
 */
import { remoteConnection } from "../remote/connection.ts";
import { settingsSchema } from "../config/module_settings.ts";
import { defineModule, type VectorizerProvider } from "../core/provider.ts";
import {
  type CohereConnectionOptions,
  prepareCohereCall,
  toProviderError,
  unmarshalError,
} from "../remote/cohere_client.ts";
import { callWithRetry, ProviderError } from "../remote/policy.ts";
import { DimensionGuard, embedInBatches } from "./batching.ts";
import type { VectorizeOptions, Vectorizer } from "../core/vectorizer.ts";

/** Weaviate's default model for text2vec-cohere (`DefaultCohereModel`). */
export const COHERE_EMBED_DEFAULT_MODEL = "embed-multilingual-v3.0";
/** Cohere's limit of texts per embed call. */
export const COHERE_MAX_TEXTS = 96;
/** Embed calls in flight at once when many objects are embedded. */
export const COHERE_EMBED_CONCURRENCY = 4;

/** Options of {@link createCohereVectorizer} (model default {@link COHERE_EMBED_DEFAULT_MODEL}). */
export interface CohereVectorizerOptions extends CohereConnectionOptions {
  /** Sent as `output_dimension` (embed-v4.0 and newer) and expected of every vector. */
  readonly dimensions?: number;
}

/** Creates the Cohere embedder: ≤96 texts per call, {@link COHERE_EMBED_CONCURRENCY} in flight. */
export function createCohereVectorizer(opts: CohereVectorizerOptions): Vectorizer {
  const model = opts.model ?? COHERE_EMBED_DEFAULT_MODEL;
  const apiKeyEnv = opts.apiKeyEnv ?? "COHERE_APIKEY";
  const guard = new DimensionGuard(opts.dimensions);
  return {
    name: "text2vec-cohere",
    get dimensions() {
      return guard.dimensions;
    },
    async vectorize(texts: readonly string[], call: VectorizeOptions): Promise<number[][]> {
      call.signal.throwIfAborted();
      if (texts.length === 0) return [];
      const purpose = call.purpose ?? "query";
      const { client, key, label, internalUrl } = await prepareCohereCall(opts, {
        headers: call.headers ?? {},
        path: "/v2/embed",
        apiKeyEnv,
        missingKey: missingKey(purpose, apiKeyEnv),
        signal: call.signal,
      });
      const inputType = purpose === "document" ? "search_document" : "search_query";
      const embedChunk = (chunk: readonly string[], signal: AbortSignal) =>
        callWithRetry(async (attemptSignal): Promise<number[][]> => {
          let res: unknown;
          try {
            res = await client.embed({
              model,
              texts: [...chunk],
              inputType,
              embeddingTypes: ["float"],
              ...(opts.dimensions !== undefined ? { outputDimension: opts.dimensions } : {}),
            }, { abortSignal: attemptSignal, maxRetries: 0 });
          } catch (err) {
            throw toProviderError(err, label);
          }
          const vectors = readFloats(res);
          if (vectors.length !== chunk.length) {
            throw new ProviderError(
              `Cohere returned ${vectors.length} embeddings for ${chunk.length} texts`,
            );
          }
          guard.check(vectors);
          return vectors;
        }, { signal, timeoutMs: opts.timeoutMs, label, secrets: [key], internalUrl });
      return await embedInBatches(texts, embedChunk, {
        maxTexts: COHERE_MAX_TEXTS,
        concurrency: COHERE_EMBED_CONCURRENCY,
        signal: call.signal,
      });
    },
  };
}

/** Weaviate's text for queries; start-up has no request, so it names the env variable only. */
function missingKey(purpose: string, apiKeyEnv: string): string {
  if (purpose === "document") {
    return `Cohere API Key: no api key found in environment variable under ${apiKeyEnv}: ` +
      "text2vec-cohere embeds the objects that have no stored vector at start-up, where there is " +
      `no request and so no X-Cohere-Api-Key header; set ${apiKeyEnv} (or name another ` +
      'variable with "apiKeyEnv")';
  }
  return "Cohere API Key: no api key found neither in request header: X-Cohere-Api-Key nor in " +
    `environment variable under ${apiKeyEnv}`;
}

/** `embeddings.float`, or the SDK's "non-json" marker for an unparseable 200. */
function readFloats(res: unknown): number[][] {
  const body = res as {
    embeddings?: { float?: unknown };
    error?: { reason?: string; rawBody?: string };
  };
  const floats = body?.embeddings?.float;
  if (!Array.isArray(floats)) {
    if (body?.error?.reason === "non-json") throw unmarshalError(body.error.rawBody ?? "");
    throw new ProviderError("unmarshal error from response body: no float embeddings in response");
  }
  return floats as number[][];
}

/** The `text2vec-cohere` declaration: `{model?, baseURL?, apiKeyEnv?, timeoutMs?, dimensions?}`. */
export const COHERE_VECTORIZER: VectorizerProvider = defineModule({
  name: "text2vec-cohere",
  kind: "vectorizer",
  meta: { name: "Cohere Module", documentationHref: "https://docs.cohere.ai/embedding-wiki/" },
  apiKeyHeader: "X-Cohere-Api-Key",
  settings: settingsSchema({
    model: "string",
    baseURL: "url",
    apiKeyEnv: "envName",
    timeoutMs: "positiveInt",
    dimensions: "positiveInt",
  }),
  create: (s, deps) =>
    createCohereVectorizer({
      model: s.model,
      baseURL: s.baseURL,
      apiKeyEnv: s.apiKeyEnv,
      dimensions: s.dimensions,
      ...remoteConnection(deps, s.timeoutMs),
    }),
});
