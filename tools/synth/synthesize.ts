/**
 * Synthetic BERT models with deterministic random weights, in memory: ONNX bytes (fp32 or the
 * int8 graph `quantize_dynamic` emits) plus HF `config.json` and, for the tiny shape, its own
 * `tokenizer.json`. No I/O here; {@link ./write.ts} puts them on disk.
 * @module
 */

import { buildBertGraph, type ModelDtype } from "./bert_graph.ts";
import { configJson, tokenizerConfigJson, tokenizerJson } from "./hf_files.ts";
import { type BertHead, type BertParameters, generateParameters } from "./params.ts";
import { type BertShape, type ShapeName, SHAPES } from "./shapes.ts";
import { TINY_VOCAB } from "./vocab.ts";

/** Default PRNG seed of `deno task models synth`. */
export const DEFAULT_SEED = 42;

/** Options of {@link synthesizeModel}. */
export interface SynthOptions {
  /** `fp32` (default) or `int8` (dynamic quantization). */
  dtype?: ModelDtype;
  /** PRNG seed (default {@link DEFAULT_SEED}); the same seed gives byte-identical output. */
  seed?: number;
  /** `classifier` (default, cross-encoder: `logits` [batch, numLabels]) or `hidden` (embedder: `last_hidden_state`). */
  head?: BertHead;
  /** Classifier outputs (default 1). */
  numLabels?: number;
}

/** A synthetic model in memory. */
export interface SyntheticModel {
  /** ONNX protobuf bytes. */
  onnx: Uint8Array;
  /** `config.json` text. */
  configJson: string;
  /** `tokenizer.json` text; only for shapes with their own vocabulary (`tiny`). */
  tokenizerJson?: string;
  /** `tokenizer_config.json` text, alongside `tokenizerJson`. */
  tokenizerConfigJson?: string;
  /** The weights the graph was built from (fp32, before any quantization). */
  parameters: BertParameters;
}

/** Resolves a shape name or passes a custom shape through. */
export function resolveShape(shape: ShapeName | BertShape): BertShape {
  return typeof shape === "string" ? SHAPES[shape] : shape;
}

/** Generates the model of `shape`; deterministic in `opts.seed`. */
export function synthesizeModel(
  shape: ShapeName | BertShape,
  opts: SynthOptions = {},
): SyntheticModel {
  const s = resolveShape(shape);
  const head = opts.head ?? "classifier";
  const numLabels = opts.numLabels ?? 1;
  const parameters = generateParameters(s, { seed: opts.seed ?? DEFAULT_SEED, head, numLabels });
  const onnx = buildBertGraph(s, parameters, { dtype: opts.dtype ?? "fp32", head, numLabels });
  const model: SyntheticModel = {
    onnx,
    configJson: configJson(s, { head, numLabels }),
    parameters,
  };
  if (s.name === "tiny") {
    model.tokenizerJson = tokenizerJson(TINY_VOCAB);
    model.tokenizerConfigJson = tokenizerConfigJson(s.maxPositions);
  }
  return model;
}
