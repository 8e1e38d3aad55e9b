/**
 * `_additional { rerank }` interplay with the `Get` arguments (spec §2.2, §2.3), and selections
 * written with fragments and directives, on the Book dataset of get_dataset.ts.
 * reranker-dummy scores are title byte lengths: b1 10, b2 4, b3 26, b4 11, b5 21, b6 19.
 */
import assert from "node:assert/strict";
import { gql, spyReranker, testGateway } from "../helpers/harness.ts";
import { ARTICLE, B, BOOK, get, names, rows } from "./get_dataset.ts";

async function spied() {
  const spy = spyReranker();
  const { app } = await testGateway([BOOK, ARTICLE], { createReranker: () => spy });
  return { app, spy };
}

const RERANK_TITLE = '_additional{id rerank(property:"title"){score}}';

function scores(json: Record<string, unknown>, alias: string): number[] {
  return rows(json, alias).map((r) => (r._additional!.rerank as { score: number }[])[0].score);
}

Deno.test("rerank: overrides the sort order of the page", async () => {
  const { app, spy } = await spied();
  // sort pages desc, limit 3: b6 (474), b3 (423), b2 (412)
  const res = await get(app, `Book(sort:[{path:["pages"] order:desc}] limit:3){${RERANK_TITLE}}`);
  assert.deepEqual(names(res.json, "Book"), ["b3", "b6", "b2"]);
  assert.deepEqual(scores(res.json, "Book"), [26, 19, 4]);
  assert.equal(spy.calls.length, 1);
  assert.deepEqual(spy.calls[0].documents, [
    "Pride and Prejudice",
    "The Fellowship of the Ring",
    "Dune",
  ]);
});

Deno.test("rerank: autocut cuts on retrieval distances, not on rerank scores", async () => {
  const { app, spy } = await spied();
  // Distances cut after b3; b5 (21 bytes) would outrank b1 and b2 but is never retrieved.
  const res = await get(app, `Book(nearVector:{vector:[1,0]} autocut:1){${RERANK_TITLE}}`);
  assert.deepEqual(names(res.json, "Book"), ["b3", "b1", "b2"]);
  assert.deepEqual(scores(res.json, "Book"), [26, 10, 4]);
  assert.deepEqual(spy.calls.map((c) => c.documents), [[
    "The Hobbit",
    "Dune",
    "The Fellowship of the Ring",
  ]]);
});

Deno.test("rerank: each page (offset/limit) is reranked on its own", async () => {
  const { app, spy } = await spied();
  // Page 2 of size 2 is b2, b3 in id order. Reranking everything first would give b5, b6 here.
  const res = await get(app, `Book(limit:2 offset:1){${RERANK_TITLE}}`);
  assert.deepEqual(names(res.json, "Book"), ["b3", "b2"]);
  assert.deepEqual(spy.calls.map((c) => c.documents), [["Dune", "The Fellowship of the Ring"]]);
  const first = await get(app, `Book(limit:2){${RERANK_TITLE}}`);
  assert.deepEqual(names(first.json, "Book"), ["b1", "b2"]);
  assert.equal(spy.calls.length, 2, "one reranker call per page");
});

Deno.test("rerank: an empty result makes no reranker call and no error, even without property", async () => {
  const { app, spy } = await spied();
  const res = await get(
    app,
    'Book(where:{path:["title"] operator:Equal valueText:"zzz"}){_additional{id rerank(query:"x"){score}}}',
  );
  assert.equal(res.text, '{"data":{"Get":{"Book":[]}}}\n');
  const near = await get(
    app,
    'Book(nearVector:{vector:[1,0] distance:0.0001} offset:1){_additional{rerank(query:"x"){score}}}',
  );
  assert.equal(near.text, '{"data":{"Get":{"Book":[]}}}\n');
  assert.equal(spy.calls.length, 0);
});

Deno.test("rerank: two aliases in one query, one failing, keep their own results and errors", async () => {
  const { app, spy } = await spied();
  const res = await get(
    app,
    `Ok:Book(limit:3){${RERANK_TITLE}} Bad:Book(limit:3){_additional{id rerank(query:"x"){score}}} ` +
      'Kw:Book(bm25:{query:"classic"}){_additional{rerank(query:"x"){score}}} Article(limit:1){title}',
  );
  assert.equal(res.status, 200);
  const data = res.json.data as { Get: Record<string, unknown> };
  assert.deepEqual(names(res.json, "Ok"), ["b3", "b1", "b2"]);
  assert.deepEqual(scores(res.json, "Ok"), [26, 10, 4]);
  assert.equal(data.Get.Bad, null);
  assert.equal(data.Get.Kw, null);
  assert.deepEqual(data.Get.Article, [{ title: "lava" }]);
  const errors = res.json.errors as { message: string; path: string[] }[];
  assert.deepEqual(errors.map((e) => [e.path, e.message]), [
    [["Get", "Bad"], "explorer: list class: extend: extend rerank: no properties provided"],
    [["Get", "Kw"], "explorer: get class: extend: extend rerank: no properties provided"],
  ]);
  assert.equal(spy.calls.length, 1, "only the working alias reached the reranker");
});

Deno.test("fragments: named and inline fragments select properties and _additional fields", async () => {
  const { app } = await spied();
  const res = await gql(
    app,
    "query { Get { Book(limit:2) { ...Main ... on Book { pages } } } } " +
      "fragment Main on Book { title _additional { id } }",
  );
  assert.equal(
    res.text,
    `{"data":{"Get":{"Book":[{"_additional":{"id":"${B.b1}"},"pages":310,"title":"The Hobbit"},` +
      `{"_additional":{"id":"${B.b2}"},"pages":412,"title":"Dune"}]}}}\n`,
  );
});

Deno.test("fragments: rerank inside a fragment on the Additional type still reranks", async () => {
  const { app, spy } = await spied();
  const res = await gql(
    app,
    "{ Get { Book(limit:3) { _additional { id ...R } } } } " +
      'fragment R on BookAdditional { rerank(property:"title") { score } }',
  );
  assert.deepEqual(names(res.json, "Book"), ["b3", "b1", "b2"]);
  assert.deepEqual(scores(res.json, "Book"), [26, 10, 4]);
  assert.equal(spy.calls.length, 1);
});

Deno.test("directives: @skip and @include (literal and variable) shape the selection", async () => {
  const { app, spy } = await spied();
  const query = "query($yes: Boolean!, $no: Boolean!) { Get { Book(limit:3) { " +
    "title @skip(if: true) pages @include(if: $no) genre @include(if: $yes) " +
    '_additional { id @skip(if: $no) rerank(property:"title") @include(if: $no) { score } } } } }';
  const res = await gql(app, query, { variables: { yes: true, no: false } });
  assert.equal(res.json.errors, undefined, res.text);
  assert.deepEqual(rows(res.json, "Book"), [
    { _additional: { id: B.b1 }, genre: "fantasy" },
    { _additional: { id: B.b2 }, genre: "science fiction" },
    { _additional: { id: B.b3 }, genre: "fantasy" },
  ], "no rerank: retrieval order, no rerank key");
  assert.equal(spy.calls.length, 0, "a skipped rerank is not run");
  const on = await gql(app, query, { variables: { yes: true, no: true } });
  assert.deepEqual(scores(on.json, "Book"), [26, 10, 4]);
  assert.deepEqual(rows(on.json, "Book").map((r) => [r.pages, Object.keys(r._additional!)]), [
    [423, ["rerank"]],
    [310, ["rerank"]],
    [412, ["rerank"]],
  ], "pages included, id skipped");
});
