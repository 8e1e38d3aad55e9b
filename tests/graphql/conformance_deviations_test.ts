/**
 * Where the gateway deliberately differs from Weaviate (README's deviation table), each kept on
 * purpose and pinned here so the table says nothing the tests contradict.
 */
import assert from "node:assert/strict";
import { gql, spyReranker, type TestCollection, testGateway } from "../helpers/harness.ts";

const NOTE: TestCollection = {
  class: "Note",
  properties: { body: "text" },
  moduleConfig: { "reranker-dummy": {} },
  records: [
    { id: "40000000-0000-0000-0000-000000000001", body: "short", vector: [1, 0] },
    { id: "40000000-0000-0000-0000-000000000002", body: "much longer", vector: [1, 0] },
  ],
};

function message(json: Record<string, unknown>): string {
  return ((json.errors ?? []) as { message: string }[])[0]?.message ?? "";
}

// Weaviate's usecases/modulecomponents/additional/rank/rank_params_extractor.go reads
// *ast.StringValue directly and panics on a variable; the gateway resolves variables.
Deno.test("deviation: variables in rerank arguments work", async () => {
  const spy = spyReranker();
  const { app } = await testGateway([NOTE], { createReranker: () => spy });
  const res = await gql(
    app,
    "query($p:String,$q:String){Get{Note{body _additional{rerank(property:$p query:$q){score}}}}}",
    { variables: { p: "body", q: "hi" } },
  );
  assert.equal(res.json.errors, undefined, res.text);
  assert.deepEqual(spy.calls, [{ query: "hi", documents: ["short", "much longer"] }]);
});

// graphql-go answers `Argument "limit" has invalid value 1.5.\nExpected type "Int", found 1.5.`;
// the gateway keeps graphql-js's wording for invalid literal values.
Deno.test("deviation: invalid literals keep graphql-js wording", async () => {
  const { app } = await testGateway([NOTE]);
  const res = await gql(app, "{Get{Note(limit:1.5){body}}}");
  assert.equal(message(res.json), "Int cannot represent non-integer value: 1.5");
});

// Weaviate (adapters/repos/db/search.go) adds a negative offset to the limit and, unless the total
// is 0, fails later on a negative slice bound; the gateway refuses it up front with its own text.
Deno.test("deviation: a negative offset is refused with the gateway's text", async () => {
  const { app } = await testGateway([NOTE]);
  const res = await gql(app, "{Get{Note(offset:-2 limit:3){body}}}");
  assert.equal(message(res.json), "invalid pagination params: offset must not be negative, got -2");
});

// Weaviate wraps ErrOnlyStopwords in index and shard names (`explorer: list class: search: ...`);
// the gateway has neither and answers the innermost text, which is what Weaviate's acceptance
// test checks (local_get_with_filter_test.go asserts it is contained).
Deno.test("deviation: the only-stopwords error is the innermost text", async () => {
  const { app } = await testGateway([NOTE]);
  const res = await gql(
    app,
    '{Get{Note(where:{path:["body"] operator:Equal valueText:"the"}){body}}}',
  );
  assert.equal(
    message(res.json),
    "invalid search term, only stopwords provided. Stopwords can be configured in " +
      "class.invertedIndexConfig.stopwords",
  );
});
