/**
 * The HTTP rerank APIs the gateway speaks, as {@link HttpProtocol} values (request body, answer
 * shape, key header and error wording of each), and the module declarations of the HTTP-only
 * rerankers (TEI, Jina, Voyage, Mixedbread). Adding an HTTP reranker = a protocol and a
 * declaration here, plus its line in `registry.ts`.
 * @module
 */
import { remoteConnection } from "../remote/connection.ts";
import { settingsSchema } from "../config/module_settings.ts";
import type { ModuleDeps } from "../core/module_deps.ts";
import { defineModule, type ModuleMeta, type RerankerProvider } from "../core/provider.ts";
import type { Reranker, RerankScore } from "../core/reranker.ts";
import { createHttpReranker, type HttpProtocol } from "./http.ts";

/** `[{index, <scoreKey>}]` under `listKey` (or the top-level array), in any order. */
function indexed(answer: unknown, listKey: string | undefined, scoreKey: string): RerankScore[] {
  const list = listKey === undefined ? answer : (answer as Record<string, unknown>)?.[listKey];
  if (!Array.isArray(list)) throw new Error(`expected ${listKey ?? "an array"} in the answer`);
  return list.map((r) => ({ index: r?.index, score: r?.[scoreKey] }));
}

/** Weaviate's remote-provider wording (as for Cohere). */
function providerErrors(name: string): Pick<HttpProtocol, "statusError" | "parseError"> {
  return {
    statusError: (status, detail) =>
      `connection to ${name} API failed with status ${status}${detail ? `: ${detail}` : ""}`,
    parseError: (_status, detail) => `unmarshal error from response body: ${detail}`,
  };
}

/**
 * Weaviate's reranker-transformers container: `POST {url}/rerank` `{query, documents, property}`
 * -> `{scores: [{document, score}]}` in input order; 32 documents per call (spec §3.2).
 */
export const TRANSFORMERS: HttpProtocol = {
  module: "reranker-transformers",
  provider: "reranker-transformers",
  path: "/rerank",
  maxDocuments: 32,
  body: (query, documents) => ({ query, documents, property: "" }),
  scores(answer) {
    const scores = (answer as { scores?: unknown })?.scores;
    if (!Array.isArray(scores)) throw new Error("expected scores in the answer");
    // The container answers in input order; Weaviate maps by position.
    return scores.map((s, index) => ({ index, score: s?.score }));
  },
  statusError: (status, detail) => `fail with status ${status}${detail ? `: ${detail}` : ""}`,
  parseError: (status, detail) => `failed to parse reranker response (status ${status}): ${detail}`,
};

/** Hugging Face text-embeddings-inference: `POST {url}/rerank` `{query, texts}` -> `[{index, score}]`. */
export const TEI: HttpProtocol = {
  module: "reranker-tei",
  provider: "TEI",
  path: "/rerank",
  // TEI's default --max-client-batch-size.
  maxDocuments: 32,
  key: { header: "X-Huggingface-Api-Key", env: "HUGGINGFACE_APIKEY", optional: true },
  body: (query, texts) => ({ query, texts, raw_scores: false, return_text: false }),
  scores: (answer) => indexed(answer, undefined, "score"),
  ...providerErrors("TEI"),
};

/** Jina AI: `POST {base}/v1/rerank` `{model, query, documents, top_n}` -> `results[{index, relevance_score}]`. */
export const JINAAI: HttpProtocol = {
  module: "reranker-jinaai",
  provider: "JinaAI",
  path: "/v1/rerank",
  maxDocuments: 1000,
  defaultBaseURL: "https://api.jina.ai",
  defaultModel: "jina-reranker-v2-base-multilingual",
  key: { header: "X-Jinaai-Api-Key", env: "JINAAI_APIKEY" },
  baseUrlHeader: "X-Jinaai-Baseurl",
  body: (query, documents, model) => ({
    model,
    query,
    documents,
    top_n: documents.length,
    return_documents: false,
  }),
  scores: (answer) => indexed(answer, "results", "relevance_score"),
  ...providerErrors("JinaAI"),
};

/** Voyage AI: `POST {base}/rerank` `{model, query, documents}` -> `data[{index, relevance_score}]`. */
export const VOYAGEAI: HttpProtocol = {
  module: "reranker-voyageai",
  provider: "VoyageAI",
  path: "/rerank",
  maxDocuments: 1000,
  defaultBaseURL: "https://api.voyageai.com/v1",
  defaultModel: "rerank-lite-1",
  key: { header: "X-Voyageai-Api-Key", env: "VOYAGEAI_APIKEY" },
  baseUrlHeader: "X-Voyageai-Baseurl",
  body: (query, documents, model) => ({ model, query, documents, return_documents: false }),
  scores: (answer) => indexed(answer, "data", "relevance_score"),
  ...providerErrors("VoyageAI"),
};

/** Mixedbread: `POST {base}/v1/reranking` `{model, query, input, top_k}` -> `data[{index, score}]`. */
export const MIXEDBREAD: HttpProtocol = {
  module: "reranker-mixedbread",
  provider: "Mixedbread",
  path: "/v1/reranking",
  maxDocuments: 1000,
  defaultBaseURL: "https://api.mixedbread.com",
  defaultModel: "mixedbread-ai/mxbai-rerank-large-v1",
  key: { header: "X-Mixedbread-Api-Key", env: "MIXEDBREAD_APIKEY" },
  baseUrlHeader: "X-Mixedbread-Baseurl",
  // top_k defaults to a short list; ask for every document so that each gets a score.
  body: (query, input, model) => ({
    model,
    query,
    input,
    top_k: input.length,
    return_input: false,
  }),
  scores: (answer) => indexed(answer, "data", "score"),
  ...providerErrors("Mixedbread"),
};

/** Every HTTP protocol by module name. */
export const HTTP_PROTOCOLS: Readonly<Record<string, HttpProtocol>> = Object.fromEntries(
  [TRANSFORMERS, TEI, JINAAI, VOYAGEAI, MIXEDBREAD].map((p) => [p.module, p]),
);

/** Settings every HTTP reranker may take; self-hosted servers use `url`, hosted APIs `baseURL`. */
interface HttpSettings {
  readonly url?: string;
  readonly baseURL?: string;
  readonly model?: string;
  readonly apiKeyEnv?: string;
  readonly batchSize?: number;
  readonly timeoutMs?: number;
}

/** The reranker of `protocol` for one collection. */
export function createProtocolReranker(
  protocol: HttpProtocol,
  s: HttpSettings,
  deps: ModuleDeps,
): Reranker {
  return createHttpReranker(protocol, {
    ...remoteConnection(deps, s.timeoutMs),
    baseURL: s.url ?? s.baseURL,
    model: s.model,
    apiKeyEnv: s.apiKeyEnv,
    batchSize: s.batchSize,
  });
}

/** A hosted rerank API: `{model?, baseURL?, apiKeyEnv?, timeoutMs?}`, key from its header. */
function hostedReranker(protocol: HttpProtocol, meta: ModuleMeta): RerankerProvider {
  return defineModule({
    name: protocol.module,
    kind: "reranker",
    meta,
    apiKeyHeader: protocol.key?.header,
    settings: settingsSchema({
      model: "string",
      baseURL: "url",
      apiKeyEnv: "envName",
      timeoutMs: "positiveInt",
    }),
    create: (s, deps) => createProtocolReranker(protocol, s, deps),
  });
}

/** `reranker-tei`: `{url, apiKeyEnv?, batchSize?, timeoutMs?}`. */
export const TEI_RERANKER: RerankerProvider = defineModule({
  name: TEI.module,
  kind: "reranker",
  meta: {
    name: "Reranker - Text Embeddings Inference",
    documentationHref: "https://huggingface.co/docs/text-embeddings-inference",
  },
  apiKeyHeader: "X-Huggingface-Api-Key",
  settings: settingsSchema({
    url: "url",
    apiKeyEnv: "envName",
    batchSize: "positiveInt",
    timeoutMs: "positiveInt",
  }, ["url"]),
  create: (s, deps) => createProtocolReranker(TEI, s, deps),
});

/** `reranker-jinaai`. */
export const JINAAI_RERANKER: RerankerProvider = hostedReranker(JINAAI, {
  name: "Reranker - JinaAI",
  documentationHref: "https://jina.ai/reranker",
});

/** `reranker-voyageai`. */
export const VOYAGEAI_RERANKER: RerankerProvider = hostedReranker(VOYAGEAI, {
  name: "Reranker - VoyageAI",
  documentationHref: "https://docs.voyageai.com/reference/reranker-api",
});

/** `reranker-mixedbread`. */
export const MIXEDBREAD_RERANKER: RerankerProvider = hostedReranker(MIXEDBREAD, {
  name: "Reranker - Mixedbread",
  documentationHref: "https://www.mixedbread.com/api-reference/endpoints/reranking",
});
