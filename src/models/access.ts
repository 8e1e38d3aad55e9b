/**
 * Where a local transformer module (`reranker-transformers` / `text2vec-transformers` with
 * `model`) reads its model: a model URL from the network (any runtime), otherwise the runtime's
 * {@link ModelSource} (Workers: R2) or the file system (`models/`, folders, `.onnx` paths).
 * @module
 */
import type { ModuleDeps } from "../core/module_deps.ts";
import type { ModelIo, ModelResolver, ModelSource } from "../inference/model_files.ts";
import type { ModelDtype } from "../inference/model_files.ts";
import { isModelUrl } from "./model_url.ts";
import { urlModelSource } from "./url_source.ts";

/** The resolver and file access of one configured model. */
export interface ModelAccess {
  readonly resolve: ModelResolver;
  /** `undefined` = the file system. */
  readonly io: ModelIo;
}

/** The local-model settings {@link modelAccess} reads. */
export interface LocalModelSettings {
  readonly dtype?: ModelDtype;
  /** Pins of a model URL's files. */
  readonly modelSha256?: Readonly<Record<string, unknown>>;
  /** Per-file download budget of a model URL. */
  readonly timeoutMs?: number;
}

/** How a local module with settings `s` reads `model`. */
export function modelAccess(model: string, deps: ModuleDeps, s: LocalModelSettings): ModelAccess {
  const models = deps.models;
  if (models === undefined && !isModelUrl(model)) {
    throw new Error(`model ${model}: this runtime has no local model source`);
  }
  if (deps.resolveModel) return { resolve: deps.resolveModel, io: models!.io };
  const source: ModelSource = isModelUrl(model)
    ? urlModelSource(model, {
      allowHttp: deps.allowPrivateBaseUrls,
      sha256: s.modelSha256 as Record<string, string> | undefined,
      timeoutMs: s.timeoutMs,
      fetch: deps.fetch,
    })
    : models!;
  return { resolve: source.resolver(s.dtype), io: source.io };
}
