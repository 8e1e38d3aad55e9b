/**
 * `reranker-dummy`: Weaviate's conformance oracle. Score = UTF-8 byte length of the document.
 * @module
 */
import { settingsSchema } from "../config/module_settings.ts";
import { defineModule, type RerankerProvider } from "../core/provider.ts";
import type { Reranker, RerankOptions, RerankScore } from "../core/reranker.ts";

const encoder = new TextEncoder();

/** Creates Weaviate's dummy reranker (score = `len(doc)` in bytes, as Go counts it). */
export function createDummyReranker(): Reranker {
  return {
    name: "reranker-dummy",
    maxDocuments: Number.MAX_SAFE_INTEGER,
    rerank(
      _query: string,
      documents: readonly string[],
      opts: RerankOptions,
    ): Promise<RerankScore[]> {
      // Reject, not throw: callers (and the contract suite) expect a rejected promise.
      if (opts.signal.aborted) return Promise.reject(opts.signal.reason);
      return Promise.resolve(
        documents.map((d, index) => ({ index, score: encoder.encode(d).length })),
      );
    },
  };
}

/** The `reranker-dummy` declaration: no settings. */
export const DUMMY_RERANKER: RerankerProvider = defineModule({
  name: "reranker-dummy",
  kind: "reranker",
  meta: {
    name: "Reranker - Dummy",
    documentationHref: "https://weaviate.io/developers/weaviate/modules",
  },
  settings: settingsSchema({}),
  create: () => createDummyReranker(),
});
