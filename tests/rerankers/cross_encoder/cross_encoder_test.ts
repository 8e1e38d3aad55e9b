import assert from "node:assert/strict";
import { createCrossEncoderReranker } from "../../../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../../src/runtime/files.ts";
import { directLogits, DOCS, QUERY, tinyModelDir, tinyTokenizer } from "./fixture.ts";
import { clearSessions } from "../../../src/inference/session.ts";

const signal = () => new AbortController().signal;

async function reranker(file: string, extra: Record<string, unknown> = {}) {
  const dir = await tinyModelDir();
  return createCrossEncoderReranker({
    model: `${dir}/${file}`,
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    backend: "wasm",
    ...extra,
  });
}

async function scores(r: Awaited<ReturnType<typeof reranker>>, docs: readonly string[]) {
  const out = await r.rerank(QUERY, docs, { signal: signal() });
  return out.sort((a, b) => a.index - b.index).map((s) => s.score);
}

const close = (a: readonly number[], b: readonly number[], tol: number) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol, `index ${i}: ${x} vs ${b[i]}`));

Deno.test("cross-encoder: scores are the raw logits of a direct ORT run on the same pairs", async () => {
  const r = await reranker("model.onnx");
  assert.equal(r.backend, "not loaded");
  const tok = await tinyTokenizer();
  const expected = await directLogits("model.onnx", DOCS.map((d) => tok.encodePair(QUERY, d)));
  close(await scores(r, DOCS), expected, 1e-6);
  assert.equal(r.backend, "wasm");
  assert.deepEqual(r.meta(), { backend: "wasm", model: `${await tinyModelDir()}/model.onnx` });
});

Deno.test("cross-encoder: fp32 scores do not depend on padding, batch size or input order", async () => {
  const base = await scores(await reranker("model.onnx", { batchSize: 1, cacheSize: 0 }), DOCS);
  for (const batchSize of [2, 3, 32]) {
    const r = await reranker("model.onnx", { batchSize, cacheSize: 0 });
    close(await scores(r, DOCS), base, 1e-6);
    const reversed = await scores(r, [...DOCS].reverse());
    close([...reversed].reverse(), base, 1e-6);
  }
});

Deno.test("cross-encoder: int8 scores are batch-independent (each pair runs alone)", async () => {
  const r = await reranker("model_quantized.onnx", { batchSize: 32, cacheSize: 0 });
  const alone = await Promise.all(DOCS.map(async (d) => (await scores(r, [d]))[0]));
  // The same pair among different neighbours, in different orders: bit-identical.
  assert.deepEqual(await scores(r, DOCS), alone);
  assert.deepEqual((await scores(r, [...DOCS].reverse())).reverse(), alone);
  assert.deepEqual(await scores(r, [DOCS[1], DOCS[1].repeat(3)]).then((s) => s[0]), alone[1]);
  const tok = await tinyTokenizer();
  const expected = await directLogits(
    "model_quantized.onnx",
    DOCS.map((d) => tok.encodePair(QUERY, d)),
  );
  assert.deepEqual(alone, expected.map((x) => x));
});

Deno.test("cross-encoder: cached scores skip inference", async () => {
  const r = await reranker("model.onnx", { batchSize: 2 });
  const first = await scores(r, DOCS);
  const calls = r.inferenceCalls;
  assert.equal(calls, 3);
  assert.deepEqual(await scores(r, DOCS), first);
  assert.equal(r.inferenceCalls, calls);
  // One new document: one more call, for it alone.
  await scores(r, [...DOCS, "a new one"]);
  assert.equal(r.inferenceCalls, calls + 1);
  const stats = r.cacheStats();
  assert.equal(stats.hits, DOCS.length * 2);
  assert.equal(stats.misses, DOCS.length + 1);
  assert.ok(stats.hitRatio > 0.6);
});

Deno.test("cross-encoder: Sigmoid activation from config.json", async () => {
  const dir = await tinyModelDir();
  const copy = await Deno.makeTempDir({ prefix: "ce-sigmoid-" });
  try {
    for (const f of ["model.onnx", "tokenizer.json", "tokenizer_config.json"]) {
      await Deno.copyFile(`${dir}/${f}`, `${copy}/${f}`);
    }
    const config = JSON.parse(await Deno.readTextFile(`${dir}/config.json`));
    config.sbert_ce_default_activation_function = "torch.nn.modules.activation.Sigmoid";
    await Deno.writeTextFile(`${copy}/config.json`, JSON.stringify(config));
    const r = createCrossEncoderReranker({
      model: copy,
      resolve: resolveLocalModel,
      io: DENO_MODEL_IO,
      backend: "wasm",
    });
    const raw = await scores(await reranker("model.onnx"), DOCS);
    close(await scores(r, DOCS), raw.map((x) => 1 / (1 + Math.exp(-x))), 1e-7);
  } finally {
    await Deno.remove(copy, { recursive: true });
  }
});

Deno.test("cross-encoder: an abort between micro-batches rejects with its reason", async () => {
  const r = await reranker("model.onnx", { batchSize: 1, cacheSize: 0, yieldAfterMs: 0 });
  await r.rerank(QUERY, ["warm-up"], { signal: signal() });
  const before = r.inferenceCalls;
  const ctl = new AbortController();
  const reason = new Error("client went away");
  // Fires at the first yield between batches.
  setTimeout(() => ctl.abort(reason), 0);
  await assert.rejects(r.rerank(QUERY, DOCS, { signal: ctl.signal }), (err) => err === reason);
  const ran = r.inferenceCalls - before;
  assert.ok(ran >= 1 && ran < DOCS.length, `ran ${ran} batches`);
});

Deno.test("cross-encoder: a missing model fails the rerank with the pull command, and is retried", async () => {
  const r = createCrossEncoderReranker({
    model: "ms-marco-MiniLM-L-12-v2",
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
  });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      r.rerank(QUERY, DOCS, { signal: signal() }),
      /deno task models pull ms-marco-MiniLM-L-12-v2/,
    );
  }
  assert.equal(r.backend, "not loaded");
});

// Every layout the gateway uses: fp32 in token-budget runs of any size (here budgets from one
// short pair to all of them), int8 one pair per run; in-thread WASM, worker-hosted WASM with 2
// threads as two one-thread sessions (the default) and as one two-thread session, and
// worker-hosted onnxruntime-node when --allow-ffi is granted.
const ffi = (await Deno.permissions.query({ name: "ffi" })).state === "granted";
const hosts = [
  { name: "in-thread wasm", backend: "wasm", host: undefined },
  {
    name: "worker wasm, 2 sessions x 1 thread",
    backend: "wasm",
    host: { platform: "deno-server", nativeAllowed: false, defaultThreads: 2, offThread: true },
  },
  {
    name: "worker wasm, 1 session x 2 threads",
    backend: "wasm",
    sessions: 1,
    host: { platform: "deno-server", nativeAllowed: false, defaultThreads: 2, offThread: true },
  },
  ...(ffi
    ? [{
      name: "worker node x2",
      backend: "node",
      host: { platform: "deno-server", nativeAllowed: true, defaultThreads: 2, offThread: true },
    }]
    : []),
] as const;

for (const h of hosts) {
  Deno.test(`cross-encoder (${h.name}): a pair scores the same alone and in any batch (1e-5)`, async () => {
    try {
      for (const file of ["model.onnx", "model_quantized.onnx"]) {
        const sessions = "sessions" in h ? h.sessions : undefined;
        const r = await reranker(file, {
          cacheSize: 0,
          backend: h.backend,
          host: h.host,
          sessions,
        });
        const alone = await Promise.all(DOCS.map(async (d) => (await scores(r, [d]))[0]));
        for (const tokenBudget of [8, 40, 100, 100_000]) {
          const b = await reranker(file, {
            cacheSize: 0,
            backend: h.backend,
            host: h.host,
            sessions,
            tokenBudget,
          });
          close(await scores(b, DOCS), alone, 1e-5);
          close((await scores(b, [...DOCS].reverse())).reverse(), alone, 1e-5);
          close(
            await scores(b, [DOCS[1], DOCS[1].repeat(3)]).then((s) => [s[0]]),
            [alone[1]],
            1e-5,
          );
        }
        assert.equal(r.backend, h.backend);
      }
    } finally {
      clearSessions();
    }
  });
}

Deno.test("cross-encoder: `auto` where native is not allowed runs WASM and says so in one line", async () => {
  const lines: string[] = [];
  try {
    const r = await reranker("model.onnx", {
      backend: "auto",
      host: { platform: "workers", nativeAllowed: false, defaultThreads: 1, offThread: false },
      log: (l: string) => lines.push(l),
    });
    await scores(r, DOCS);
    assert.equal(r.backend, "wasm");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0],
      /runs on WASM \(1 thread\): native inference is not available on workers/,
    );
  } finally {
    clearSessions();
  }
});
