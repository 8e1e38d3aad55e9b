/**
 * The session pool (`src/inference/session_pool.ts`): documents split by length, chunks taken
 * from the idlest member, positions mapped back; a real two-worker pool scores as one session.
 */
import assert from "node:assert/strict";
import { createSessionPool, splitDocuments } from "../../src/inference/session_pool.ts";
import type { ModelSession } from "../../src/inference/session_types.ts";
import type { PairJobRequest } from "../../src/inference/pair_scoring.ts";
import {
  clearSessions,
  getSession,
  sessionCount,
  splitThreads,
} from "../../src/inference/session.ts";
import type { InferenceHost } from "../../src/core/runtime.ts";
import { DENO_MODEL_IO } from "../../src/runtime/files.ts";
import { createCrossEncoderReranker } from "../../src/rerankers/cross_encoder/cross_encoder.ts";
import { resolveLocalModel } from "../../src/runtime/files.ts";
import { DOCS, QUERY, tinyModelDir } from "../rerankers/cross_encoder/fixture.ts";

const signal = () => new AbortController().signal;

/** A fake member: one chunk per document, score = document length, `ms` per chunk. */
function fakeMember(name: string, log: string[], ms = 0, fail = false): ModelSession {
  return {
    backend: "wasm",
    inputNames: ["input_ids"],
    outputNames: ["logits"],
    dynamicQuantized: true,
    offThread: true,
    lanes: 1,
    run: () => {
      log.push(`${name} run`);
      return Promise.resolve({ logits: { data: new Float32Array([1]), dims: [1, 1] } });
    },
    pairJob(request: PairJobRequest) {
      if (fail) return Promise.reject(new Error(`${name} cannot tokenize`));
      log.push(`${name} job ${request.documents.join(",")}`);
      return Promise.resolve({
        tokens: request.documents.length * 10,
        chunks: request.documents.length,
        async score(k: number) {
          log.push(`${name} score ${request.documents[k]}`);
          await new Promise((r) => setTimeout(r, ms));
          return { indices: [k], logits: [request.documents[k].length], runs: 1 };
        },
        release() {
          log.push(`${name} release`);
        },
      });
    },
  };
}

const REQUEST = (documents: string[]): PairJobRequest => ({
  tokenizer: { key: "k", json: {}, config: {}, maxLength: 8 },
  query: "q",
  documents,
  independent: true,
  padId: 0,
});

Deno.test("session pool: documents are split longest first to the lightest member", () => {
  const docs = ["a", "bbbbbbbb", "ccc", "dddd", "ee", "ffffff"];
  const parts = splitDocuments(docs, 2);
  assert.deepEqual(parts.flat().sort(), [0, 1, 2, 3, 4, 5]);
  const chars = parts.map((p) => p.reduce((n, i) => n + docs[i].length, 0));
  assert.ok(Math.abs(chars[0] - chars[1]) <= 2, `balanced: ${chars}`);
  for (const p of parts) assert.deepEqual(p, [...p].sort((a, b) => a - b), "ascending");
  assert.deepEqual(splitDocuments(["x"], 3), [[0], [], []]);
  assert.deepEqual(splitThreads(5, 2), [3, 2]);
  assert.deepEqual(splitThreads(2, 2), [1, 1]);
});

Deno.test("session pool: every chunk scored once, positions mapped back, idle members first", async () => {
  const log: string[] = [];
  const pool = createSessionPool([fakeMember("A", log, 5), fakeMember("B", log, 1)]);
  assert.equal(pool.lanes, 2);
  const docs = ["one", "three", "eleven chars", "x", "fourteen chars", "sixteen"];
  const job = await pool.pairJob(REQUEST(docs), signal());
  assert.equal(job.chunks, docs.length);
  assert.equal(job.tokens, docs.length * 10);
  // Two in flight at a time, as the run queue does with two lanes.
  const results: { indices: readonly number[]; logits: readonly number[] }[] = [];
  let k = 0;
  const lane = async () => {
    while (k < job.chunks) results.push(await job.score(k++));
  };
  await Promise.all([lane(), lane()]);
  const got = new Map(results.flatMap((r) => r.indices.map((i, j) => [i, r.logits[j]] as const)));
  assert.deepEqual([...got.keys()].sort(), [0, 1, 2, 3, 4, 5]);
  for (const [i, logit] of got) assert.equal(logit, docs[i].length, `document ${i}`);
  assert.ok(log.some((l) => l.startsWith("A score")) && log.some((l) => l.startsWith("B score")));
  await assert.rejects(job.score(99), /every chunk/);
  job.release();
  assert.deepEqual(log.filter((l) => l.endsWith("release")).sort(), ["A release", "B release"]);
  // Runs (the embedder's) go to the idlest member too.
  await Promise.all([pool.run({}), pool.run({})]);
  assert.deepEqual(log.filter((l) => l.endsWith(" run")).sort(), ["A run", "B run"]);
});

Deno.test("session pool: a member that cannot tokenize fails the job and releases the others", async () => {
  const log: string[] = [];
  const pool = createSessionPool([fakeMember("A", log), fakeMember("B", log, 0, true)]);
  await assert.rejects(pool.pairJob(REQUEST(["aaaa", "bb", "c"]), signal()), /B cannot tokenize/);
  assert.deepEqual(log.filter((l) => l.endsWith("release")), ["A release"]);
  assert.throws(() => createSessionPool([]), /needs a member/);
});

Deno.test("session pool: a member whose worker died gets no more runs or documents", async () => {
  const log: string[] = [];
  const dead = { ...fakeMember("A", log), broken: true };
  const pool = createSessionPool([dead, fakeMember("B", log)]);
  assert.equal(pool.broken, false);
  await Promise.all([pool.run({}), pool.run({}), pool.run({})]);
  assert.deepEqual(log.filter((l) => l.endsWith(" run")), ["B run", "B run", "B run"]);
  const job = await pool.pairJob(REQUEST(["aaaa", "bb", "c"]), signal());
  assert.deepEqual(log.filter((l) => l.includes(" job ")), ["B job aaaa,bb,c"]);
  for (let k = 0; k < job.chunks; k++) await job.score(k);
  assert.ok(log.filter((l) => l.includes(" score ")).every((l) => l.startsWith("B")));
  const allDead = createSessionPool([dead, { ...fakeMember("C", log), broken: true }]);
  assert.equal(allDead.broken, true, "a pool of dead members is dead");
});

Deno.test("session count: one per thread up to 4 on a server, the setting wins, 1 on the calling thread", () => {
  const server = (threads: number): InferenceHost => ({
    platform: "deno-server",
    nativeAllowed: true,
    defaultThreads: threads,
    offThread: true,
  });
  assert.equal(sessionCount({ host: server(2) }), 2);
  assert.equal(sessionCount({ host: server(16) }), 4);
  assert.equal(sessionCount({ host: server(16), sessions: 8 }), 8);
  assert.equal(sessionCount({ host: server(2), sessions: 8 }), 2, "never more than threads");
  assert.equal(sessionCount({ host: server(2), numThreads: 1 }), 1);
  assert.equal(sessionCount({ numThreads: 4 }), 1, "calling thread");
});

Deno.test("session pool: two real worker sessions score like one, every document once", async () => {
  const host: InferenceHost = {
    platform: "deno-server",
    nativeAllowed: false,
    defaultThreads: 2,
    offThread: true,
  };
  try {
    const dir = await tinyModelDir();
    const session = await getSession(`${dir}/model_quantized.onnx`, {
      backend: "wasm",
      host,
      readBytes: DENO_MODEL_IO.readBytes,
      signal: signal(),
    });
    assert.equal(session.lanes, 2);
    const rerank = async (sessions: number, file: string) => {
      const r = createCrossEncoderReranker({
        model: `${dir}/${file}`,
        resolve: resolveLocalModel,
        io: DENO_MODEL_IO,
        backend: "wasm",
        cacheSize: 0,
        host,
        sessions,
      });
      const docs = [...DOCS, ...DOCS.map((d) => `${d} again`)];
      const out = await r.rerank(QUERY, docs, { signal: signal() });
      assert.deepEqual(out.map((s) => s.index).sort((a, b) => a - b), docs.map((_, i) => i));
      return out.sort((a, b) => a.index - b.index).map((s) => s.score);
    };
    for (const file of ["model_quantized.onnx", "model.onnx"]) {
      const one = await rerank(1, file), two = await rerank(2, file);
      two.forEach((x, i) =>
        assert.ok(Math.abs(x - one[i]) <= 1e-5, `${file} ${i}: ${x} vs ${one[i]}`)
      );
    }
  } finally {
    clearSessions();
  }
});
