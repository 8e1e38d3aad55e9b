/**
 * Settings of the local transformer modules. `reranker-transformers` is either the local
 * cross-encoder (`model`: a manifest id, a model folder or a model URL) or Weaviate's
 * reranker-transformers container (`url`), never both; `text2vec-transformers` is a local ONNX
 * bi-encoder (`model`). A model URL (`https://`, see `url_source.ts`) may pin its files
 * (`modelSha256: {"model.onnx": "<hex>"}`) and set a per-file download `timeoutMs`. The schemas
 * check each key; the rules check what depends on other keys and on the rest of the config.
 * @module
 */
import type { OptionContext, OptionProblem } from "../core/provider.ts";
import { type OptionKind, settingsSchema } from "../config/module_settings.ts";
import { isModelUrl, isPinnableFile, MODEL_URL_FILES, modelUrlProblem } from "./model_url.ts";

/** Where a local model runs; see `src/inference/session.ts`. */
export const BACKENDS = ["auto", "wasm", "node"] as const;

/** Options every local model takes. */
const LOCAL = {
  model: "string",
  maxLength: "positiveInt",
  batchSize: "positiveInt",
  tokenBudget: "positiveInt",
  backend: BACKENDS,
  numThreads: "positiveInt",
  sessions: "positiveInt",
  dtype: ["fp32", "int8"],
  modelSha256: "object",
} as const satisfies Readonly<Record<string, OptionKind>>;

const SHA256_RE = /^[0-9a-f]{64}$/i;

/** What a `model` that is, or looks like, a URL must satisfy, and its `modelSha256` pins. */
function modelUrlProblems(
  options: Readonly<Record<string, unknown>>,
  context: OptionContext = {},
): OptionProblem[] {
  const model = options.model;
  const problems: OptionProblem[] = [];
  const isUrl = typeof model === "string" && isModelUrl(model);
  if (isUrl) {
    const problem = modelUrlProblem(model, { allowHttp: context.allowPrivateBaseUrls });
    if (problem !== undefined) problems.push({ key: "model", message: problem });
  } else if (typeof model === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(model)) {
    problems.push({
      key: "model",
      message: `must be a model id, a model folder or an https:// URL, got ${
        JSON.stringify(model)
      }`,
    });
  }
  const pins = options.modelSha256;
  if (pins === undefined || typeof pins !== "object" || pins === null) return problems;
  if (!isUrl) {
    problems.push({ key: "modelSha256", message: 'only applies when "model" is an https:// URL' });
    return problems;
  }
  for (const [name, hex] of Object.entries(pins)) {
    if (!isPinnableFile(name)) {
      problems.push({
        key: "modelSha256",
        message: `${JSON.stringify(name)} is not a model file (expected one of ${
          MODEL_URL_FILES.join(", ")
        } or another .onnx graph)`,
      });
    } else if (typeof hex !== "string" || !SHA256_RE.test(hex)) {
      problems.push({
        key: "modelSha256",
        message: `${JSON.stringify(name)}: expected 64 hex digits, got ${JSON.stringify(hex)}`,
      });
    }
  }
  return problems;
}

const LOCAL_ONLY = [
  "maxLength",
  "tokenBudget",
  "backend",
  "numThreads",
  "sessions",
  "cacheSize",
  "dtype",
];

/**
 * `reranker-transformers`: `{model, maxLength?, batchSize?, tokenBudget?, backend?, numThreads?,
 * sessions?, cacheSize?, dtype?}` (plus `modelSha256?`, `timeoutMs?` for a model URL) or `{url, batchSize?, timeoutMs?}`.
 */
export const transformersRerankerSettings = settingsSchema({
  ...LOCAL,
  cacheSize: "nonNegativeInt",
  url: "url",
  timeoutMs: "positiveInt",
});

/** The cross-key rules of `reranker-transformers` (model URL, `model` xor `url`). */
export function transformersRerankerRules(
  options: Readonly<Record<string, unknown>>,
  context?: OptionContext,
): OptionProblem[] {
  const problems = [...modelUrlProblems(options, context)];
  const local = options.model !== undefined;
  const fromUrl = typeof options.model === "string" && isModelUrl(options.model);
  if (local && options.url !== undefined) {
    problems.push({
      key: "url",
      message: 'set either "model" (local cross-encoder) or "url" (a reranker-transformers ' +
        "container), not both",
    });
  } else if (!local && options.url === undefined) {
    problems.push({
      key: "model",
      message: 'is required: a model id such as "ms-marco-MiniLM-L-6-v2", a model folder or URL ' +
        '(or "url" for a reranker-transformers container)',
    });
  } else if (local && !fromUrl && options.timeoutMs !== undefined) {
    problems.push({ key: "timeoutMs", message: 'only applies with "url" or a model URL' });
  } else if (!local) {
    for (const key of LOCAL_ONLY) {
      if (options[key] !== undefined) {
        problems.push({ key, message: 'only applies to a local "model"' });
      }
    }
  }
  return problems;
}

/**
 * `text2vec-transformers`: `{model, maxLength?, batchSize?, tokenBudget?, backend?, numThreads?,
 * sessions?, dtype?}` (plus
 * `modelSha256?`, `timeoutMs?` for a model URL).
 */
export const transformersVectorizerSettings = settingsSchema(
  { ...LOCAL, timeoutMs: "positiveInt" },
  ["model"],
);

/** The cross-key rules of `text2vec-transformers` (model URL, `timeoutMs` only with one). */
export function transformersVectorizerRules(
  options: Readonly<Record<string, unknown>>,
  context?: OptionContext,
): OptionProblem[] {
  const problems = [...modelUrlProblems(options, context)];
  const fromUrl = typeof options.model === "string" && isModelUrl(options.model);
  if (!fromUrl && options.timeoutMs !== undefined) {
    problems.push({ key: "timeoutMs", message: "only applies to a model URL" });
  }
  return problems;
}
