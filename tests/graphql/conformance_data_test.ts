/**
 * Weaviate conformance, second pass, group A (issue 12): queries Weaviate answers with other data
 * than the gateway did. Each test names the Weaviate source or acceptance test it follows; the
 * data is the gateway's own.
 */
import assert from "node:assert/strict";
import { gql, spyReranker, type TestCollection, testGateway } from "../helpers/harness.ts";

function id(n: number): string {
  return `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`;
}

function rows(json: Record<string, unknown>, cls: string): Record<string, unknown>[] {
  const data = json.data as { Get: Record<string, Record<string, unknown>[] | null> };
  return data.Get[cls] ?? [];
}

function ids(json: Record<string, unknown>, cls: string): string[] {
  return rows(json, cls).map((r) => (r._additional as { id: string }).id);
}

function firstError(json: Record<string, unknown>): string {
  return ((json.errors ?? []) as { message: string }[])[0]?.message ?? "";
}

// A1. Weaviate: usecases/traverser/explorer.go returns `res.Vector` (the vector as stored);
// normalisation happens inside adapters/repos/db/vector/hnsw/index.go only.
// Port of test/acceptance_with_python/test_refs.py, which reads [1, 2, 3] back from a cosine class.
Deno.test("A1: _additional { vector } on a cosine class is the vector as stored", async () => {
  const { app } = await testGateway([{
    class: "Kettle",
    properties: { name: "text" },
    distance: "cosine",
    records: [
      { id: id(1), name: "steel", vector: [1, 2, 3] },
      { id: id(2), name: "copper", vector: [3, 0, 0] },
    ],
  }]);
  const list = await gql(app, "{Get{Kettle{name _additional{id vector}}}}");
  assert.equal(list.json.errors, undefined, list.text);
  assert.deepEqual(
    rows(list.json, "Kettle").map((r) => (r._additional as { vector: number[] }).vector),
    [
      [1, 2, 3],
      [3, 0, 0],
    ],
  );
  // Distances still use the normalised vectors: [2, 4, 6] points the same way as [1, 2, 3].
  const near = await gql(
    app,
    "{Get{Kettle(nearVector:{vector:[2,4,6]}){name _additional{distance vector}}}}",
  );
  const first = rows(near.json, "Kettle")[0]._additional as { distance: number; vector: number[] };
  assert.ok(Math.abs(first.distance) < 1e-6, String(first.distance));
  assert.deepEqual(first.vector, [1, 2, 3]);
});

// A2. Weaviate: adapters/repos/db/inverted/bm25_searcher_block.go runs one BlockMax job per
// property, with `minimumOrTokensMatch = len(job.queryTerms)` for And.
Deno.test("A2: bm25 And is evaluated per property, also next to field-tokenized properties", async () => {
  const { app } = await testGateway([{
    class: "Recipe",
    properties: { title: "text", notes: "text", code: "text", tags: "text[]" },
    tokenization: { code: "field" },
    records: [
      { id: id(1), title: "plum tart", notes: "a tart with plum", code: "R-1", tags: ["x"] },
      // Both words, but never in one property.
      { id: id(2), title: "plum jam", notes: "no tart here", code: "R-2", tags: ["y"] },
      { id: id(3), title: "apple pie", notes: "apple", code: "R-3", tags: ["z"] },
    ],
  }]);
  const and = await gql(
    app,
    '{Get{Recipe(bm25:{query:"plum tart" searchOperator:{operator:And}}){_additional{id}}}}',
  );
  assert.equal(and.json.errors, undefined, and.text);
  assert.deepEqual(ids(and.json, "Recipe"), [id(1)]);
  const or = await gql(app, '{Get{Recipe(bm25:{query:"plum tart"}){_additional{id}}}}');
  assert.deepEqual(ids(or.json, "Recipe").sort(), [id(1), id(2)]);
});

const FILMS: TestCollection = {
  class: "Film",
  properties: { title: "text" },
  records: [
    { id: id(1), title: "Dark Water" },
    { id: id(2), title: "The Dark Knight" },
    { id: id(3), title: "The Thin Man" },
  ],
};

// A3/B. Weaviate: adapters/repos/db/inverted/searcher.go extractTokenizableProp drops stop words
// from `word` values (entities/tokenizer Analyze; the `en` preset of inverted/stopwords/
// presets.go) and fails with ErrOnlyStopwords when none is left. Port of
// test/acceptance/graphql_resolvers/local_get_with_filter_test.go "filtering by stopwords".
Deno.test("A3: stop words leave where values; a value of stop words only is an error", async () => {
  const { app } = await testGateway([FILMS]);
  const where = (v: string, op = "Equal") =>
    `{Get{Film(where:{path:["title"] operator:${op} valueText:"${v}"}){_additional{id}}}}`;
  const dark = await gql(app, where("The Dark"));
  assert.equal(dark.json.errors, undefined, dark.text);
  assert.deepEqual(ids(dark.json, "Film"), [id(1), id(2)], '"the" is not required');
  const only = await gql(app, where("to be or not to be"));
  assert.equal(only.status, 200);
  assert.ok(
    firstError(only.json).includes(
      "invalid search term, only stopwords provided. Stopwords can be configured in " +
        "class.invertedIndexConfig.stopwords",
    ),
    only.text,
  );
  // ContainsAny drops stop-word values and fails only when all are (searcher.go).
  const any = await gql(
    app,
    '{Get{Film(where:{path:["title"] operator:ContainsAny valueText:["the","thin"]}){_additional{id}}}}',
  );
  assert.deepEqual(ids(any.json, "Film"), [id(3)]);
  const anyOnly = await gql(
    app,
    '{Get{Film(where:{path:["title"] operator:ContainsAny valueText:["the","a"]}){_additional{id}}}}',
  );
  assert.ok(firstError(anyOnly.json).includes("only stopwords provided"), anyOnly.text);
});

// Weaviate: inverted/stopwords/detector.go (preset, then additions, then removals); the same
// detector serves bm25 query terms (adapters/repos/db/inverted/bm25_searcher.go).
Deno.test("A3: the class's invertedIndexConfig.stopwords is honoured, in where and bm25", async () => {
  const { app } = await testGateway([{
    ...FILMS,
    stopwords: { preset: "en", additions: ["dark"], removals: ["the"] },
  }]);
  const the = await gql(
    app,
    '{Get{Film(where:{path:["title"] operator:Equal valueText:"the man"}){_additional{id}}}}',
  );
  assert.deepEqual(ids(the.json, "Film"), [id(3)], '"the" is a search term now');
  const dark = await gql(
    app,
    '{Get{Film(where:{path:["title"] operator:Equal valueText:"dark"}){_additional{id}}}}',
  );
  assert.ok(firstError(dark.json).includes("only stopwords provided"), dark.text);
  const bm25 = await gql(app, '{Get{Film(bm25:{query:"dark water"}){_additional{id}}}}');
  assert.deepEqual(ids(bm25.json, "Film"), [id(1)], '"dark" is not searched');
  const none = await gql(app, '{Get{Film(bm25:{query:"dark"}){_additional{id}}}}');
  assert.equal(none.json.errors, undefined, none.text);
  assert.deepEqual(ids(none.json, "Film"), [], "bm25 answers nothing, not an error");
});

Deno.test("A3: bm25 drops the default stop words from the query", async () => {
  const { app } = await testGateway([FILMS]);
  const res = await gql(app, '{Get{Film(bm25:{query:"the water"}){_additional{id}}}}');
  assert.deepEqual(ids(res.json, "Film"), [id(1)], '"the" alone does not match');
});

// A4. Weaviate: usecases/modules/modules.go shouldIncludeClassArgument: a reranker applies to a
// class without moduleConfig when it is the only reranker module enabled
// (isOnlyOneModuleEnabledOfAGivenType); vectorizers return before that rule. Reranked the way
// test/acceptance_with_python/test_reranker.py expects of reranker-dummy (longer text first).
Deno.test("A4: with exactly one reranker module, every class has rerank", async () => {
  const spy = spyReranker();
  const { app } = await testGateway([
    {
      class: "WithModule",
      properties: { prop: "text" },
      moduleConfig: { "reranker-dummy": {} },
      records: [],
    },
    {
      class: "Plain",
      properties: { prop: "text" },
      records: [
        { id: id(1), prop: "hello", vector: [1, 0] },
        { id: id(2), prop: "hellohellohello", vector: [1, 0] },
        { id: id(3), prop: "hellohello", vector: [1, 0] },
      ],
    },
  ], { createReranker: () => spy });
  const res = await gql(
    app,
    '{Get{Plain(nearVector:{vector:[1,0]}){_additional{id rerank(property:"prop"){score}}}}}',
  );
  assert.equal(res.json.errors, undefined, res.text);
  assert.deepEqual(ids(res.json, "Plain"), [id(2), id(3), id(1)]);
});

Deno.test("A4: with two reranker modules a class without moduleConfig has no rerank", async () => {
  const { app } = await testGateway([
    {
      class: "One",
      properties: { p: "text" },
      moduleConfig: { "reranker-dummy": {} },
      records: [],
    },
    {
      class: "Two",
      properties: { p: "text" },
      moduleConfig: { "reranker-cohere": {} },
      records: [],
    },
    { class: "Plain", properties: { p: "text" }, records: [] },
  ], { env: { COHERE_APIKEY: "k" } });
  const res = await gql(app, '{Get{Plain{_additional{rerank(property:"p"){score}}}}}');
  assert.equal(firstError(res.json), 'Cannot query field "rerank" on type "PlainAdditional".');
});

Deno.test("A4: nearText needs the class's own vectorizer, even with one vectorizer module", async () => {
  const { app } = await testGateway([
    { class: "Vectorized", properties: { p: "text" }, vectorizer: "text2vec-hash", records: [] },
    { class: "Plain", properties: { p: "text" }, records: [] },
  ]);
  const ok = await gql(app, '{Get{Vectorized(nearText:{concepts:["x"]}){p}}}');
  assert.equal(ok.json.errors, undefined, ok.text);
  const res = await gql(app, '{Get{Plain(nearText:{concepts:["x"]}){p}}}');
  assert.match(firstError(res.json), /^Unknown argument "nearText" on field "Plain"/);
});

const COUNTER: TestCollection = {
  class: "Counter",
  properties: { n: "int" },
  records: Array.from({ length: 15 }, (_, i) => ({ id: id(i + 1), n: i, vector: [1, i] })),
};

// A5. Weaviate: entities/filters/pagination.go (a negative limit is LimitFlagNotSet) and
// adapters/repos/db/search.go getLimit (QUERY_DEFAULTS_LIMIT for it); class_builder_fields.go
// setLimitBasedOnVectorSearchParams (a negative limit with a near* threshold searches by distance).
Deno.test("A5: a negative limit is not set: QUERY_DEFAULTS_LIMIT, or by distance", async () => {
  const { app } = await testGateway([COUNTER]);
  const list = await gql(app, "{Get{Counter(limit:-1){n}}}");
  assert.equal(rows(list.json, "Counter").length, 10);
  const bm = await gql(app, "{Get{Counter(limit:-5 offset:2){n}}}");
  assert.deepEqual(rows(bm.json, "Counter").map((r) => r.n), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const near = await gql(app, "{Get{Counter(limit:-1 nearVector:{vector:[1,0] distance:2}){n}}}");
  assert.equal(rows(near.json, "Counter").length, 15, "search by distance has no limit");
});

// Weaviate: adapters/repos/db/search.go getTotalLimit (offset + limit; 0 is "invalid default
// limit"); a negative offset with any other total fails in Weaviate too (see the deviation table).
Deno.test("A5: a total limit of 0 and a negative offset are errors", async () => {
  const { app } = await testGateway([COUNTER]);
  const zero = await gql(app, "{Get{Counter(offset:-10){n}}}");
  assert.equal(
    firstError(zero.json),
    "explorer: list class: search: invalid pagination params: invalid default limit: 10",
  );
  const none = await gql(app, "{Get{Counter(limit:0){n}}}");
  assert.equal(
    firstError(none.json),
    "explorer: list class: search: invalid pagination params: invalid default limit: 0",
  );
  const bm25 = await gql(app, '{Get{Counter(bm25:{query:"x"} limit:0){n}}}');
  assert.equal(
    firstError(bm25.json),
    "explorer: get class: vector search: invalid pagination params: invalid default limit: 0",
  );
  const other = await gql(app, "{Get{Counter(offset:-1 limit:5){n}}}");
  assert.equal(
    firstError(other.json),
    "invalid pagination params: offset must not be negative, got -1",
  );
});

// A6. Weaviate: adapters/repos/db/inverted/searcher.go builds an allow list of docIDs, iterated in
// docID (insertion) order; only the unfiltered list walks the objects bucket in uuid order.
Deno.test("A6: a filtered list without sort is in insertion order, the plain list in uuid order", async () => {
  const { app } = await testGateway([{
    class: "Shelf",
    properties: { kind: "text" },
    records: [
      { id: id(30), kind: "book" },
      { id: id(10), kind: "book" },
      { id: id(20), kind: "lamp" },
      { id: id(5), kind: "book" },
    ],
  }]);
  const filtered = await gql(
    app,
    '{Get{Shelf(where:{path:["kind"] operator:Equal valueText:"book"}){_additional{id}}}}',
  );
  assert.deepEqual(ids(filtered.json, "Shelf"), [id(30), id(10), id(5)]);
  const plain = await gql(app, "{Get{Shelf{_additional{id}}}}");
  assert.deepEqual(ids(plain.json, "Shelf"), [id(5), id(10), id(20), id(30)]);
});

// entities/tokenizer/tokenizer.go tokenizeField always yields one token, so a `field` value is
// never "only stopwords" (searcher.go fails only when no term is left).
Deno.test("A3: stop words and empty values do not apply to field-tokenized properties", async () => {
  const { app } = await testGateway([{
    class: "Code",
    properties: { code: "text" },
    tokenization: { code: "field" },
    records: [{ id: id(1), code: "the" }, { id: id(2), code: "x" }],
  }]);
  const the = await gql(
    app,
    '{Get{Code(where:{path:["code"] operator:Equal valueText:"the"}){_additional{id}}}}',
  );
  assert.equal(the.json.errors, undefined, the.text);
  assert.deepEqual(ids(the.json, "Code"), [id(1)]);
  const empty = await gql(
    app,
    '{Get{Code(where:{path:["code"] operator:Equal valueText:""}){_additional{id}}}}',
  );
  assert.equal(empty.json.errors, undefined, empty.text);
});
