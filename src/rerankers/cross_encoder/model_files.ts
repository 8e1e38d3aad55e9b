/**
 * The files of a local transformer model in the Hugging Face layout: the ONNX graph,
 * `config.json`, `tokenizer.json`, `tokenizer_config.json` and, for sentence-transformers
 * embedders, `1_Pooling/config.json`. Read lazily, at the first request that needs the model.
 * @module
 */
import { join } from "node:path";

/**
 * Turns a configured `model` (manifest id, path or model URL) into a folder or `.onnx` file path
 * (or URL).
 */
export type ModelResolver = (model: string, signal: AbortSignal) => Promise<string>;

/** File access of the model loader (the runtime edge by default; tests may replace it). */
export interface ModelIo {
  /** The file's text, or `undefined` when it does not exist. */
  readonly readText: (path: string, signal?: AbortSignal) => Promise<string | undefined>;
  readonly readBytes: (path: string, signal: AbortSignal) => Promise<Uint8Array>;
  readonly isFile: (path: string) => Promise<boolean>;
}

/**
 * Where the local transformer modules find their models when not on the file system (Workers: R2
 * or the assets binding): a resolver per graph dtype and the matching file access.
 */
export interface ModelSource {
  /** The resolver for `dtype` (undefined: fp32 when present, else int8). */
  resolver(dtype: "fp32" | "int8" | undefined): ModelResolver;
  readonly io: ModelIo;
}

// Loaded on first use: the Workers build passes its own ModelIo and never runs the Deno edge.
const files = () => import("../../runtime/files.ts");

/** The runtime edge's file access (Deno's file system). */
export const DEFAULT_MODEL_IO: ModelIo = {
  readText: async (path) => (await files()).readTextIfExists(path),
  readBytes: async (path, signal) => (await files()).readBytes(path, signal),
  isFile: async (path) => (await (await files()).fileSize(path)) !== undefined,
};

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
  readonly io?: ModelIo;
  readonly signal: AbortSignal;
}

/** Resolves `model` and reads its metadata; throws when a required file is missing. */
export async function loadModelFiles(model: string, opts: LoadModelOptions): Promise<ModelFiles> {
  const io = opts.io ?? DEFAULT_MODEL_IO;
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
