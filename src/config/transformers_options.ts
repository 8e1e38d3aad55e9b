/**
 * Options of the local transformer modules. `reranker-transformers` is either the local
 * cross-encoder (`model`: a manifest id or a model folder) or Weaviate's reranker-transformers
 * container (`url`), never both; `text2vec-transformers` is a local ONNX bi-encoder (`model`).
 * @module
 */
import { optionChecker, type OptionKind, type OptionProblem } from "./module_options.ts";

/** Where a local model runs; see `src/rerankers/cross_encoder/session.ts`. */
export const BACKENDS: readonly string[] = ["auto", "wasm", "node"];

/** Options every local model takes. */
const LOCAL: Readonly<Record<string, OptionKind>> = {
  model: "string",
  maxLength: "positiveInt",
  batchSize: "positiveInt",
  backend: BACKENDS,
  numThreads: "positiveInt",
  dtype: ["fp32", "int8"],
};

const LOCAL_ONLY = ["maxLength", "backend", "numThreads", "cacheSize", "dtype"];
const checkReranker = optionChecker({
  ...LOCAL,
  cacheSize: "nonNegativeInt",
  url: "url",
  timeoutMs: "positiveInt",
});

/** `reranker-transformers`: `{model, maxLength?, batchSize?, backend?, numThreads?, cacheSize?}` or `{url, batchSize?, timeoutMs?}`. */
export function transformersRerankerOptions(
  options: Readonly<Record<string, unknown>>,
): OptionProblem[] {
  const problems = checkReranker(options);
  const local = options.model !== undefined;
  if (local && options.url !== undefined) {
    problems.push({
      key: "url",
      message: 'set either "model" (local cross-encoder) or "url" (a reranker-transformers ' +
        "container), not both",
    });
  } else if (!local && options.url === undefined) {
    problems.push({
      key: "model",
      message: 'is required: a model id such as "ms-marco-MiniLM-L-6-v2" or a model folder ' +
        '(or "url" for a reranker-transformers container)',
    });
  } else if (local && options.timeoutMs !== undefined) {
    problems.push({ key: "timeoutMs", message: 'only applies with "url"' });
  } else if (!local) {
    for (const key of LOCAL_ONLY) {
      if (options[key] !== undefined) {
        problems.push({ key, message: 'only applies to a local "model"' });
      }
    }
  }
  return problems;
}

/** `text2vec-transformers`: `{model, maxLength?, batchSize?, backend?, numThreads?}`. */
export const transformersVectorizerOptions: (
  options: Readonly<Record<string, unknown>>,
) => OptionProblem[] = optionChecker(LOCAL, ["model"]);
