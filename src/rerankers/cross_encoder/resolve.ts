/**
 * The default model resolver of the local transformer modules: a path to an `.onnx` file is used
 * as is; anything else goes through the models catalogue (`src/models/resolve.ts`: manifest ids,
 * `synthetic-*` folders, HF-layout folders), whose error for a model that is not downloaded names
 * `deno task models pull <id>`.
 * @module
 */
import { builtinManifest } from "../../models/manifest.ts";
import { resolveModel } from "../../models/resolve.ts";
import type { ModelDtype } from "../../models/synth/bert_graph.ts";
import { fileSize } from "../../runtime/files.ts";
import type { ModelResolver } from "./model_files.ts";

/** Resolves `.onnx` file paths, manifest ids and model folders to a graph path (fp32 first). */
export const resolveLocalModel: ModelResolver = (model) => resolveWithDtype(model, undefined);

/** A resolver that picks the given graph dtype (`int8` trades Weaviate parity for speed). */
export function localModelResolver(dtype: ModelDtype | undefined): ModelResolver {
  return (model) => resolveWithDtype(model, dtype);
}

async function resolveWithDtype(model: string, dtype: ModelDtype | undefined): Promise<string> {
  if (model.endsWith(".onnx")) {
    if ((await fileSize(model)) === undefined) {
      throw new Error(`model file ${model} does not exist`);
    }
    return model;
  }
  const resolved = await resolveModel(model, { manifest: builtinManifest(), dtype });
  return resolved.onnxPath;
}
