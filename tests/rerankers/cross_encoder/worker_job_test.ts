/**
 * Cross-encoder jobs on a worker-hosted session: the pairs are tokenized in the worker, with the
 * tokenizer of each reranker's max length, and score as they do on the calling thread.
 */
import assert from "node:assert/strict";
import { createCrossEncoderReranker } from "../../../src/rerankers/cross_encoder/cross_encoder.ts";
import { clearSessions, getSession } from "../../../src/inference/session.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../../src/runtime/files.ts";
import type { InferenceHost } from "../../../src/core/runtime.ts";
import { DOCS, QUERY, tinyModelDir } from "./fixture.ts";

const WORKER: InferenceHost = {
  platform: "deno-server",
  nativeAllowed: false,
  defaultThreads: 1,
  offThread: true,
};
const signal = () => new AbortController().signal;

async function scores(extra: Record<string, unknown>, file = "model_quantized.onnx") {
  const r = createCrossEncoderReranker({
    model: `${await tinyModelDir()}/${file}`,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: "wasm",
    cacheSize: 0,
    ...extra,
  });
  const out = await r.rerank(QUERY, DOCS, { signal: signal() });
  return out.sort((a, b) => a.index - b.index).map((s) => s.score);
}

const close = (a: readonly number[], b: readonly number[]) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= 1e-6, `index ${i}: ${x} vs ${b[i]}`));

Deno.test("worker jobs: concurrent rerankers with different max lengths share one session", async () => {
  try {
    const here = await Promise.all([8, 128].map((maxLength) => scores({ maxLength })));
    // Two tokenizers in one worker: a key collision would score both at one length.
    assert.notDeepEqual(here[0], here[1]);
    const there = await Promise.all(
      [8, 128].map((maxLength) => scores({ maxLength, host: WORKER })),
    );
    close(there[0], here[0]);
    close(there[1], here[1]);
    // fp32, batched in the worker by the token budget, matches too.
    close(await scores({ host: WORKER }, "model.onnx"), await scores({}, "model.onnx"));
  } finally {
    clearSessions();
  }
});

Deno.test("worker jobs: a released job scores no more; the session keeps serving", async () => {
  try {
    const dir = await tinyModelDir();
    const session = await getSession(`${dir}/model_quantized.onnx`, {
      backend: "wasm",
      host: WORKER,
      readBytes: DENO_MODEL_IO.readBytes,
      signal: signal(),
    });
    assert.equal(session.offThread, true);
    assert.equal(session.dynamicQuantized, true);
    const tokenizer = {
      key: "tiny",
      json: JSON.parse(await Deno.readTextFile(`${dir}/tokenizer.json`)),
      config: JSON.parse(await Deno.readTextFile(`${dir}/tokenizer_config.json`)),
      maxLength: 128,
    };
    const request = { tokenizer, query: QUERY, documents: DOCS, independent: true, padId: 0 };
    const job = await session.pairJob(request, signal());
    assert.ok(job.chunks >= 1);
    const first = await job.score(0);
    assert.ok(first.runs >= 1);
    job.release();
    await assert.rejects(job.score(0), /released/);
    const again = await session.pairJob(request, signal());
    const all = [];
    for (let k = 0; k < again.chunks; k++) all.push(await again.score(k));
    again.release();
    assert.deepEqual(all.flatMap((c) => c.indices).sort(), DOCS.map((_, i) => i));
    const byIndex = new Map(all.flatMap((c) => c.indices.map((i, r) => [i, c.logits[r]])));
    close(DOCS.map((_, i) => byIndex.get(i)!), await scores({}));
  } finally {
    clearSessions();
  }
});
