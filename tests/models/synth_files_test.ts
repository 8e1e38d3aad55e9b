import assert from "node:assert/strict";
import { join } from "node:path";
import onnxProto from "npm:onnx-proto@8.0.1";
import { synthesizeModel } from "../../tools/synth/synthesize.ts";
import { writeSyntheticModel } from "../../tools/synth/write.ts";
import { tinyTokenizer } from "./helpers.ts";

function opTypes(bytes: Uint8Array): Set<string> {
  const model = onnxProto.onnx.ModelProto.decode(bytes);
  assert.equal(Number(model.irVersion), 8);
  assert.equal(Number(model.opsetImport[0].version), 17);
  return new Set(model.graph!.node!.map((n) => n.opType!));
}

Deno.test("synth files: tiny tokenizer.json loads and encodes a pair as [CLS] q [SEP] d [SEP]", () => {
  const tok = tinyTokenizer();
  const e = tok.encode("Hot AIR", { text_pair: "a balloon, flying", return_token_type_ids: true });
  assert.deepEqual(e.tokens, [
    "[CLS]",
    "hot",
    "air",
    "[SEP]",
    "a",
    "balloon",
    ",",
    "flying",
    "[SEP]",
  ]);
  assert.deepEqual(e.token_type_ids, [0, 0, 0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual([e.ids[0], e.ids[3], e.ids[8]], [2, 3, 3]);
  assert.equal(tok.token_to_id("[PAD]"), 0);
});

Deno.test("synth files: config.json is a BertForSequenceClassification with Identity activation", () => {
  const config = JSON.parse(synthesizeModel("tiny").configJson);
  assert.deepEqual(config.architectures, ["BertForSequenceClassification"]);
  assert.equal(config.sbert_ce_default_activation_function, "torch.nn.modules.linear.Identity");
  assert.equal(config.max_position_embeddings, 128);
  assert.equal(config.hidden_size, 32);
  assert.equal(config.num_hidden_layers, 2);
});

Deno.test("synth files: fp32 uses MatMul/Erf/Gemm; int8 is quantize_dynamic's graph", () => {
  const fp32 = opTypes(synthesizeModel("tiny", { dtype: "fp32" }).onnx);
  for (const op of ["Gather", "LayerNormalization", "MatMul", "Softmax", "Erf", "Gemm", "Tanh"]) {
    assert.ok(fp32.has(op), op);
  }
  assert.ok(!fp32.has("MatMulInteger"));
  const int8 = opTypes(synthesizeModel("tiny", { dtype: "int8" }).onnx);
  for (const op of ["DynamicQuantizeLinear", "MatMulInteger", "Cast", "DequantizeLinear", "Gemm"]) {
    assert.ok(int8.has(op), op);
  }
});

Deno.test("synth files: writeSyntheticModel writes an HF-layout folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const report = await writeSyntheticModel(join(dir, "synthetic-tiny"), "tiny");
    assert.equal(report.tokenizer, "own");
    const files = [...Deno.readDirSync(join(dir, "synthetic-tiny"))].map((e) => e.name).sort();
    assert.deepEqual(files, [
      "README.md",
      "config.json",
      "model.onnx",
      "model_quantized.onnx",
      "tokenizer.json",
      "tokenizer_config.json",
    ]);
    const onnx = await Deno.readFile(join(dir, "synthetic-tiny", "model.onnx"));
    assert.deepEqual(onnx, synthesizeModel("tiny").onnx);
    const readme = await Deno.readTextFile(join(dir, "synthetic-tiny", "README.md"));
    assert.match(readme, /random/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("synth files: real-vocabulary shapes copy the real tokenizer or say it is missing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const tokenizers = join(dir, "tokenizers");
    const opts = { dtypes: ["int8"] as const, tokenizersDir: tokenizers };
    const missing = await writeSyntheticModel(join(dir, "a"), "tinybert-l2", opts);
    assert.equal(missing.tokenizer, "missing");
    assert.match(missing.note, /tokenizer\.json/);
    assert.ok(!missing.files.includes("tokenizer.json"));
    await Deno.mkdir(join(tokenizers, "ms-marco-MiniLM-L-6-v2"), { recursive: true });
    await Deno.writeTextFile(join(tokenizers, "ms-marco-MiniLM-L-6-v2", "tokenizer.json"), "{}");
    const copied = await writeSyntheticModel(join(dir, "b"), "tinybert-l2", opts);
    assert.equal(copied.tokenizer, "copied");
    assert.equal(await Deno.readTextFile(join(dir, "b", "tokenizer.json")), "{}");
    assert.deepEqual(copied.files.filter((f) => f.endsWith(".onnx")), ["model_quantized.onnx"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
