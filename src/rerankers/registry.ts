/**
 * Maps Weaviate reranker module names to implementations.
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import { createCohereReranker } from "./cohere.ts";
import { createCrossEncoderReranker } from "./cross_encoder/cross_encoder.ts";
import { modelAccess } from "../models/access.ts";
import type { BackendPreference } from "../inference/session.ts";
import { createDummyReranker } from "./dummy.ts";
import { createHttpReranker } from "./http.ts";
import { HTTP_PROTOCOLS } from "./http_protocols.ts";
import type { Reranker } from "../core/reranker.ts";
import { createWorkersAiReranker } from "./workers_ai.ts";

/** Options of {@link createReranker}. */
export type CreateRerankerOptions = ModuleDeps;

/** Module names this build can instantiate. */
export const AVAILABLE_RERANKERS: readonly string[] = [
  "reranker-cohere",
  "reranker-dummy",
  "reranker-workers-ai",
  ...Object.keys(HTTP_PROTOCOLS),
];

/** Weaviate's MODULES_CLIENT_TIMEOUT default. */
const DEFAULT_TIMEOUT_MS = 50_000;

/** Creates the reranker for a module name; throws for modules this build does not have. */
export function createReranker(module: string, opts: CreateRerankerOptions): Reranker {
  const s = opts.settings;
  const str = (key: string) => typeof s[key] === "string" ? s[key] as string : undefined;
  const common = {
    env: opts.env ?? (() => undefined),
    timeoutMs: typeof s.timeoutMs === "number" ? s.timeoutMs : opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowPrivateBaseUrls: opts.allowPrivateBaseUrls ?? false,
    baseUrlAllowList: opts.baseUrlAllowList,
    maxResponseBytes: opts.maxResponseBytes,
    resolveHost: opts.resolveHost,
    fetch: opts.fetch,
  };
  switch (module) {
    case "reranker-dummy":
      return createDummyReranker();
    case "reranker-cohere":
      return createCohereReranker({
        ...common,
        model: str("model"),
        baseURL: str("baseURL"),
        apiKeyEnv: str("apiKeyEnv"),
      });
    case "reranker-workers-ai":
      if (!opts.ai) {
        throw new Error(
          "reranker-workers-ai needs the Workers AI binding (env.AI), which this runtime does not have",
        );
      }
      return createWorkersAiReranker({
        ai: opts.ai,
        model: str("model"),
        timeoutMs: common.timeoutMs,
      });
    case "reranker-transformers":
      // `model` = the local cross-encoder; `url` = Weaviate's container (HTTP, below).
      if (str("model") !== undefined) return createLocalReranker(str("model")!, s, opts);
      // falls through
    default: {
      const protocol = HTTP_PROTOCOLS[module];
      if (!protocol) throw new Error(`reranker module ${module} is not available in this build`);
      return createHttpReranker(protocol, {
        ...common,
        // Self-hosted servers are configured by `url`, hosted APIs by `baseURL`.
        baseURL: str("url") ?? str("baseURL"),
        model: str("model"),
        apiKeyEnv: str("apiKeyEnv"),
        batchSize: typeof s.batchSize === "number" ? s.batchSize : undefined,
      });
    }
  }
}

/** `reranker-transformers` with `model`: the local cross-encoder (loaded at its first rerank). */
function createLocalReranker(
  model: string,
  s: Readonly<Record<string, unknown>>,
  opts: CreateRerankerOptions,
): Reranker {
  const num = (key: string) => typeof s[key] === "number" ? s[key] as number : undefined;
  return createCrossEncoderReranker({
    model,
    ...modelAccess(model, opts),
    maxLength: num("maxLength"),
    batchSize: num("batchSize"),
    numThreads: num("numThreads"),
    cacheSize: num("cacheSize"),
    backend: typeof s.backend === "string" ? s.backend as BackendPreference : undefined,
  });
}
