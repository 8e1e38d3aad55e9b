import { parseConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import type { OptionContext } from "../../src/core/provider.ts";
import { TRANSFORMERS_RERANKER } from "../../src/rerankers/transformers.ts";
import { TRANSFORMERS_VECTORIZER } from "../../src/vectorizers/transformers.ts";

// The declarations' settings checks (schema + rules), as the config parser runs them.
const transformersRerankerOptions = (o: Record<string, unknown>, c: OptionContext = {}) =>
  TRANSFORMERS_RERANKER.check(o, c);
const transformersVectorizerOptions = (o: Record<string, unknown>, c: OptionContext = {}) =>
  TRANSFORMERS_VECTORIZER.check(o, c);

const messages = (o: Record<string, unknown>) =>
  transformersRerankerOptions(o).map((p) => `${p.key}: ${p.message}`);

Deno.test("config: reranker-transformers takes a local model with its options", () => {
  assert.deepEqual(
    messages({
      model: "ms-marco-MiniLM-L-6-v2",
      maxLength: 256,
      batchSize: 16,
      backend: "wasm",
      cacheSize: 0,
      numThreads: 2,
    }),
    [],
  );
  assert.deepEqual(messages({ url: "http://reranker:8080", batchSize: 32, timeoutMs: 1000 }), []);
});

Deno.test("config: reranker-transformers refuses model and url together, and bad values", () => {
  assert.deepEqual(messages({ model: "m", url: "http://reranker:8080" }), [
    'url: set either "model" (local cross-encoder) or "url" (a reranker-transformers container), ' +
    "not both",
  ]);
  assert.deepEqual(messages({ model: "m", backend: "gpu", cacheSize: -1, numThreads: 0 }), [
    'backend: must be one of "auto", "wasm", "node", got "gpu"',
    "cacheSize: must be a non-negative integer, got -1",
    "numThreads: must be a positive integer, got 0",
  ]);
  assert.deepEqual(messages({ url: "http://reranker:8080", maxLength: 128 }), [
    'maxLength: only applies to a local "model"',
  ]);
  assert.ok(messages({})[0].startsWith("model: is required"));
});

Deno.test("config: text2vec-transformers needs a model", () => {
  assert.deepEqual(
    transformersVectorizerOptions({ model: "all-MiniLM-L6-v2", backend: "auto" }),
    [],
  );
  assert.deepEqual(transformersVectorizerOptions({}), [{ key: "model", message: "is required" }]);
  assert.equal(transformersVectorizerOptions({ model: "m", cacheSize: 5 }).length, 1);
});

Deno.test("config: a model may be an https:// URL with sha256 pins and a download timeout", () => {
  const hf = "https://huggingface.co/cross-encoder/ms-marco-TinyBERT-L2-v2/resolve/main/";
  const pins = {
    "model_quantized.onnx": "a".repeat(64),
    "onnx/model_qint8_avx512.onnx": "c".repeat(64),
    "tokenizer.json": "B".repeat(64),
  };
  assert.deepEqual(messages({ model: hf, dtype: "int8", modelSha256: pins, timeoutMs: 60000 }), []);
  assert.deepEqual(
    transformersVectorizerOptions({ model: "https://cdn.example/e/", timeoutMs: 1000 }),
    [],
  );
  assert.deepEqual(messages({ model: "http://127.0.0.1:9000/tiny/" }), [
    "model: must use https (http:// only with modules.allowPrivateBaseUrls, for local tests): " +
    "http://127.0.0.1:9000/tiny/",
  ]);
  assert.deepEqual(
    transformersRerankerOptions({ model: "http://127.0.0.1:9000/tiny/" }, {
      allowPrivateBaseUrls: true,
    }),
    [],
  );
});

Deno.test("config: bad model URLs and pins are refused with the key, never echoing credentials", () => {
  const problems = messages({
    model: "https://user:hunter2@cdn.example/m/",
    modelSha256: { "model.onx": "a".repeat(64), "config.json": "xyz" },
  });
  assert.deepEqual(problems, [
    "model: must not contain credentials: model files are read without them (secrets never " +
    "live in the config)",
    'modelSha256: "model.onx" is not a model file (expected one of model.onnx, ' +
    "model_quantized.onnx, onnx/model.onnx, onnx/model_quantized.onnx, config.json, " +
    "tokenizer.json, tokenizer_config.json, 1_Pooling/config.json or another .onnx graph)",
    'modelSha256: "config.json": expected 64 hex digits, got "xyz"',
  ]);
  assert.deepEqual(messages({ model: "https://cdn.example/m/?sig=abc" }), [
    "model: must not have a query or fragment: it names a folder, the files are <url>/<name>",
  ]);
  assert.deepEqual(messages({ model: "s3://bucket/m/" }), [
    'model: must be a model id, a model folder or an https:// URL, got "s3://bucket/m/"',
  ]);
  assert.deepEqual(messages({ model: "ms-marco-MiniLM-L-6-v2", modelSha256: {}, timeoutMs: 5 }), [
    'modelSha256: only applies when "model" is an https:// URL',
    'timeoutMs: only applies with "url" or a model URL',
  ]);
  assert.deepEqual(messages({ model: "https://cdn.example/m/", modelSha256: [] }), [
    "modelSha256: must be an object, got []",
  ]);
  assert.deepEqual(transformersVectorizerOptions({ model: "m", timeoutMs: 5 }), [
    { key: "timeoutMs", message: "only applies to a model URL" },
  ]);
});

Deno.test("config: an http:// model URL is a key-path problem unless allowPrivateBaseUrls is on", () => {
  const raw = (allow: boolean) => ({
    collections: [{
      class: "Doc",
      properties: [{ name: "text", dataType: ["text"] }],
      moduleConfig: { "reranker-transformers": { model: "http://127.0.0.1:9/tiny/" } },
      store: { kind: "embedded", files: ["d.json"] },
    }],
    modules: { allowPrivateBaseUrls: allow },
  });
  const refused = parseConfig(raw(false));
  assert.ok(!refused.ok);
  assert.deepEqual(refused.problems, [
    "collections[0].moduleConfig.reranker-transformers.model: must use https (http:// only " +
    "with modules.allowPrivateBaseUrls, for local tests): http://127.0.0.1:9/tiny/",
  ]);
  assert.ok(parseConfig(raw(true)).ok);
});
