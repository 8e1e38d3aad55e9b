/** The shared Reranker contract, run against the local cross-encoder on the tiny model. */
import { createCrossEncoderReranker } from "../../../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../../src/runtime/files.ts";
import { DOCS, rerankerContract } from "../contract.ts";
import { directLogits, tinyModelDir, tinyTokenizer } from "./fixture.ts";

rerankerContract("reranker-transformers (local cross-encoder)", async () => {
  const dir = await tinyModelDir();
  const tok = await tinyTokenizer();
  const logits = await directLogits("model.onnx", DOCS.map((d) => tok.encodePair("floating", d)));
  const expected = new Map(DOCS.map((d, i) => [d, logits[i]]));
  const reranker = createCrossEncoderReranker({
    model: `${dir}/model.onnx`,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: "wasm",
    cacheSize: 0,
    // Pairs run alone and unpadded, like the reference; padded batches agree only to ~1e-7.
    batchIndependent: true,
  });
  return {
    reranker,
    expected: (d: string) => expected.get(d)!,
    calls: () => reranker.inferenceCalls,
    close: () => Promise.resolve(),
  };
});
