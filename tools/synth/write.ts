/**
 * Writes a synthetic model as an HF-layout folder: `model.onnx` (fp32), `model_quantized.onnx`
 * (int8), `config.json`, the tokenizer (own vocabulary for `tiny`; for real-vocabulary shapes a
 * copy of the real `tokenizer.json` from `../shared/tokenizers` when present) and a README.
 * @module
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeDir, readTextIfExists, writeFileAtomic } from "../../src/runtime/files.ts";
import type { ModelDtype } from "./bert_graph.ts";
import type { BertShape, ShapeName } from "./shapes.ts";
import { resolveShape, synthesizeModel, type SynthOptions } from "./synthesize.ts";

/** File name of each precision inside a model folder (transformers.js / Optimum names). */
export const ONNX_FILE: Readonly<Record<ModelDtype, string>> = {
  fp32: "model.onnx",
  int8: "model_quantized.onnx",
};

/** Where real tokenizers live in the development checkout (absent for users). */
export const SHARED_TOKENIZERS_DIR: string = fileURLToPath(
  new URL("../../../shared/tokenizers/", import.meta.url),
);

/** Options of {@link writeSyntheticModel}. */
export interface WriteOptions extends Omit<SynthOptions, "dtype"> {
  /** Precisions to write (default both fp32 and int8). */
  dtypes?: readonly ModelDtype[];
  /** Folder holding `<model>/tokenizer.json` for real-vocabulary shapes (default {@link SHARED_TOKENIZERS_DIR}). */
  tokenizersDir?: string;
  signal?: AbortSignal;
}

/** What {@link writeSyntheticModel} wrote. */
export interface WriteReport {
  dir: string;
  /** File names written into `dir`. */
  files: string[];
  /** `own` (generated vocabulary), `copied` (real tokenizer.json) or `missing`. */
  tokenizer: "own" | "copied" | "missing";
  /** A human sentence about the tokenizer, e.g. why it is missing. */
  note: string;
}

function readme(shape: BertShape, tokenizerNote: string): string {
  return [
    `# synthetic-${shape.name}`,
    "",
    "Synthetic model written by `deno task models synth`: the weights are random (seeded PRNG), so",
    "scores and rankings are meaningless. Use it for tests, benchmarks and shape checks only.",
    "",
    `Shape: ${shape.numLayers} layers, hidden ${shape.hiddenSize}, ${shape.numHeads} heads, ` +
    `FF ${shape.intermediateSize}, vocabulary ${shape.vocabSize}, max length ${shape.maxPositions}.`,
    `Tokenizer: ${tokenizerNote}`,
    "",
  ].join("\n");
}

/** Generates `shape` and writes it into `dir` (created if needed). */
export async function writeSyntheticModel(
  dir: string,
  shape: ShapeName | BertShape,
  opts: WriteOptions = {},
): Promise<WriteReport> {
  const s = resolveShape(shape);
  const signal = opts.signal;
  await makeDir(dir);
  const files: string[] = [];
  const put = async (name: string, data: Uint8Array | string) => {
    signal?.throwIfAborted();
    await writeFileAtomic(join(dir, name), data, signal);
    files.push(name);
  };
  let configText = "";
  let own: { tokenizer?: string; config?: string } = {};
  for (const dtype of opts.dtypes ?? ["fp32", "int8"]) {
    const model = synthesizeModel(s, { ...opts, dtype });
    await put(ONNX_FILE[dtype], model.onnx);
    configText = model.configJson;
    own = { tokenizer: model.tokenizerJson, config: model.tokenizerConfigJson };
  }
  if (configText === "") configText = synthesizeModel(s, { ...opts }).configJson;
  await put("config.json", configText);

  let tokenizer: WriteReport["tokenizer"];
  let note: string;
  if (own.tokenizer !== undefined) {
    await put("tokenizer.json", own.tokenizer);
    if (own.config !== undefined) await put("tokenizer_config.json", own.config);
    tokenizer = "own";
    note = `its own ${s.vocabSize}-token WordPiece vocabulary (lowercase BERT).`;
  } else {
    const from = join(opts.tokenizersDir ?? SHARED_TOKENIZERS_DIR, s.tokenizerFrom ?? s.name);
    const real = await readTextIfExists(join(from, "tokenizer.json"));
    if (real !== undefined) {
      await put("tokenizer.json", real);
      const realConfig = await readTextIfExists(join(from, "tokenizer_config.json"));
      if (realConfig !== undefined) await put("tokenizer_config.json", realConfig);
      tokenizer = "copied";
      note = `copied from ${from} (the real ${s.tokenizerFrom} vocabulary).`;
    } else {
      tokenizer = "missing";
      note = `none written: ${join(from, "tokenizer.json")} is not available. Copy the real ` +
        `tokenizer.json of ${s.tokenizerFrom ?? "the model"} into this folder to use it.`;
    }
  }
  await put("README.md", readme(s, note));
  return { dir, files, tokenizer, note };
}
