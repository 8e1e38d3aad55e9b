import assert from "node:assert/strict";
import {
  transformersRerankerOptions,
  transformersVectorizerOptions,
} from "../../src/config/transformers_options.ts";

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
