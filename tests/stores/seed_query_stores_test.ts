/**
 * The README's seed query, unchanged, through the real GraphQL app against every backend of this
 * issue: pgvector (PGlite + pgvector) and Vectorize (fake binding), over the sample data with the
 * ids and text2vec-hash vectors the embedded store computes. Each must answer like the embedded
 * store: same objects, same distances, reranked and sorted by score.
 */
import { offlineConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";
import { createApp } from "../../src/http/app.ts";
import { buildServices } from "../../src/pipeline/build_services.ts";

import type { GatewayConfig, StoreConfig } from "../../src/config/types.ts";
import type { AdditionalField } from "../../src/core/plan.ts";
import type { BuildServicesOptions } from "../../src/pipeline/build_services.ts";
import { gql } from "../helpers/harness.ts";
import { pglite, pgStore, seedTable } from "./pgvector_fixture.ts";
import { fakeVectorize } from "./vectorize_fake.ts";
import { testRuntime } from "../../tools/testing/runtime.ts";

const SEED = `{ Get { JeopardyQuestion(nearText: {concepts: "flying"} limit: 10) { answer question
  _additional { distance rerank(property: "answer" query: "floating") { score } } } } }`;

type Row = {
  answer: string;
  question: string;
  _additional: { distance: number; rerank: { score: number }[] };
};

const readText = (path: string) => Deno.readTextFile(path);

async function answer(
  config: GatewayConfig,
  opts: Partial<BuildServicesOptions> & { bindings?: Record<string, unknown> } = {},
) {
  const { bindings, ...rest } = opts;
  const services = await buildServices(config, {
    runtime: testRuntime({ readText, bindings: bindings ?? {} }),
    ...rest,
  });
  const res = await gql(createApp(services), SEED);
  assert.equal(res.status, 200);
  assert.equal(res.json.errors, undefined, JSON.stringify(res.json.errors));
  return (res.json.data as { Get: { JeopardyQuestion: Row[] } }).Get.JeopardyQuestion;
}

function withStore(config: GatewayConfig, store: StoreConfig): GatewayConfig {
  return { ...config, collections: config.collections.map((c) => ({ ...c, store })) };
}

/** The embedded answer and the sample records with the embedded store's ids and vectors. */
async function reference() {
  const config = offlineConfig();
  const services = await buildServices(config, { runtime: testRuntime({ readText }) });
  const collection = services.collections.get("JeopardyQuestion")!;
  const props = collection.config.properties.map((p) => p.name);
  const all = await collection.retriever.retrieve({
    collection: "JeopardyQuestion",
    search: { kind: "list" },
    offset: 0,
    limit: 10000,
    autocut: 0,
    properties: props,
    additional: new Set<AdditionalField>(["id", "vector"]),
  }, { signal: new AbortController().signal });
  const records = all.map((c) => ({ id: c.id, vector: c.vector, ...c.properties }));
  return { config, records, expected: await answer(config) };
}

/**
 * Same page as the embedded store: the same distances, the same objects wherever the distance is
 * unique (objects tied at the cut, here many at distance 1, may differ: Weaviate leaves tie order
 * unspecified), reranked by reranker-dummy (UTF-8 length of the answer) and sorted by that score.
 */
function assertSameAnswer(got: Row[], expected: Row[]): void {
  assert.equal(got.length, expected.length);
  const dist = (rows: Row[]) => rows.map((r) => r._additional.distance).sort((a, b) => a - b);
  dist(got).forEach((d, i) => assert.ok(Math.abs(d - dist(expected)[i]) < 1e-6, `distance ${i}`));
  const cut = Math.max(...dist(expected));
  const sure = (rows: Row[]) =>
    rows.filter((r) => r._additional.distance < cut - 1e-6).map((r) => r.answer).sort();
  assert.deepEqual(sure(got), sure(expected));
  const enc = new TextEncoder();
  for (const r of got) assert.equal(r._additional.rerank[0].score, enc.encode(r.answer).length);
  const scores = got.map((r) => r._additional.rerank[0].score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "sorted by rerank score");
}

Deno.test("seed query: pgvector (PGlite + pgvector, HNSW) answers like the embedded store", async () => {
  const { config, records, expected } = await reference();
  const db = await pglite();
  try {
    const store = pgStore("jeopardy_question");
    const pgConfig = withStore(config, store);
    await seedTable(db, pgConfig.collections[0], records);
    const got = await answer(pgConfig, { sqlExecutor: () => db });
    assertSameAnswer(got, expected);
  } finally {
    await db.close();
  }
});

Deno.test("seed query: Vectorize (fake binding) answers like the embedded store", async () => {
  const { config, records, expected } = await reference();
  const binding = fakeVectorize(records, "cosine");
  const store: StoreConfig = { kind: "vectorize", binding: "VECTORIZE", metric: "cosine" };
  const got = await answer(withStore(config, store), { bindings: { VECTORIZE: binding } });
  assertSameAnswer(got, expected);
  assert.deepEqual(binding.calls.map((c) => c.method), ["query", "getByIds"]);
  assert.equal(binding.calls[0].topK, 10);
});
