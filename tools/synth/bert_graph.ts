/**
 * The BERT graph, textbook HF math: embeddings (word + position + token type) -> LayerNorm ->
 * N x [self-attention with additive mask -> dense -> residual LayerNorm -> GELU(erf) FFN ->
 * residual LayerNorm] -> pooler (dense + tanh on [CLS]) -> classifier. In `int8` mode, weight
 * MatMuls and the word embedding take the shape `quantize_dynamic` emits.
 * @module
 */

import { DataType, GraphBuilder } from "./onnx_builder.ts";
import { type BertHead, type BertParameters, layerPrefix, param } from "./params.ts";
import { quantizeSymmetricInt8 } from "./quantize.ts";
import type { BertShape } from "./shapes.ts";
import type { ModelDtype } from "../../src/inference/model_files.ts";

/** Weight precision of the generated graph. */
export type { ModelDtype };

/** Options of {@link buildBertGraph}. */
export interface GraphOptions {
  dtype: ModelDtype;
  head: BertHead;
  numLabels: number;
}

// torch.finfo(torch.float32).min, what HF adds to masked attention scores.
const MASK_VALUE = -3.4028234663852886e38;

/** Builds the ONNX bytes of `shape` with weights `params`. */
export function buildBertGraph(
  shape: BertShape,
  params: BertParameters,
  opts: GraphOptions,
): Uint8Array {
  const g = new GraphBuilder();
  const H = shape.hiddenSize;
  const headDim = H / shape.numHeads;
  const init = (name: string) => {
    const t = param(params, name);
    return g.initializer(name, t.dims, t.data);
  };
  const int8 = opts.dtype === "int8";

  const linear = (x: string, prefix: string): string => {
    const w = param(params, `${prefix}.weight`);
    const bias = init(`${prefix}.bias`);
    if (!int8) return g.node("Add", [g.node("MatMul", [x, init(`${prefix}.weight`)]), bias]);
    const q = quantizeSymmetricInt8(w.data);
    const wq = g.initializer(`${prefix}.weight_quantized`, w.dims, q.values);
    const ws = g.scalar(`${prefix}.weight_scale`, q.scale);
    const wzp = g.initializer(`${prefix}.weight_zero_point`, [], new Int8Array(1));
    const [xq, xs, xzp] = g.nodeN("DynamicQuantizeLinear", [x], { outputs: 3 });
    const mm = g.node("MatMulInteger", [xq, wq, xzp, wzp]);
    const asFloat = g.node("Cast", [mm], { attrs: { to: DataType.FLOAT } });
    const scale = g.node("Mul", [xs, ws]);
    return g.node("Add", [g.node("Mul", [asFloat, scale]), bias]);
  };
  const layerNorm = (x: string, prefix: string): string =>
    g.node("LayerNormalization", [x, init(`${prefix}.weight`), init(`${prefix}.bias`)], {
      attrs: { axis: -1, epsilon: { float: shape.layerNormEps } },
    });

  // Embeddings.
  const wordName = "bert.embeddings.word_embeddings.weight";
  let words: string;
  if (int8) {
    const q = quantizeSymmetricInt8(param(params, wordName).data);
    const wq = g.initializer(`${wordName}_quantized`, [shape.vocabSize, H], q.values);
    const gathered = g.node("Gather", [wq, "input_ids"]);
    const zp = g.initializer(`${wordName}_zero_point`, [], new Int8Array(1));
    words = g.node("DequantizeLinear", [gathered, g.scalar(`${wordName}_scale`, q.scale), zp]);
  } else {
    words = g.node("Gather", [init(wordName), "input_ids"]);
  }
  const positionRange = g.int64s(
    "position_ids",
    Array.from({ length: shape.maxPositions }, (_, i) => i),
  );
  const inputShape = g.node("Shape", ["input_ids"]);
  const seqLen = g.node("Slice", [inputShape, g.int64s("const_1", [1]), g.int64s("const_2", [2])]);
  const zero = g.int64s("const_0", [0]);
  const positionIds = g.node("Slice", [positionRange, zero, seqLen, zero]);
  const positions = g.node("Gather", [
    init("bert.embeddings.position_embeddings.weight"),
    positionIds,
  ]);
  const types = g.node("Gather", [
    init("bert.embeddings.token_type_embeddings.weight"),
    "token_type_ids",
  ]);
  const summed = g.node("Add", [g.node("Add", [words, types]), positions]);
  let hidden = layerNorm(summed, "bert.embeddings.LayerNorm");

  // Additive attention mask [B, 1, 1, S]: 0 where attended, float32 min where padded.
  const mask4 = g.node("Unsqueeze", ["attention_mask", g.int64s("mask_axes", [1, 2])]);
  const maskF = g.node("Cast", [mask4], { attrs: { to: DataType.FLOAT } });
  const inverted = g.node("Sub", [g.scalar("const_one", 1), maskF]);
  const additiveMask = g.node("Mul", [inverted, g.scalar("mask_value", MASK_VALUE)]);

  const splitShape = g.int64s("split_heads_shape", [0, 0, shape.numHeads, headDim]);
  const mergeShape = g.int64s("merge_heads_shape", [0, 0, H]);
  const sqrtHeadDim = g.scalar("sqrt_head_dim", Math.sqrt(headDim));
  const sqrt2 = g.scalar("sqrt_2", Math.SQRT2);
  const half = g.scalar("const_half", 0.5);
  const heads = (x: string, perm: number[]) =>
    g.node("Transpose", [g.node("Reshape", [x, splitShape])], { attrs: { perm: { ints: perm } } });

  for (let i = 0; i < shape.numLayers; i++) {
    const p = layerPrefix(i);
    const q = heads(linear(hidden, `${p}.attention.self.query`), [0, 2, 1, 3]);
    const k = heads(linear(hidden, `${p}.attention.self.key`), [0, 2, 3, 1]);
    const v = heads(linear(hidden, `${p}.attention.self.value`), [0, 2, 1, 3]);
    const scores = g.node("Add", [
      g.node("Div", [g.node("MatMul", [q, k]), sqrtHeadDim]),
      additiveMask,
    ]);
    const probs = g.node("Softmax", [scores], { attrs: { axis: -1 } });
    const context = g.node("Transpose", [g.node("MatMul", [probs, v])], {
      attrs: { perm: { ints: [0, 2, 1, 3] } },
    });
    const merged = g.node("Reshape", [context, mergeShape]);
    const attnOut = linear(merged, `${p}.attention.output.dense`);
    hidden = layerNorm(g.node("Add", [attnOut, hidden]), `${p}.attention.output.LayerNorm`);
    const inter = linear(hidden, `${p}.intermediate.dense`);
    const erf = g.node("Erf", [g.node("Div", [inter, sqrt2])]);
    const gelu = g.node("Mul", [
      g.node("Mul", [inter, g.node("Add", [erf, g.scalar(`one_${i}`, 1)])]),
      half,
    ]);
    const ffOut = linear(gelu, `${p}.output.dense`);
    hidden = layerNorm(g.node("Add", [ffOut, hidden]), `${p}.output.LayerNorm`);
  }

  const ids = { name: "input_ids", type: DataType.INT64, dims: ["batch_size", "sequence_length"] };
  const inputs = [
    ids,
    { ...ids, name: "attention_mask" },
    { ...ids, name: "token_type_ids" },
  ];
  if (opts.head === "hidden") {
    g.node("Identity", [hidden]);
    g.renameLastOutput("last_hidden_state");
    return g.encode({
      graphName: "bert",
      inputs,
      outputs: [{
        name: "last_hidden_state",
        type: DataType.FLOAT,
        dims: ["batch_size", "sequence_length", H],
      }],
    });
  }
  const cls = g.node("Gather", [hidden, g.initializer("cls_index", [], new BigInt64Array(1))], {
    attrs: { axis: 1 },
  });
  const gemm = (x: string, prefix: string) =>
    g.node("Gemm", [x, init(`${prefix}.weight`), init(`${prefix}.bias`)], { attrs: { transB: 1 } });
  const pooled = g.node("Tanh", [gemm(cls, "bert.pooler.dense")]);
  gemm(pooled, "classifier");
  g.renameLastOutput("logits");
  return g.encode({
    graphName: "bert",
    inputs,
    outputs: [{ name: "logits", type: DataType.FLOAT, dims: ["batch_size", opts.numLabels] }],
  });
}
