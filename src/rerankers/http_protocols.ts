/**
 * The HTTP rerank APIs the gateway speaks, as {@link HttpProtocol} values: request body, answer
 * shape, key header and error wording of each.
 * @module
 */
import type { HttpProtocol } from "./http.ts";
import type { RerankScore } from "../core/reranker.ts";

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
