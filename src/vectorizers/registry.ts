/**
 * Maps Weaviate vectorizer module names to implementations.
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import { createCohereVectorizer } from "./cohere.ts";
import { createHashVectorizer } from "./hash.ts";
import { createTransformersVectorizer } from "./transformers.ts";
import { modelAccess } from "../models/access.ts";
import type { BackendPreference } from "../inference/session.ts";
import type { Vectorizer } from "../core/vectorizer.ts";
import { createWorkersAiVectorizer } from "./workers_ai.ts";

/** Options of {@link createVectorizer}. */
export type CreateVectorizerOptions = ModuleDeps;

/** Module names this build can instantiate. */
export const AVAILABLE_VECTORIZERS: readonly string[] = [
  "text2vec-cohere",
  "text2vec-hash",
  "text2vec-transformers",
  "text2vec-workers-ai",
];

/** Weaviate's MODULES_CLIENT_TIMEOUT default. */
const DEFAULT_TIMEOUT_MS = 50_000;

/** Creates the vectorizer for a module name; throws for modules this build does not have. */
export function createVectorizer(module: string, opts: CreateVectorizerOptions): Vectorizer {
  const s = opts.settings;
  const str = (key: string) => typeof s[key] === "string" ? s[key] as string : undefined;
  const num = (key: string) => typeof s[key] === "number" ? s[key] as number : undefined;
  const timeoutMs = num("timeoutMs") ?? opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (module) {
    case "text2vec-hash": {
      const d = num("dimensions");
      return createHashVectorizer(d !== undefined ? { dimensions: d } : {});
    }
    case "text2vec-cohere":
      return createCohereVectorizer({
        model: str("model"),
        baseURL: str("baseURL"),
        apiKeyEnv: str("apiKeyEnv"),
        dimensions: num("dimensions"),
        env: opts.env ?? (() => undefined),
        timeoutMs,
        allowPrivateBaseUrls: opts.allowPrivateBaseUrls ?? false,
        baseUrlAllowList: opts.baseUrlAllowList,
        maxResponseBytes: opts.maxResponseBytes,
        resolveHost: opts.resolveHost,
        fetch: opts.fetch,
      });
    case "text2vec-workers-ai":
      if (!opts.ai) {
        throw new Error(
          "text2vec-workers-ai needs the Workers AI binding (env.AI), which this runtime does not " +
            "have",
        );
      }
      return createWorkersAiVectorizer({
        ai: opts.ai,
        model: str("model"),
        dimensions: num("dimensions"),
        timeoutMs,
      });
    case "text2vec-transformers":
      return createTransformersVectorizer({
        model: str("model") ?? "",
        ...modelAccess(str("model") ?? "", opts),
        maxLength: num("maxLength"),
        batchSize: num("batchSize"),
        numThreads: num("numThreads"),
        backend: str("backend") as BackendPreference | undefined,
      });
    default:
      throw new Error(`vectorizer module ${module} is not available in this build`);
  }
}
