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

/** How the module configured with `deps.settings` reads `model`. */
export function modelAccess(model: string, deps: ModuleDeps): ModelAccess {
  const s = deps.settings;
  const dtype = typeof s.dtype === "string" ? s.dtype as ModelDtype : undefined;
  const models = deps.models;
  if (models === undefined && !isModelUrl(model)) {
    throw new Error(`model ${model}: this runtime has no local model source`);
  }
  if (deps.resolveModel) return { resolve: deps.resolveModel, io: models!.io };
  const source: ModelSource = isModelUrl(model)
    ? urlModelSource(model, {
      allowHttp: deps.allowPrivateBaseUrls,
      sha256: s.modelSha256 as Record<string, string> | undefined,
      timeoutMs: typeof s.timeoutMs === "number" ? s.timeoutMs : undefined,
      fetch: deps.fetch,
    })
    : models!;
  return { resolve: source.resolver(dtype), io: source.io };
}
