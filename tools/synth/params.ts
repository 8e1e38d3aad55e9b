/**
 * Deterministic random BERT parameters under HF initializer names. The ONNX generator and the
 * plain-TypeScript reference forward pass both read these, so the reference never sees ORT.
 *
 * Layouts: embeddings `[rows, hidden]`; encoder linear weights `[in, out]` (MatMul-ready, the
 * layout `torch.onnx.export` writes for `nn.Linear` under MatMul); pooler and classifier weights
 * `[out, in]` (HF's own layout, used by `Gemm` with `transB=1`, as the HF export does).
 * @module
 */

import { mulberry32, uniform } from "./prng.ts";
import type { BertShape } from "./shapes.ts";

/** A float32 tensor: row-major data with its dimensions. */
export interface FloatTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** All weights of one synthetic model, by HF initializer name, in generation order. */
export type BertParameters = ReadonlyMap<string, FloatTensor>;

/** Which head the graph ends in: cross-encoder classifier or the encoder's hidden states. */
export type BertHead = "classifier" | "hidden";

/** Options of {@link generateParameters}. */
export interface ParameterOptions {
  /** PRNG seed; the same seed gives bit-identical weights. */
  seed: number;
  /** `classifier` (default) adds pooler + classifier weights. */
  head?: BertHead;
  /** Classifier outputs (default 1, a cross-encoder's single relevance logit). */
  numLabels?: number;
}

/** The prefix of encoder layer `i`'s initializer names. */
export function layerPrefix(i: number): string {
  return `bert.encoder.layer.${i}`;
}

// Each tensor gets its own stream (seed mixed with its name) so adding a head or a layer never
// changes the weights of the others.
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Generates every parameter of `shape` from `opts.seed`. */
export function generateParameters(shape: BertShape, opts: ParameterOptions): BertParameters {
  const out = new Map<string, FloatTensor>();
  const put = (name: string, dims: number[], halfWidth: number, center = 0) => {
    const size = dims.reduce((a, b) => a * b, 1);
    const random = mulberry32(streamSeed(opts.seed, name));
    out.set(name, { dims, data: uniform(random, size, { center, halfWidth }) });
  };
  const H = shape.hiddenSize;
  const FF = shape.intermediateSize;
  const linear = (prefix: string, fanIn: number, fanOut: number) => {
    // uniform(-a, a) has std a/sqrt(3): std 1/sqrt(fan_in) keeps activations O(1).
    put(`${prefix}.weight`, [fanIn, fanOut], Math.sqrt(3 / fanIn));
    put(`${prefix}.bias`, [fanOut], 0.05);
  };
  const layerNorm = (prefix: string) => {
    put(`${prefix}.weight`, [H], 0.05, 1);
    put(`${prefix}.bias`, [H], 0.05);
  };
  put("bert.embeddings.word_embeddings.weight", [shape.vocabSize, H], Math.sqrt(3));
  put("bert.embeddings.position_embeddings.weight", [shape.maxPositions, H], Math.sqrt(3));
  put("bert.embeddings.token_type_embeddings.weight", [shape.typeVocabSize, H], Math.sqrt(3));
  layerNorm("bert.embeddings.LayerNorm");
  for (let i = 0; i < shape.numLayers; i++) {
    const p = layerPrefix(i);
    linear(`${p}.attention.self.query`, H, H);
    linear(`${p}.attention.self.key`, H, H);
    linear(`${p}.attention.self.value`, H, H);
    linear(`${p}.attention.output.dense`, H, H);
    layerNorm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, H, FF);
    linear(`${p}.output.dense`, FF, H);
    layerNorm(`${p}.output.LayerNorm`);
  }
  if ((opts.head ?? "classifier") === "classifier") {
    const labels = opts.numLabels ?? 1;
    put("bert.pooler.dense.weight", [H, H], Math.sqrt(3 / H));
    put("bert.pooler.dense.bias", [H], 0.05);
    put("classifier.weight", [labels, H], Math.sqrt(3 / H));
    put("classifier.bias", [labels], 0.05);
  }
  return out;
}

/** The parameter `name`; throws when the model has none of that name. */
export function param(params: BertParameters, name: string): FloatTensor {
  const t = params.get(name);
  if (t === undefined) throw new Error(`synthetic model has no parameter ${name}`);
  return t;
}

/** Total number of scalar weights. */
export function parameterCount(params: BertParameters): number {
  let n = 0;
  for (const t of params.values()) n += t.data.length;
  return n;
}
