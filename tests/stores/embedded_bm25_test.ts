import assert from "node:assert/strict";
import type { Candidate } from "../../src/core/candidate.ts";
import {
  bm25,
  collection,
  ids,
  plan,
  prop,
  signal,
  store,
  textStore,
  uuid,
} from "./embedded_fixtures.ts";

Deno.test("embedded bm25: exact tokens, Or by default, best first with scores", async () => {
  const s = await textStore();
  const out = await s.retrieve(plan(bm25("paper")), { signal });
  assert.deepEqual(new Set(ids(out)), new Set([1, 3, 4]));
  assert.ok(out.every((c) => typeof c.score === "number" && c.score > 0));
  for (let i = 1; i < out.length; i++) assert.ok(out[i - 1].score! >= out[i].score!);
  assert.equal(out[0].distance, undefined);
  // No prefix or typo matching.
  assert.deepEqual(await s.retrieve(plan(bm25("pap")), { signal }), []);
  assert.deepEqual(await s.retrieve(plan(bm25("papers")), { signal }), []);
  // Case and punctuation do not matter; stop words leave the query (Weaviate's `en` preset,
  // adapters/repos/db/inverted/bm25_searcher.go), so "THE!" searches nothing.
  assert.deepEqual(ids(await s.retrieve(plan(bm25("THE!")), { signal })), []);
});

Deno.test("embedded bm25: more occurrences and shorter fields score higher (classic BM25)", async () => {
  const records = [
    { id: uuid(1), title: "paper rock music" },
    { id: uuid(2), title: "paper paper rock" },
    { id: uuid(3), title: "paper" },
    { id: uuid(4), title: "nothing here at all" },
  ];
  const s = await store(
    { "docs.json": JSON.stringify(records) },
    collection([prop("title", "text")]),
  );
  const out = await s.retrieve(plan(bm25("paper")), { signal });
  assert.deepEqual(ids(out), [3, 2, 1]);
  // Okapi BM25 with k1 = 1.2, b = 0.75: idf = ln(1 + (4 - 3 + 0.5) / (3 + 0.5)), avgdl = 11/4.
  const idf = Math.log(1 + 1.5 / 3.5);
  const bm = (tf: number, dl: number) => idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / 2.75));
  assert.ok(Math.abs(out[0].score! - bm(1, 1)) < 1e-6);
  assert.ok(Math.abs(out[1].score! - bm(2, 3)) < 1e-6);
  assert.ok(Math.abs(out[2].score! - bm(1, 3)) < 1e-6);
});

Deno.test("embedded bm25: searchOperator And and Or with minimumOrTokensMatch", async () => {
  const s = await textStore();
  assert.deepEqual(
    new Set(ids(await s.retrieve(plan(bm25("paper planes")), { signal }))),
    new Set([1, 3, 4]),
  );
  assert.deepEqual(
    new Set(ids(await s.retrieve(plan(bm25("paper planes", { operator: "And" })), { signal }))),
    new Set([1, 4]),
  );
  assert.deepEqual(
    new Set(
      ids(
        await s.retrieve(
          plan(bm25("paper drums wood", { operator: "Or", minimumOrTokensMatch: 2 })),
          { signal },
        ),
      ),
    ),
    new Set([3]),
  );
  // And holds per property (Weaviate's BlockMax-WAND, bm25_searcher_block.go): "origami" in the
  // title and "cranes" in the body are not both in one property.
  assert.deepEqual(
    ids(await s.retrieve(plan(bm25("origami cranes", { operator: "And" })), { signal })),
    [],
  );
});

Deno.test("embedded bm25: properties restriction and ^boost", async () => {
  const s = await textStore();
  assert.deepEqual(
    ids(await s.retrieve(plan(bm25("paper", { properties: ["title"] })), { signal })).sort(),
    [1, 3],
  );
  assert.deepEqual(
    ids(await s.retrieve(plan(bm25("paper", { properties: ["tags"] })), { signal })),
    [4],
  );
  // "paper" is rarer in tags than in titles, so doc 4 (tags) wins until titles are boosted.
  const plain = await s.retrieve(plan(bm25("paper", { properties: ["title", "tags"] })), {
    signal,
  });
  const boosted = await s.retrieve(plan(bm25("paper", { properties: ["title^10", "tags"] })), {
    signal,
  });
  assert.equal(ids(plain)[0], 4);
  assert.notEqual(ids(boosted)[0], 4);
  const score = (cs: Candidate[], n: number) => cs.find((c) => ids([c])[0] === n)!.score!;
  assert.ok(Math.abs(score(boosted, 1) - 10 * score(plain, 1)) < 1e-4);
  assert.equal(score(boosted, 4), score(plain, 4));
  await assert.rejects(
    () => s.retrieve(plan(bm25("x", { properties: ["code"] })), { signal }),
    /property "code" is not a searchable text property/,
  );
  await assert.rejects(
    () => s.retrieve(plan(bm25("x", { properties: ["title^0"] })), { signal }),
    /invalid boost/,
  );
});

Deno.test("embedded bm25: filter, offset/limit and explainScore", async () => {
  const s = await textStore();
  const filter = {
    operator: "GreaterThan",
    path: ["year"],
    value: { type: "int", value: 2001 },
  } as const;
  const filtered = await s.retrieve(plan(bm25("paper"), { filter }), { signal });
  assert.deepEqual(new Set(ids(filtered)), new Set([3, 4]));
  const all = await s.retrieve(plan(bm25("paper")), { signal });
  const page = await s.retrieve(plan(bm25("paper"), { offset: 1, limit: 1 }), { signal });
  assert.deepEqual(ids(page), [ids(all)[1]]);
  const origami = all.find((c) => ids([c])[0] === 4)!;
  // "Folding paper into cranes and planes" (6 tokens) + tags "craft paper" (2 tokens).
  assert.equal(origami.explainScore, ", BM25F_paper_frequency:2, BM25F_paper_propLength:8");
});

Deno.test("embedded bm25: sort is refused like Weaviate", async () => {
  const s = await textStore();
  await assert.rejects(
    () => s.retrieve(plan(bm25("paper"), { sort: [{ path: ["year"], order: "asc" }] }), { signal }),
    /bm25 search is not compatible with sort/,
  );
});

Deno.test("embedded bm25: autocut cuts at the first score drop", async () => {
  const records = [
    { id: uuid(1), title: "apple apple apple" },
    { id: uuid(2), title: "apple apple apple" },
    { id: uuid(3), title: "apple banana cherry date elderberry fig grape" },
    { id: uuid(4), title: "apple banana cherry date elderberry fig grape kiwi" },
    { id: uuid(5), title: "none" },
  ];
  const s = await store(
    { "docs.json": JSON.stringify(records) },
    collection([prop("title", "text")]),
  );
  const all = await s.retrieve(plan(bm25("apple")), { signal });
  assert.deepEqual(ids(all), [1, 2, 3, 4]);
  const cut = await s.retrieve(plan(bm25("apple"), { autocut: 1 }), { signal });
  assert.deepEqual(ids(cut), [1, 2]);
  const page = await s.retrieve(plan(bm25("apple"), { autocut: 1, offset: 1 }), { signal });
  assert.deepEqual(ids(page), [2]);
});
