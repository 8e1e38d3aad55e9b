/** The cross-encoder's `/metrics` counters: tokens run, score-cache hits and misses, load time. */
import assert from "node:assert/strict";
import { createCrossEncoderReranker } from "../../../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../../src/runtime/files.ts";
import { tinyModelDir, tinyTokenizer } from "./fixture.ts";

Deno.test("cross-encoder stats: tokens of the pairs it ran, cache hits and misses, load time", async () => {
  const dir = await tinyModelDir();
  const r = createCrossEncoderReranker({
    model: `${dir}/model.onnx`,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: "wasm",
  });
  assert.deepEqual(r.stats(), { tokens: 0, cacheHits: 0, cacheMisses: 0 });
  const docs = ["a ship can float on water", "Zeppelin", "hot air rises"];
  const signal = new AbortController().signal;
  await r.rerank("floating", docs, { signal });
  const tok = await tinyTokenizer();
  const tokens = docs.reduce((n, d) => n + tok.encodePair("floating", d).ids.length, 0);
  const first = r.stats();
  assert.equal(first.tokens, tokens);
  assert.equal(first.cacheHits, 0);
  assert.equal(first.cacheMisses, 3);
  assert.ok(typeof first.modelLoadSeconds === "number" && first.modelLoadSeconds > 0);
  // The same pairs again: all from the cache, no tokens run.
  await r.rerank("floating", docs, { signal });
  assert.deepEqual(
    { ...r.stats(), modelLoadSeconds: 0 },
    { tokens, cacheHits: 3, cacheMisses: 3, modelLoadSeconds: 0 },
  );
});
