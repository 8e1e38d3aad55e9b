/**
 * The default model resolver of the local transformer modules: a path to an `.onnx` file is used
 * as is; anything else goes through the models catalogue (`src/models/resolve.ts`: manifest ids,
 * `synthetic-*` folders, HF-layout folders), whose error for a model that is not downloaded names
 * `deno task models pull <id>`.
 * @module
 */
import { builtinManifest } from "../../models/manifest.ts";
import type { ModelDtype } from "../../models/synth/bert_graph.ts";
import { ModelUnavailableError } from "../../models/unavailable.ts";
import type { ModelResolver } from "./model_files.ts";

/** Resolves `.onnx` file paths, manifest ids and model folders to a graph path (fp32 first). */
export const resolveLocalModel: ModelResolver = (model) => resolveWithDtype(model, undefined);

/**
 * A resolver that picks the given graph dtype (`int8` trades Weaviate parity for speed) and looks
 * for manifest ids under `modelsDir` (default `models`).
 */
export function localModelResolver(
  dtype: ModelDtype | undefined,
  modelsDir?: string,
): ModelResolver {
  return (model) => resolveWithDtype(model, dtype, modelsDir);
}

async function resolveWithDtype(
  model: string,
  dtype: ModelDtype | undefined,
  modelsDir?: string,
): Promise<string> {
  // The file-system edge is loaded on first use: the Workers build passes its own resolver.
  if (model.endsWith(".onnx")) {
    const { fileSize } = await import("../../runtime/files.ts");
    if ((await fileSize(model)) === undefined) {
      throw new ModelUnavailableError(`model file ${model} does not exist`);
    }
    return model;
  }
  const { resolveModel } = await import("../../models/resolve.ts");
  const resolved = await resolveModel(model, { manifest: builtinManifest(), dtype, modelsDir });
  return resolved.onnxPath;
}
