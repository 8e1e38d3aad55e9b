/**
 * An independent plain-TypeScript BERT forward pass (textbook HF math, float64 arithmetic) over
 * the synthetic generator's parameters. Used only by tests, to check the generated ONNX graph
 * against something that is not ORT. Rows are computed one at a time with their own padding mask.
 * @module
 */

import { type BertParameters, layerPrefix, param } from "../synth/params.ts";
import type { BertShape } from "../synth/shapes.ts";

/** One padded batch of token ids, `[batch][sequence]`, as the ONNX inputs take them. */
export interface ReferenceBatch {
  inputIds: readonly (readonly number[])[];
  attentionMask: readonly (readonly number[])[];
  tokenTypeIds: readonly (readonly number[])[];
}

type Matrix = Float64Array[];

/** erf to ~1e-13: Maclaurin series below 3, continued-fraction erfc above (JS has no Math.erf). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  let y: number;
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 80 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= -ax * ax / n;
      sum += term / (2 * n + 1);
    }
    y = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // Continued fraction erfc(x) = exp(-x^2) / (sqrt(pi) (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))).
    let t = ax;
    for (let n = 60; n >= 1; n--) t = ax + (n / 2) / t;
    y = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * t);
  }
  return x < 0 ? -y : y;
}

// x [S][in] times w stored [in][out] (MatMul layout), plus bias.
function linear(x: Matrix, params: BertParameters, prefix: string): Matrix {
  const w = param(params, `${prefix}.weight`);
  const b = param(params, `${prefix}.bias`).data;
  const [fanIn, fanOut] = w.dims;
  return x.map((row) => {
    const out = Float64Array.from(b);
    for (let i = 0; i < fanIn; i++) {
      const xi = row[i];
      const base = i * fanOut;
      for (let o = 0; o < fanOut; o++) out[o] += xi * w.data[base + o];
    }
    return out;
  });
}

// y = W x + b with W stored [out][in] (HF / Gemm transB layout).
function dense(x: Float64Array, params: BertParameters, prefix: string): Float64Array {
  const w = param(params, `${prefix}.weight`);
  const b = param(params, `${prefix}.bias`).data;
  const [fanOut, fanIn] = w.dims;
  const out = Float64Array.from(b);
  for (let o = 0; o < fanOut; o++) {
    for (let i = 0; i < fanIn; i++) out[o] += w.data[o * fanIn + i] * x[i];
  }
  return out;
}

function layerNorm(x: Matrix, params: BertParameters, prefix: string, eps: number): Matrix {
  const gamma = param(params, `${prefix}.weight`).data;
  const beta = param(params, `${prefix}.bias`).data;
  return x.map((row) => {
    const n = row.length;
    const mean = row.reduce((a, v) => a + v, 0) / n;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    const inv = 1 / Math.sqrt(variance + eps);
    return row.map((v, i) => (v - mean) * inv * gamma[i] + beta[i]);
  });
}

function addRows(a: Matrix, b: Matrix): Matrix {
  return a.map((row, s) => row.map((v, i) => v + b[s][i]));
}

function attention(
  x: Matrix,
  mask: readonly number[],
  shape: BertShape,
  params: BertParameters,
  p: string,
): Matrix {
  const q = linear(x, params, `${p}.attention.self.query`);
  const k = linear(x, params, `${p}.attention.self.key`);
  const v = linear(x, params, `${p}.attention.self.value`);
  const S = x.length;
  const d = shape.hiddenSize / shape.numHeads;
  const context: Matrix = x.map(() => new Float64Array(shape.hiddenSize));
  for (let h = 0; h < shape.numHeads; h++) {
    const off = h * d;
    for (let i = 0; i < S; i++) {
      const scores = new Float64Array(S);
      for (let j = 0; j < S; j++) {
        let dot = 0;
        for (let t = 0; t < d; t++) dot += q[i][off + t] * k[j][off + t];
        scores[j] = dot / Math.sqrt(d) + (mask[j] === 0 ? -3.4028234663852886e38 : 0);
      }
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, e) => a + e, 0);
      for (let j = 0; j < S; j++) {
        const w = exps[j] / total;
        for (let t = 0; t < d; t++) context[i][off + t] += w * v[j][off + t];
      }
    }
  }
  return linear(context, params, `${p}.attention.output.dense`);
}

/** Final hidden states `[batch][sequence][hidden]` of the encoder. */
export function referenceHidden(
  shape: BertShape,
  params: BertParameters,
  batch: ReferenceBatch,
): Matrix[] {
  const word = param(params, "bert.embeddings.word_embeddings.weight").data;
  const pos = param(params, "bert.embeddings.position_embeddings.weight").data;
  const type = param(params, "bert.embeddings.token_type_embeddings.weight").data;
  const H = shape.hiddenSize;
  const eps = shape.layerNormEps;
  return batch.inputIds.map((ids, b) => {
    const types = batch.tokenTypeIds[b];
    const emb: Matrix = ids.map((id, s) => {
      const row = new Float64Array(H);
      for (let i = 0; i < H; i++) {
        row[i] = word[id * H + i] + pos[s * H + i] + type[types[s] * H + i];
      }
      return row;
    });
    let x = layerNorm(emb, params, "bert.embeddings.LayerNorm", eps);
    for (let l = 0; l < shape.numLayers; l++) {
      const p = layerPrefix(l);
      const attn = attention(x, batch.attentionMask[b], shape, params, p);
      x = layerNorm(addRows(attn, x), params, `${p}.attention.output.LayerNorm`, eps);
      const inter = linear(x, params, `${p}.intermediate.dense`)
        .map((row) => row.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))));
      const out = linear(inter, params, `${p}.output.dense`);
      x = layerNorm(addRows(out, x), params, `${p}.output.LayerNorm`, eps);
    }
    return x;
  });
}

/** Cross-encoder logits `[batch][numLabels]`: pooler (dense + tanh on [CLS]) then classifier. */
export function referenceLogits(
  shape: BertShape,
  params: BertParameters,
  batch: ReferenceBatch,
): number[][] {
  return referenceHidden(shape, params, batch).map((hidden) => {
    const pooled = dense(hidden[0], params, "bert.pooler.dense").map(Math.tanh);
    return [...dense(pooled, params, "classifier")];
  });
}
