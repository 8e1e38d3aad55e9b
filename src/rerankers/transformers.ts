/**
 * `reranker-transformers`: with `model`, the local cross-encoder (ONNX Runtime, loaded at its
 * first rerank); with `url`, Weaviate's reranker-transformers container over HTTP.
 * @module
 */
import { moduleTimeoutMs } from "../core/module_deps.ts";
import { defineModule, type RerankerProvider } from "../core/provider.ts";
import {
  transformersRerankerRules,
  transformersRerankerSettings,
} from "../models/local_model_settings.ts";
import { modelAccess } from "../models/access.ts";
import { createCrossEncoderReranker } from "./cross_encoder/cross_encoder.ts";
import { createProtocolReranker, TRANSFORMERS } from "./http_protocols.ts";

/** The `reranker-transformers` declaration. */
export const TRANSFORMERS_RERANKER: RerankerProvider = defineModule({
  name: "reranker-transformers",
  kind: "reranker",
  meta: {
    name: "Reranker - Transformers",
    documentationHref: "https://www.sbert.net/docs/cross_encoder/pretrained_models.html",
  },
  settings: transformersRerankerSettings,
  rules: transformersRerankerRules,
  create(s, deps) {
    if (s.model === undefined) {
      return createProtocolReranker(TRANSFORMERS, {
        url: s.url,
        batchSize: s.batchSize,
        timeoutMs: moduleTimeoutMs(s.timeoutMs, deps),
      }, deps);
    }
    return createCrossEncoderReranker({
      model: s.model,
      ...modelAccess(s.model, deps, s),
      maxLength: s.maxLength,
      batchSize: s.batchSize,
      tokenBudget: s.tokenBudget,
      numThreads: s.numThreads,
      sessions: s.sessions,
      cacheSize: s.cacheSize,
      backend: s.backend,
      host: deps.inference,
      log: deps.log,
    });
  },
});
