/**
 * Real queries on PGlite + pgvector (one instance for the file): orderings and distances per
 * metric computed by hand, the HNSW index in the plan, full-text bm25 and hybrid fusion.
 */
import assert from "node:assert/strict";
import type { CollectionConfig, DistanceMetric } from "../../src/config/types.ts";
import type { AdditionalField, QueryPlan, Search } from "../../src/core/plan.ts";
import { nearStatement } from "../../src/stores/pgvector/compile.ts";
import { createPgvectorStore } from "../../src/stores/pgvector/store.ts";
import { pgTable } from "../../src/stores/pgvector/table.ts";
import { pglite, pgStore, seedTable } from "./pgvector_fixture.ts";

const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const RECORDS = [
  { id: id(1), name: "A", text: "paper planes fly far", vector: [1, 0] },
  { id: id(2), name: "B", text: "paper mill makes paper", vector: [0, 2] },
  { id: id(3), name: "C", text: "rock music", vector: [3, 3] },
  { id: id(4), name: "D", text: "quiet library of paper", vector: [-1, 0] },
];

function collection(metric: DistanceMetric): CollectionConfig {
  const prop = (name: string) => ({
    name,
    dataType: ["text"] as ["text"],
    tokenization: "word" as const,
    indexFilterable: true,
    indexSearchable: name === "text",
  });
  return {
    class: "Doc",
    properties: [prop("name"), prop("text")],
    vectorizer: "none",
    moduleConfig: {},
    vectorIndexConfig: { distance: metric },
    store: pgStore(`docs_${metric.replace("-", "_")}`),
  };
}

function plan(search: Search, extra: Partial<QueryPlan> = {}): QueryPlan {
  return {
    collection: "Doc",
    search,
    offset: 0,
    limit: 10,
    autocut: 0,
    properties: ["name"],
    additional: new Set<AdditionalField>(["id", "distance"]),
    ...extra,
  };
}

async function store(metric: DistanceMetric) {
  const db = await pglite();
  const c = collection(metric);
  await seedTable(db, c, RECORDS);
  return createPgvectorStore({ collection: c, executor: db, timeoutMs: 5000 });
}

const signal = new AbortController().signal;
const q = { kind: "nearVector" as const, vector: [1, 1] };

// q = [1, 1]. l2²: A 1, B 2, D 5, C 8. dot (-q·v): C -6, B -2, A -1, D 1. manhattan: A 1, B 2,
// D 3, C 4. cosine: C 0, A = B = 1 - 1/√2 (tie: id order), D 1 + 1/√2.
const EXPECTED: [DistanceMetric, string[], number[]][] = [
  ["l2-squared", ["A", "B", "D", "C"], [1, 2, 5, 8]],
  ["dot", ["C", "B", "A", "D"], [-6, -2, -1, 1]],
  ["manhattan", ["A", "B", "D", "C"], [1, 2, 3, 4]],
  ["cosine", ["C", "A", "B", "D"], [0, 1 - Math.SQRT1_2, 1 - Math.SQRT1_2, 1 + Math.SQRT1_2]],
];

for (const [metric, names, distances] of EXPECTED) {
  Deno.test(`pgvector: nearVector with ${metric} orders and measures like Weaviate`, async () => {
    const got = await (await store(metric)).retrieve(plan(q), { signal });
    assert.deepEqual(got.map((c) => c.properties.name), names);
    got.forEach((c, i) => assert.ok(Math.abs(c.distance! - distances[i]) < 1e-6, `${c.id}`));
  });
}

Deno.test("pgvector: l2-squared distance thresholds apply to the squared distance", async () => {
  const got = await (await store("l2-squared")).retrieve(plan({ ...q, distance: 2 }), { signal });
  assert.deepEqual(got.map((c) => c.properties.name), ["A", "B"]);
});

Deno.test("pgvector: certainty is refused on a non-cosine index", async () => {
  const s = await store("dot");
  await assert.rejects(s.retrieve(plan({ ...q, certainty: 0.5 }), { signal }), /certainty/);
});

Deno.test("pgvector: the vector search uses the HNSW index", async () => {
  await store("cosine");
  const db = await pglite();
  const s = nearStatement(
    pgTable(collection("cosine"), collection("cosine").store as never),
    plan(q),
    {
      vector: [1, 1],
      limit: 2,
    },
  );
  await db.exec("SET enable_seqscan = off");
  const res = await db.db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${s.text}`, [...s.params]);
  await db.exec("RESET enable_seqscan");
  const text = res.rows.map((r) => r["QUERY PLAN"]).join("\n");
  assert.match(text, /Index Scan using docs_cosine_hnsw/, text);
});

Deno.test("pgvector: bm25 is Postgres full-text, ranked by ts_rank_cd", async () => {
  const s = await store("cosine");
  const got = await s.retrieve(
    plan({ kind: "bm25", query: "paper" }, {
      additional: new Set<AdditionalField>(["score"]),
    }),
    { signal },
  );
  assert.deepEqual(got.map((c) => c.properties.name), ["B", "A", "D"]);
  assert.ok(got[0].score! > got[1].score!);
  const and = await s.retrieve(plan({ kind: "bm25", query: "paper mill", operator: "And" }), {
    signal,
  });
  assert.deepEqual(and.map((c) => c.properties.name), ["B"]);
  const none = await s.retrieve(plan({ kind: "bm25", query: "!!" }), { signal });
  assert.deepEqual(none, []);
});

Deno.test("pgvector: hybrid fuses full-text and vector lists with Weaviate's fusion", async () => {
  const s = await store("cosine");
  const got = await s.retrieve(
    plan({
      kind: "hybrid",
      query: "paper",
      alpha: 0.5,
      fusionType: "rankedFusion",
      vector: [1, 1],
    }, { additional: new Set<AdditionalField>(["score", "explainScore"]) }),
    { signal },
  );
  // keyword: B, A, D; vector: C, A, B, D. B: (1/60 + 1/62) / 2 > A: (1/61 + 1/61) / 2 >
  // D: (1/62 + 1/63) / 2 > C: (1/60) / 2.
  assert.deepEqual(got.map((c) => c.properties.name), ["B", "A", "D", "C"]);
  assert.match(got[0].explainScore!, /Result Set keyword,bm25/);
  assert.match(got[0].explainScore!, /Result Set vector,hybridVector/);
  const keywordOnly = await s.retrieve(
    plan({
      kind: "hybrid",
      query: "paper",
      alpha: 0,
      fusionType: "relativeScoreFusion",
    }),
    { signal },
  );
  assert.deepEqual(keywordOnly.map((c) => c.properties.name), ["B", "A", "D"]);
});

Deno.test("pgvector: sort applies to the nearest window", async () => {
  const s = await store("l2-squared");
  const got = await s.retrieve(
    plan(q, { limit: 3, sort: [{ path: ["name"], order: "desc" }] }),
    { signal },
  );
  assert.deepEqual(got.map((c) => c.properties.name), ["D", "B", "A"]);
});
