/**
 * The default model resolver of the local transformer modules: a path to an `.onnx` file is used
 * as is; anything else goes through the models catalogue (`src/models/resolve.ts`: manifest ids,
 * `synthetic-*` folders, HF-layout folders), whose error for a model that is not downloaded names
 * `deno task models pull <id>`.
 * @module
 */
import { builtinManifest } from "../../models/manifest.ts";
import { resolveModel } from "../../models/resolve.ts";
import { fileSize } from "../../runtime/files.ts";
import type { ModelResolver } from "./model_files.ts";

/** Resolves `.onnx` file paths, manifest ids and model folders to a graph path. */
export const resolveLocalModel: ModelResolver = async (model) => {
  if (model.endsWith(".onnx")) {
    if ((await fileSize(model)) === undefined) {
      throw new Error(`model file ${model} does not exist`);
    }
    return model;
  }
  const resolved = await resolveModel(model, { manifest: builtinManifest() });
  return resolved.onnxPath;
};
