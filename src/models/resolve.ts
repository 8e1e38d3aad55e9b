/**
 * Model id or path -> the folder with `model.onnx` / `model_quantized.onnx`, `tokenizer.json` and
 * `config.json`. Ids come from the manifest (or a `synthetic-*` folder); anything with a slash that
 * is not a manifest repo is a path to an HF-layout folder. A missing model names the command that
 * fetches it.
 * @module
 */

import { isAbsolute, join } from "node:path";
import type { FileAccess } from "../core/runtime.ts";
import { findModel, type Manifest, type ManifestModel } from "./manifest.ts";
import type { ModelDtype } from "../inference/model_files.ts";
import { ModelUnavailableError } from "./unavailable.ts";

/** Where a model's files are. */
export interface ResolvedModel {
  /** Manifest id, or the folder path for by-path models. */
  id: string;
  dir: string;
  /** The ONNX graph for the requested dtype. */
  onnxPath: string;
  tokenizerPath: string;
  configPath: string;
  /** The manifest entry, when the model came from the manifest. */
  entry?: ManifestModel;
}

/** Options of {@link resolveModel}. */
export interface ResolveOptions {
  manifest: Manifest;
  /** The runtime's file system (the Runtime port). */
  fs: FileAccess;
  /** Folder holding `<id>/` model folders (default `models`). */
  modelsDir?: string;
  /**
   * Which graph to pick; omitted = fp32 when present, else int8. fp32 is the default because it
   * is what Weaviate's reranker-transformers container scores with: int8 shifts logits by ~0.02
   * and makes a pair's score depend on its batch (one activation scale per batch tensor).
   */
  dtype?: ModelDtype;
}

const ONNX_CANDIDATES: Readonly<Record<ModelDtype, readonly string[]>> = {
  fp32: ["model.onnx", "onnx/model.onnx"],
  int8: [
    "model_quantized.onnx",
    "onnx/model_quantized.onnx",
    "onnx/model_qint8_avx512.onnx",
    "onnx/model_int8.onnx",
  ],
};

async function firstExisting(
  fs: FileAccess,
  dir: string,
  names: readonly string[],
): Promise<string | undefined> {
  for (const name of names) {
    const path = join(dir, name);
    if (await fs.fileSize(path) !== undefined) return path;
  }
  return undefined;
}

async function filesIn(fs: FileAccess, dir: string, dtype: ModelDtype | undefined) {
  const onnx = dtype === undefined
    ? await firstExisting(fs, dir, [...ONNX_CANDIDATES.fp32, ...ONNX_CANDIDATES.int8])
    : await firstExisting(fs, dir, ONNX_CANDIDATES[dtype]);
  const tokenizer = await firstExisting(fs, dir, ["tokenizer.json"]);
  const config = await firstExisting(fs, dir, ["config.json"]);
  const missing = [
    onnx === undefined ? ONNX_CANDIDATES[dtype ?? "fp32"][0] : undefined,
    tokenizer === undefined ? "tokenizer.json" : undefined,
    config === undefined ? "config.json" : undefined,
  ].filter((m): m is string => m !== undefined);
  return { onnx, tokenizer, config, missing };
}

function looksLikePath(s: string): boolean {
  return isAbsolute(s) || s.startsWith(".") || s.includes("/") || s.includes("\\");
}

/**
 * Finds the model's folder. A missing model throws a {@link ModelUnavailableError} naming
 * `deno task models pull <id>` (or `models synth`); an unknown id throws a plain Error.
 */
export async function resolveModel(idOrPath: string, opts: ResolveOptions): Promise<ResolvedModel> {
  const modelsDir = opts.modelsDir ?? "models";
  const known = findModel(opts.manifest, idOrPath);
  if (known === undefined && looksLikePath(idOrPath)) {
    if (!await opts.fs.isDirectory(idOrPath)) {
      throw new ModelUnavailableError(`model folder ${idOrPath} does not exist`);
    }
    const f = await filesIn(opts.fs, idOrPath, opts.dtype);
    if (f.missing.length > 0) {
      throw new ModelUnavailableError(
        `model folder ${idOrPath} lacks ${f.missing.join(", ")} ` +
          "(an HF-layout folder needs model.onnx or onnx/model.onnx, tokenizer.json, config.json)",
      );
    }
    return {
      id: idOrPath,
      dir: idOrPath,
      onnxPath: f.onnx!,
      tokenizerPath: f.tokenizer!,
      configPath: f.config!,
    };
  }
  const id = known?.id ?? idOrPath;
  const dir = join(modelsDir, id);
  const f = await filesIn(opts.fs, dir, opts.dtype);
  if (f.missing.length === 0) {
    return {
      id,
      dir,
      onnxPath: f.onnx!,
      tokenizerPath: f.tokenizer!,
      configPath: f.config!,
      entry: known?.model,
    };
  }
  if (known !== undefined) {
    throw new ModelUnavailableError(
      `model ${id} is not downloaded (${dir} lacks ${f.missing.join(", ")}): ` +
        `run \`deno task models pull ${id}\``,
    );
  }
  if (id.startsWith("synthetic-")) {
    throw new ModelUnavailableError(
      `model ${id} is not generated (${dir} lacks ${f.missing.join(", ")}): ` +
        "run `deno task models synth`",
    );
  }
  const ids = Object.keys(opts.manifest.models).join(", ");
  throw new Error(
    `unknown model ${id}: expected one of ${ids} (then \`deno task models pull <id>\`), ` +
      "a synthetic-* model or a path to an HF-layout folder",
  );
}
