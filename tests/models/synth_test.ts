import assert from "node:assert/strict";
import { generateParameters, parameterCount } from "../../tools/synth/params.ts";
import { SHAPES } from "../../tools/synth/shapes.ts";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";
import { TINY_VOCAB, TINY_VOCAB_SIZE } from "../../tools/synth/vocab.ts";
import { encodeBatch, maxAbsDiff, PAIRS, runOrt, tinyTokenizer } from "./helpers.ts";

Deno.test("synth: the same seed gives byte-identical ONNX, another seed different bytes", () => {
  for (const dtype of ["fp32", "int8"] as const) {
    const a = synthesizeModel("tiny", { dtype, seed: 7 }).onnx;
    const b = synthesizeModel("tiny", { dtype, seed: 7 }).onnx;
    const c = synthesizeModel("tiny", { dtype, seed: 8 }).onnx;
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  }
});

Deno.test("synth: tiny vocabulary starts with BERT's special tokens and has ## pieces", () => {
  assert.deepEqual(TINY_VOCAB.slice(0, 5), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]);
  assert.equal(new Set(TINY_VOCAB).size, TINY_VOCAB_SIZE);
  assert.ok(TINY_VOCAB_SIZE > 400 && TINY_VOCAB_SIZE < 1000);
  assert.ok(TINY_VOCAB.includes("##a") && TINY_VOCAB.includes("##ing"));
});

Deno.test("synth: parameter counts match MiniLM-L6 (~90.9 MB fp32) and TinyBERT-L2", () => {
  const minilm = parameterCount(generateParameters(SHAPES["minilm-l6"], { seed: 1 }));
  assert.equal(minilm, 22_713_601);
  assert.ok(Math.abs(minilm * 4 - 90.9e6) < 0.1e6);
  const tinybert = parameterCount(generateParameters(SHAPES["tinybert-l2"], { seed: 1 }));
  assert.equal(tinybert, 4_386_049);
});

Deno.test("synth: tiny fp32 runs in onnxruntime-web and gives logits [batch, 1]", async () => {
  const batch = encodeBatch(tinyTokenizer(), PAIRS);
  const { dims, rows } = await runOrt(synthesizeModel("tiny").onnx, batch);
  assert.deepEqual(dims, [PAIRS.length, 1]);
  for (const [v] of rows) assert.ok(Number.isFinite(v));
  assert.ok(new Set(rows.map(([v]) => v)).size === PAIRS.length, "distinct pairs, distinct logits");
});

Deno.test("synth: tiny int8 (dynamic quantization) runs in ORT-web, logits within 0.05 of fp32", async () => {
  const batch = encodeBatch(tinyTokenizer(), PAIRS);
  const fp32 = await runOrt(synthesizeModel("tiny", { dtype: "fp32" }).onnx, batch);
  const int8 = await runOrt(synthesizeModel("tiny", { dtype: "int8" }).onnx, batch);
  assert.deepEqual(int8.dims, fp32.dims);
  assert.ok(
    maxAbsDiff(int8.rows, fp32.rows) <= 0.05,
    `int8 drift ${maxAbsDiff(int8.rows, fp32.rows)}`,
  );
});

Deno.test("synth: padding does not change a pair's fp32 logit", async () => {
  const tok = tinyTokenizer();
  const onnx = synthesizeModel("tiny").onnx;
  const together = await runOrt(onnx, encodeBatch(tok, PAIRS));
  for (let i = 0; i < PAIRS.length; i++) {
    const alone = await runOrt(onnx, encodeBatch(tok, [PAIRS[i]]));
    assert.ok(Math.abs(alone.rows[0][0] - together.rows[i][0]) < 1e-5);
  }
});

Deno.test("synth: hidden head outputs last_hidden_state [batch, seq, hidden]", async () => {
  const batch = encodeBatch(tinyTokenizer(), PAIRS.slice(0, 2));
  const onnx = synthesizeModel("tiny", { head: "hidden" }).onnx;
  const { dims } = await runOrt(onnx, batch, "last_hidden_state");
  assert.deepEqual(dims, [2, batch.inputIds[0].length, SHAPES.tiny.hiddenSize]);
});
