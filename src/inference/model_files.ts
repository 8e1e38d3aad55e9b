/**
 * The files of a local transformer model in the Hugging Face layout: the ONNX graph,
 * `config.json`, `tokenizer.json`, `tokenizer_config.json` and, for sentence-transformers
 * embedders, `1_Pooling/config.json`. Read lazily, at the first request that needs the model.
 * @module
 */
import { join } from "node:path";
import type { ModelIo, ModelResolver } from "../core/runtime.ts";

export type { ModelIo, ModelResolver, ModelSource } from "../core/runtime.ts";

/** A model's parsed metadata and where its graph is. */
export interface ModelFiles {
  /** The `model` setting as configured (cache key, `/v1/meta`). */
  readonly id: string;
  /** Folder path, R2 key prefix or folder URL. */
  readonly dir: string;
  readonly onnxPath: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly tokenizerJson: Readonly<Record<string, unknown>>;
  readonly tokenizerConfig: Readonly<Record<string, unknown>>;
  /** `1_Pooling/config.json`, when the folder has one. */
  readonly pooling?: Readonly<Record<string, unknown>>;
}

/** Precision of a model graph: `fp32` (`model.onnx`) or `int8` (`model_quantized.onnx`). */
export type ModelDtype = "fp32" | "int8";

/** Graph file names looked for in a folder, fp32 first (Optimum / transformers.js names). */
export const ONNX_CANDIDATES: readonly string[] = [
  "model.onnx",
  "onnx/model.onnx",
  "model_quantized.onnx",
  "onnx/model_quantized.onnx",
];

/** `name` inside `dir`: a folder path, an R2 key prefix or a folder URL (kept as a URL). */
export function modelFilePath(dir: string, name: string): string {
  return /^https?:\/\//i.test(dir) ? `${dir.replace(/\/+$/, "")}/${name}` : join(dir, name);
}

/** Options of {@link loadModelFiles}. */
export interface LoadModelOptions {
  readonly resolve: ModelResolver;
  readonly io: ModelIo;
  readonly signal: AbortSignal;
}

/** Resolves `model` and reads its metadata; throws when a required file is missing. */
export async function loadModelFiles(model: string, opts: LoadModelOptions): Promise<ModelFiles> {
  const io = opts.io;
  const resolved = await opts.resolve(model, opts.signal);
  let dir = resolved;
  let onnxPath: string | undefined;
  if (resolved.endsWith(".onnx")) {
    onnxPath = resolved;
    dir = resolved.replace(/[\\/]?(onnx[\\/])?[^\\/]*$/, "") || ".";
  }
  const json = async (name: string, required: boolean) => {
    const text = await io.readText(modelFilePath(dir, name), opts.signal);
    if (text === undefined) {
      if (required) throw new Error(`model ${model}: ${modelFilePath(dir, name)} is missing`);
      return undefined;
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`model ${model}: ${modelFilePath(dir, name)} is not valid JSON (${err})`);
    }
  };
  const config = (await json("config.json", true))!;
  const tokenizerJson = (await json("tokenizer.json", true))!;
  const tokenizerConfig = (await json("tokenizer_config.json", false)) ?? {};
  const pooling = await json("1_Pooling/config.json", false);
  if (!onnxPath) {
    for (const name of ONNX_CANDIDATES) {
      if (await io.isFile(modelFilePath(dir, name))) {
        onnxPath = modelFilePath(dir, name);
        break;
      }
    }
  }
  if (!onnxPath) {
    throw new Error(`model ${model}: no ONNX graph in ${dir} (${ONNX_CANDIDATES.join(", ")})`);
  }
  return { id: model, dir, onnxPath, config, tokenizerJson, tokenizerConfig, pooling };
}
