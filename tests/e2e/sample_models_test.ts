/**
 * The built-in sample config (MiniLM embedder + MiniLM cross-encoder) over the shipped sample data,
 * with the models folder injected: missing models are clear GraphQL errors naming the pull command
 * (never fake scores), synthetic stand-ins answer the seed query through the cross-encoder, and a
 * model that appears after start-up is picked up by the next query.
 */
import { defaultConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";

import { createCrossEncoderReranker } from "../../src/rerankers/cross_encoder/cross_encoder.ts";
import { DENO_MODEL_IO, resolveLocalModel } from "../../src/runtime/files.ts";
import { readTextFile } from "../../src/runtime/deno.ts";
import { gql } from "../helpers/harness.ts";
import {
  EMBEDDER_ID,
  RERANKER_ID,
  syntheticModelsDir,
  writeSyntheticEmbedder,
  writeSyntheticReranker,
} from "../helpers/synthetic_models.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

const SEED = `{ Get { JeopardyQuestion(nearText: {concepts: "flying"} limit: 10) { answer question
  _additional { distance rerank(property: "answer" query: "floating") { score } } } } }`;

type Row = {
  answer: string;
  _additional: { distance?: number; score?: string; rerank?: { score: number }[] };
};
type Answer = Awaited<ReturnType<typeof gql>>;

/** The sample gateway with models looked up in `modelsDir`; start-up warnings are collected. */
async function sampleGateway(modelsDir: string) {
  const warnings: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const services = await buildServices(defaultConfig(), {
      runtime: testRuntime({ readText: readTextFile, modelsDir }),
    });
    return { app: createApp(services), warnings };
  } finally {
    console.error = original;
  }
}

function rows(res: Answer): Row[] {
  assert.equal(res.status, 200);
  assert.equal(res.json.errors, undefined, res.text);
  return (res.json.data as { Get: { JeopardyQuestion: Row[] } }).Get.JeopardyQuestion;
}

/** HTTP 200, the class `null`, one error at [Get, JeopardyQuestion] naming the pull command. */
function assertPullError(res: Answer, id: string): void {
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.data, { Get: { JeopardyQuestion: null } }, res.text);
  const errors = res.json.errors as { message: string; path: string[] }[];
  assert.equal(errors.length, 1, res.text);
  assert.deepEqual(errors[0].path, ["Get", "JeopardyQuestion"]);
  assert.ok(errors[0].message.includes(`deno task models pull ${id}`), errors[0].message);
  assert.ok(!res.text.includes('"rerank"'), "no scores at all, fake or otherwise");
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "models-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("sample config, models missing: starts, serves list/bm25/where, vector searches name the embedder's pull", async () => {
  await withTempDir(async (tmp) => {
    const { app, warnings } = await sampleGateway(join(tmp, "no-such-models-dir"));
    assert.match(warnings.join("\n"), /deno task models pull all-MiniLM-L6-v2/);
    assert.equal(
      rows(await gql(app, "{ Get { JeopardyQuestion(limit: 3) { answer } } }")).length,
      3,
    );
    const bm25 = rows(
      await gql(
        app,
        `{ Get { JeopardyQuestion(bm25: {query: "balloon"} limit: 3) { answer _additional { score } } } }`,
      ),
    );
    assert.ok(bm25.length > 0 && typeof bm25[0]._additional.score === "string");
    const where = rows(
      await gql(
        app,
        `{ Get { JeopardyQuestion(where: {path: ["value"], operator: GreaterThan, valueInt: 500}
          sort: [{path: ["value"]}] limit: 5) { value } } }`,
      ),
    );
    assert.ok(where.length > 0);
    // The seed query needs the embedder first (its objects' vectors and the query vector).
    assertPullError(await gql(app, SEED), EMBEDDER_ID);
    // nearVector needs the objects' vectors, which come from the same embedder.
    const nearVector = SEED.replace(
      `nearText: {concepts: "flying"}`,
      "nearVector: {vector: [1, 0]}",
    );
    assertPullError(await gql(app, nearVector), EMBEDDER_ID);
    const hybrid = SEED.replace(`nearText: {concepts: "flying"}`, `hybrid: {query: "flying"}`);
    assertPullError(await gql(app, hybrid), EMBEDDER_ID);
    // bm25 needs no vectors: the rerank is what fails, naming the cross-encoder's pull.
    const bm25Rerank = SEED.replace(`nearText: {concepts: "flying"}`, `bm25: {query: "flying"}`);
    assertPullError(await gql(app, bm25Rerank), RERANKER_ID);
  });
});

Deno.test("sample config, cross-encoder missing: the seed query names the cross-encoder's pull", async () => {
  await withTempDir(async (dir) => {
    await writeSyntheticEmbedder(dir);
    const { app, warnings } = await sampleGateway(dir);
    assert.deepEqual(warnings, []);
    assertPullError(await gql(app, SEED), RERANKER_ID);
    const nearVector = SEED.replace(
      `nearText: {concepts: "flying"}`,
      "nearVector: {vector: [1, 0]}",
    );
    assertPullError(
      await gql(app, nearVector.replace("[1, 0]", JSON.stringify(unit(32)))),
      RERANKER_ID,
    );
  });
});

function unit(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
}

Deno.test("sample config, synthetic models: the seed query is reranked by the cross-encoder, sorted", async () => {
  const dir = await syntheticModelsDir();
  const { app } = await sampleGateway(dir);
  const got = rows(await gql(app, SEED));
  assert.equal(got.length, 10);
  const scores = got.map((r) => r._additional.rerank![0].score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
  for (const r of got) assert.equal(typeof r._additional.distance, "number");
  // The scores are the cross-encoder's, pair by pair.
  const reranker = createCrossEncoderReranker({
    model: join(dir, RERANKER_ID),
    resolve: resolveLocalModel,
    io: DENO_MODEL_IO,
    cacheSize: 0,
  });
  const direct = await reranker.rerank("floating", got.map((r) => r.answer), {
    signal: new AbortController().signal,
  });
  direct.forEach(({ index, score }) => assert.ok(Math.abs(score - scores[index]) < 1e-5));
});

Deno.test("sample config: vectors are built at the first vector search after the model appears (no restart)", async () => {
  await withTempDir(async (dir) => {
    await writeSyntheticReranker(dir);
    const { app, warnings } = await sampleGateway(dir);
    assert.equal(warnings.length, 1);
    assertPullError(await gql(app, SEED), EMBEDDER_ID);
    // A failure is not memoised: it is retried by the next query, still failing.
    assertPullError(await gql(app, SEED), EMBEDDER_ID);
    await writeSyntheticEmbedder(dir);
    const [first, second] = await Promise.all([gql(app, SEED), gql(app, SEED)]);
    assert.equal(rows(first).length, 10);
    assert.deepEqual(rows(second), rows(first));
    const near = rows(
      await gql(
        app,
        `{ Get { JeopardyQuestion(nearText: {concepts: "balloon"} limit: 3) { answer
          _additional { distance vector } } } }`,
      ),
    );
    assert.equal(near.length, 3);
    assert.ok(near.every((r) => typeof r._additional.distance === "number"));
  });
});
