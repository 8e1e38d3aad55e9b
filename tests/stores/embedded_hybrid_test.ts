import assert from "node:assert/strict";
import { bm25, hybrid, ids, plan, signal, textStore, vectorStore } from "./embedded_fixtures.ts";

Deno.test("embedded hybrid: alpha 0 is keyword only with normalised scores", async () => {
  const s = await textStore();
  const keyword = await s.retrieve(plan(bm25("paper")), { signal });
  const out = await s.retrieve(plan(hybrid("paper", { alpha: 0 })), { signal });
  assert.deepEqual(ids(out), ids(keyword));
  assert.equal(out[0].score, 1);
  assert.equal(out.at(-1)!.score, 0);
  assert.equal(out[0].distance, undefined);
  assert.match(out[0].explainScore!, /Hybrid \(Result Set keyword,bm25\)/);
});

Deno.test("embedded hybrid: alpha 1 is vector only (every object with a vector)", async () => {
  const s = await textStore();
  const near = await s.retrieve(plan({ kind: "nearText", concepts: ["paper"] }), { signal });
  const out = await s.retrieve(plan(hybrid("paper", { alpha: 1 })), { signal });
  assert.deepEqual(ids(out), ids(near));
  assert.equal(out.length, 5);
  assert.match(out[0].explainScore!, /Hybrid \(Result Set vector,hybridVector\)/);
});

Deno.test("embedded hybrid: rankedFusion scores are sums of weight/(rank+60)", async () => {
  const s = await vectorStore();
  const out = await s.retrieve(
    plan(hybrid("one", { alpha: 0.5, fusionType: "rankedFusion", vector: [1, 0] })),
    { signal },
  );
  // keyword: [1]; vector: [1, 2, 3, 4]
  assert.deepEqual(ids(out), [1, 2, 3, 4]);
  const f = Math.fround;
  assert.equal(out[0].score, f(f(0.5 / 60) + f(0.5 / 60)));
  assert.equal(out[1].score, f(0.5 / 61));
});

Deno.test("embedded hybrid: explicit vector, nearVector sub-search and maxVectorDistance", async () => {
  const s = await vectorStore();
  // alpha 0.75: keyword "two" gives object 2 0.25; the vector [0, 1] gives object 4 0.75.
  const withVector = await s.retrieve(plan(hybrid("two", { alpha: 0.75, vector: [0, 1] })), {
    signal,
  });
  assert.deepEqual(ids(withVector), [4, 3, 2, 1]);
  assert.equal(withVector[0].score, 0.75);
  const sub = await s.retrieve(
    plan(hybrid("two", { alpha: 0.9, nearVector: { vector: [0, 1], distance: 0.5 } })),
    { signal },
  );
  assert.deepEqual(new Set(ids(sub)), new Set([2, 3, 4]));
  const capped = await s.retrieve(
    plan(hybrid("two", { alpha: 0.5, vector: [0, 1], maxVectorDistance: 0.5 })),
    { signal },
  );
  // Object 2 matches "two" but lies beyond the distance: Weaviate drops it from both halves.
  assert.deepEqual(ids(capped), [4, 3]);
});

Deno.test("embedded hybrid: without vectorizer or vector only the keyword half runs", async () => {
  const s = await vectorStore();
  const out = await s.retrieve(plan(hybrid("three", { alpha: 0.75 })), { signal });
  assert.deepEqual(ids(out), [3]);
  assert.equal(out[0].score, Math.fround(0.25));
});

Deno.test("embedded hybrid: filter, autocut, offset/limit and sort refusal", async () => {
  const s = await textStore();
  const filter = {
    operator: "Equal",
    path: ["tags"],
    value: { type: "text", value: "craft" },
  } as const;
  assert.deepEqual(
    new Set(ids(await s.retrieve(plan(hybrid("paper"), { filter }), { signal }))),
    new Set([1, 4]),
  );
  const all = await s.retrieve(plan(hybrid("paper")), { signal });
  const page = await s.retrieve(plan(hybrid("paper"), { offset: 1, limit: 2 }), { signal });
  assert.deepEqual(ids(page), ids(all).slice(1, 3));
  const cut = await s.retrieve(plan(hybrid("paper", { alpha: 0 }), { autocut: 1 }), { signal });
  assert.ok(cut.length < all.length && cut.length >= 1);
  await assert.rejects(
    () =>
      s.retrieve(plan(hybrid("paper"), { sort: [{ path: ["year"], order: "asc" }] }), { signal }),
    /hybrid search is not compatible with sort/,
  );
});
