/**
 * The model source of a runtime with a file system (the Deno server, Deno Deploy's read-only
 * files): a path to an `.onnx` file is used as is; anything else goes through the models
 * catalogue (`resolve.ts`: manifest ids, `synthetic-*` folders, HF-layout folders), whose error
 * for a model that is not downloaded names `deno task models pull <id>`.
 * @module
 */
import type { FileAccess, ModelResolver, ModelSource } from "../core/runtime.ts";
import type { ModelDtype } from "../inference/model_files.ts";
import { builtinManifest } from "./manifest.ts";
import { resolveModel } from "./resolve.ts";
import { ModelUnavailableError } from "./unavailable.ts";

/** Options of {@link fileModelSource}. */
export interface FileModelSourceOptions {
  /** Folder of the manifest models (default `models`). */
  readonly modelsDir?: string;
}

/** Models read through `fs`: resolvers per dtype plus the matching file access. */
export function fileModelSource(fs: FileAccess, opts: FileModelSourceOptions = {}): ModelSource {
  return {
    resolver: (dtype) => localModelResolver(fs, dtype, opts.modelsDir),
    io: {
      readText: (path) => fs.readTextIfExists(path),
      readBytes: (path, signal) => fs.readBytes(path, signal),
      isFile: async (path) => (await fs.fileSize(path)) !== undefined,
    },
  };
}

/**
 * A resolver that picks the given graph dtype (`int8` trades Weaviate parity for speed; undefined:
 * fp32 first) and looks for manifest ids under `modelsDir` (default `models`).
 */
export function localModelResolver(
  fs: FileAccess,
  dtype: ModelDtype | undefined,
  modelsDir?: string,
): ModelResolver {
  return async (model) => {
    if (model.endsWith(".onnx")) {
      if ((await fs.fileSize(model)) === undefined) {
        throw new ModelUnavailableError(`model file ${model} does not exist`);
      }
      return model;
    }
    const resolved = await resolveModel(model, {
      manifest: builtinManifest(),
      fs,
      dtype,
      modelsDir,
    });
    return resolved.onnxPath;
  };
}
