/**
 * The Vectorize store over the fake binding: limits (topK, getByIds chunks), score -> distance per
 * metric, filter translation and refusals, faults through GraphQL, start-up without a binding.
 */
import { parseConfig } from "../../src/pipeline/catalog.ts";
import assert from "node:assert/strict";

import type { CollectionConfig, DistanceMetric } from "../../src/config/types.ts";
import type { AdditionalField, Filter, QueryPlan } from "../../src/core/plan.ts";
import { vectorizeFilter } from "../../src/stores/vectorize/filter.ts";
import { createVectorizeStore } from "../../src/stores/vectorize/store.ts";
import { runPipeline } from "../../src/pipeline/pipeline.ts";
import { gql, testGateway } from "../helpers/harness.ts";
import { type FakeMetric, fakeVectorize } from "./vectorize_fake.ts";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const RECORDS = Array.from({ length: 120 }, (_, i) => ({
  id: id(i + 1),
  title: `doc ${i + 1}`,
  n: i + 1,
  cat: i % 2 ? "odd" : "even",
  vector: [1, i + 1],
}));
const METRICS: Record<FakeMetric, DistanceMetric> = {
  "cosine": "cosine",
  "euclidean": "l2-squared",
  "dot-product": "dot",
};

function setup(metric: FakeMetric = "cosine") {
  const binding = fakeVectorize(RECORDS, metric);
  const prop = (name: string, t: "text" | "int") => ({
    name,
    dataType: [t] as [typeof t],
    tokenization: "word" as const,
    indexFilterable: true,
    indexSearchable: t === "text",
  });
  const collection: CollectionConfig = {
    class: "Doc",
    properties: [prop("title", "text"), prop("n", "int"), prop("cat", "text")],
    vectorizer: "none",
    moduleConfig: {},
    vectorIndexConfig: { distance: METRICS[metric] },
    store: { kind: "vectorize", binding: "VECTORIZE", metric },
  };
  return {
    binding,
    collection,
    store: createVectorizeStore({ collection, binding, timeoutMs: 100 }),
  };
}

function plan(extra: Partial<QueryPlan> = {}): QueryPlan {
  return {
    collection: "Doc",
    search: { kind: "nearVector", vector: [1, 3] },
    offset: 0,
    limit: 10,
    autocut: 0,
    properties: ["title", "n"],
    additional: new Set<AdditionalField>(["id", "distance"]),
    ...extra,
  };
}
const signal = new AbortController().signal;

Deno.test("vectorize: ids-only query (topK = offset + limit), hydrated in getByIds chunks of 20", async () => {
  const { binding, store } = setup("euclidean");
  const got = await store.retrieve(plan({ offset: 5, limit: 50 }), { signal });
  assert.equal(got.length, 50);
  assert.deepEqual(binding.calls, [
    { method: "query", topK: 55 },
    { method: "getByIds", ids: 20 },
    { method: "getByIds", ids: 20 },
    { method: "getByIds", ids: 10 },
  ]);
  // Euclidean from [1, 3]: 3, then 2/4, 1/5, 6, ...: the sixth is doc 6.
  assert.deepEqual(got[0].properties, { title: "doc 6", n: 6 });
});

Deno.test("vectorize: offset + limit above 100 is refused before calling the binding", async () => {
  const { binding, store } = setup();
  await assert.rejects(
    store.retrieve(plan({ offset: 60, limit: 41 }), { signal }),
    /offset \+ limit is 101, but Vectorize returns at most 100 matches per query/,
  );
  assert.equal(binding.calls.length, 0);
});

Deno.test("vectorize: scores become Weaviate distances per metric", async () => {
  const cases = [["cosine", 3, 0], ["euclidean", 3, 0], ["dot-product", 120, -361]] as const;
  for (const [metric, n, expected] of cases) {
    const { store } = setup(metric);
    const [best] = await store.retrieve(plan({ limit: 1 }), { signal });
    assert.equal(best.id, id(n), metric);
    assert.ok(Math.abs(best.distance! - expected) < 1e-6, `${metric}: ${best.distance}`);
  }
});

Deno.test("vectorize: filters map to $eq/$ne/$in/$nin/ranges; the rest is refused", () => {
  const schema = {
    className: "Doc",
    properties: [
      {
        name: "n",
        dataType: ["int"] as ["int"],
        tokenization: "word" as const,
        indexFilterable: true,
        indexSearchable: false,
      },
      {
        name: "cat",
        dataType: ["text"] as ["text"],
        tokenization: "word" as const,
        indexFilterable: true,
        indexSearchable: true,
      },
      {
        name: "tags",
        dataType: ["text[]"] as ["text[]"],
        tokenization: "word" as const,
        indexFilterable: true,
        indexSearchable: true,
      },
    ],
  };
  const eq = (path: string, value: string): Filter => ({
    operator: "Equal",
    path: [path],
    value: { type: "text", value },
  });
  const f: Filter = {
    operator: "And",
    operands: [
      { operator: "GreaterThan", path: ["n"], value: { type: "int", value: 3 } },
      { operator: "LessThanEqual", path: ["n"], value: { type: "int", value: 9 } },
      { operator: "Or", operands: [eq("cat", "odd"), eq("cat", "even")] },
    ],
  };
  assert.deepEqual(vectorizeFilter(f, schema), {
    filter: { n: { $gt: 3, $lte: 9 }, cat: { $in: ["odd", "even"] } },
  });
  assert.deepEqual(vectorizeFilter({ operator: "Not", operands: [eq("cat", "odd")] }, schema), {
    filter: { cat: { $ne: "odd" } },
  });
  const refused: [Filter, RegExp][] = [
    [{ operator: "Like", path: ["cat"], value: { type: "text", value: "o*" } }, /operator Like/],
    [{
      operator: "Or",
      operands: [eq("cat", "k"), {
        operator: "Equal",
        path: ["n"],
        value: { type: "int", value: 1 },
      }],
    }, /Or/],
    [
      { operator: "ContainsAny", path: ["tags"], value: { type: "text", value: ["x"] } },
      /text\[\] property tags/,
    ],
    [eq("cat", "x".repeat(65)), /longer than 64 bytes/],
    [{
      operator: "Not",
      operands: [{ operator: "GreaterThan", path: ["n"], value: { type: "int", value: 1 } }],
    }, /Not/],
    [eq("nope", "x"), /no such prop with name 'nope'/],
  ];
  for (const [filter, re] of refused) assert.throws(() => vectorizeFilter(filter, schema), re);
});

Deno.test("vectorize: sort, cursor and list are refused clearly", async () => {
  // The pipeline checks the store's capabilities once, before retrieve.
  const { store, collection } = setup();
  const run = (p: QueryPlan) =>
    runPipeline(p, { config: collection, retriever: store }, { signal, headers: {} });
  await assert.rejects(
    run(plan({ sort: [{ path: ["n"], order: "asc" }] })),
    /does not support sort/,
  );
  await assert.rejects(
    run(plan({ after: id(1) })),
    /does not support the after cursor/,
  );
  await assert.rejects(
    run(plan({ search: { kind: "list" } })),
    /does not support list search/,
  );
});

Deno.test("vectorize faults: error, timeout and malformed answers hit only that class", async () => {
  for (
    const [mode, re] of [
      ["error", /query failed: VECTOR_QUERY_ERROR/],
      ["hang", /query did not answer within 100 ms/],
      ["malformed", /query returned a malformed answer/],
    ] as const
  ) {
    const bad = fakeVectorize(RECORDS, "cosine");
    bad.fault(mode);
    const { app } = await testGateway([
      { class: "Good", properties: { title: "text" }, records: RECORDS.slice(0, 3) },
      {
        class: "Bad",
        properties: { title: "text" },
        records: [],
        store: { kind: "vectorize", binding: "VECTORIZE", metric: "cosine", timeoutMs: 100 },
      },
    ], { bindings: { VECTORIZE: bad } });
    const res = await gql(
      app,
      "{ Get { Good(nearVector: {vector: [1, 1]}) { title } Bad(nearVector: {vector: [1, 1]}) { title } } }",
    );
    const data = res.json.data as { Get: Record<string, unknown> };
    assert.equal(data.Get.Bad, null);
    assert.equal((data.Get.Good as unknown[]).length, 3);
    const errors = res.json.errors as { message: string; path: string[] }[];
    assert.deepEqual(errors.map((e) => e.path), [["Get", "Bad"]]);
    assert.match(errors[0].message, re);
  }
});

Deno.test("vectorize start-up: no binding (Deno) is a clear error", async () => {
  await assert.rejects(
    testGateway([{
      class: "Doc",
      properties: { title: "text" },
      records: [],
      store: { kind: "vectorize", binding: "VECTORIZE", metric: "cosine" },
    }]),
    /the Vectorize binding "VECTORIZE" is not available \(Vectorize bindings exist only on Cloudflare Workers/,
  );
});

Deno.test("config: pgvector and vectorize stores validate, with defaults and metric checks", () => {
  const col = (store: unknown, distance = "cosine") => ({
    collections: [{
      class: "Doc",
      properties: [{ name: "t", dataType: ["text"] }],
      vectorIndexConfig: { distance },
      store,
    }],
  });
  const ok = parseConfig(col({ kind: "pgvector", table: "docs" }));
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.deepEqual(ok.config.collections[0].store, {
    kind: "pgvector",
    urlEnv: "DATABASE_URL",
    table: "docs",
    idColumn: "id",
    vectorColumn: "embedding",
    columns: {},
    textSearchConfig: "english",
  });
  const url = parseConfig(col({ kind: "pgvector", table: "docs", url: "postgres://u:p@h/db" }));
  assert.ok(
    !url.ok && url.problems.some((p) => /store\.url: unknown key/.test(p)),
    JSON.stringify(url),
  );
  const hamming = parseConfig(col({ kind: "pgvector", table: "docs" }, "hamming"));
  assert.ok(!hamming.ok && hamming.problems.some((p) => /not hamming/.test(p)));
  assert.ok(
    parseConfig(col({ kind: "vectorize", binding: "VECTORIZE", metric: "euclidean" }, "l2-squared"))
      .ok,
  );
  const mismatch = parseConfig(
    col({ kind: "vectorize", binding: "VECTORIZE", metric: "euclidean" }),
  );
  assert.ok(
    !mismatch.ok &&
      mismatch.problems.some((p) => /store\.metric: "euclidean" does not match/.test(p)),
    JSON.stringify(mismatch),
  );
});
