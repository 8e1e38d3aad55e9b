/**
 * The gateway's rerank extensions (issue 13 item 5): `window`, `minScore`, `autocut`,
 * `inheritQuery`, `properties` (dotted paths), `timeoutMs` / `onTimeout`, as `rerank(...)`
 * arguments and as `collections[].rerank` defaults; and the proof that a class without them
 * answers (and introspects) byte for byte as before.
 * On the Book dataset (get_dataset.ts) reranker-dummy scores are title byte lengths:
 * b1 10, b2 4, b3 26, b4 11, b5 21, b6 19; the list path retrieves b1..b6 in id order.
 */
import assert from "node:assert/strict";
import type { RerankConfig } from "../../src/config/types.ts";
import type { Reranker } from "../../src/core/reranker.ts";
import { parseConfig } from "../../src/pipeline/catalog.ts";
import { gql, spyReranker, type TestCollection, testGateway } from "../helpers/harness.ts";
import { B, BOOK, get, names } from "./get_dataset.ts";

const ON: RerankConfig = { arguments: true, inheritQuery: false, onTimeout: "error" };

async function book(rerank?: RerankConfig, reranker?: Reranker) {
  const spy = spyReranker();
  const { app } = await testGateway([{ ...BOOK, ...(rerank ? { rerank } : {}) }], {
    createReranker: () => reranker ?? spy,
  });
  return { app, spy };
}

function scores(json: Record<string, unknown>): (number | null)[] {
  const rows = (json.data as { Get: { Book: { _additional: { rerank: unknown } }[] } }).Get.Book;
  return rows.map((r) => (r._additional.rerank as { score: number }[] | null)?.[0].score ?? null);
}

const RERANK_ARGS =
  '{__type(name:"BookAdditional"){fields{name args{name type{kind name ofType{name}}}}}}';

async function rerankArgs(app: Awaited<ReturnType<typeof book>>["app"]): Promise<string[]> {
  const res = await gql(app, RERANK_ARGS);
  const fields = (res.json.data as {
    __type: { fields: { name: string; args: { name: string }[] }[] };
  }).__type.fields;
  return fields.find((f) => f.name === "rerank")!.args.map((a) => a.name);
}

Deno.test("schema: without collections[].rerank the rerank field has Weaviate's two arguments", async () => {
  const { app } = await book();
  assert.deepEqual(await rerankArgs(app), ["property", "query"]);
});

Deno.test("schema: the full introspection is byte-identical unless the extensions are enabled", async () => {
  const { getIntrospectionQuery } = await import("graphql");
  const query = getIntrospectionQuery();
  const plain = await gql((await book()).app, query);
  const hidden = await gql((await book({ ...ON, arguments: false, window: 6 })).app, query);
  assert.equal(hidden.text, plain.text);
  const shown = await gql((await book(ON)).app, query);
  assert.notEqual(shown.text, plain.text);
  assert.deepEqual(await rerankArgs((await book(ON)).app), [
    "property",
    "query",
    "properties",
    "window",
    "minScore",
    "autocut",
    "inheritQuery",
    "timeoutMs",
    "onTimeout",
  ]);
});

const QUERIES = [
  'Book(limit:3){title _additional{id rerank(property:"title"){score}}}',
  'Book(limit:2 offset:1){_additional{rerank(property:"title" query:"x"){score}}}',
  'Book(nearVector:{vector:[1,0]} autocut:1){_additional{id distance rerank(property:"title"){score}}}',
  'Book(bm25:{query:"classic"}){title _additional{rerank(property:"genre"){score}}}',
  'Book(groupBy:{path:["genre"] groups:2 objectsPerGroup:2} nearVector:{vector:[1,0]}){_additional{rerank(property:"title"){score} group{id count}}}',
  'Book{_additional{rerank(query:"x"){score}}}',
  'Book(limit:2){_additional{rerank(property:"title.x"){score}}}',
  'Book(limit:2){_additional{rerank(property:"tags"){score}}}',
];

Deno.test("conformance: enabled but unused extensions answer byte for byte as a plain class", async () => {
  const plain = await book();
  const enabled = await book(ON);
  for (const q of QUERIES) {
    const a = await get(plain.app, q);
    const b = await get(enabled.app, q);
    assert.equal(b.text, a.text, q);
  }
  assert.deepEqual(enabled.spy.calls, plain.spy.calls);
});

Deno.test("window: reranks the first N candidates, then cuts the limit/offset page", async () => {
  const { app, spy } = await book(ON);
  const first = await get(
    app,
    'Book(limit:2){_additional{id rerank(property:"title" window:6){score}}}',
  );
  assert.deepEqual(names(first.json, "Book"), ["b3", "b5"]);
  assert.deepEqual(scores(first.json), [26, 21]);
  const second = await get(
    app,
    'Book(limit:2 offset:2){_additional{id rerank(property:"title" window:6){score}}}',
  );
  assert.deepEqual(names(second.json, "Book"), ["b6", "b4"]);
  assert.deepEqual(spy.calls.map((c) => c.documents.length), [6, 6]);
  // Without the window each page is reranked on its own (Weaviate).
  const plain = await get(
    app,
    'Book(limit:2 offset:2){_additional{id rerank(property:"title"){score}}}',
  );
  assert.deepEqual(names(plain.json, "Book"), ["b3", "b4"]);
});

Deno.test("window: a floor, a page reaching past it widens the reranked set", async () => {
  const { app, spy } = await book(ON);
  const res = await get(
    app,
    'Book(limit:3 offset:1){_additional{id rerank(property:"title" window:2){score}}}',
  );
  assert.deepEqual(spy.calls[0].documents.length, 4);
  // b1..b4 reranked: b3 26, b4 11, b1 10, b2 4; offset 1 limit 3.
  assert.deepEqual(names(res.json, "Book"), ["b4", "b1", "b2"]);
});

Deno.test("minScore and autocut apply to the rerank scores", async () => {
  const { app } = await book(ON);
  const min = await get(app, 'Book{_additional{id rerank(property:"title" minScore:15){score}}}');
  assert.deepEqual(scores(min.json), [26, 21, 19]);
  const cut1 = await get(app, 'Book{_additional{id rerank(property:"title" autocut:1){score}}}');
  assert.deepEqual(scores(cut1.json), [26]);
  const cut2 = await get(app, 'Book{_additional{id rerank(property:"title" autocut:2){score}}}');
  assert.deepEqual(scores(cut2.json), [26, 21, 19]);
  const off = await get(app, 'Book{_additional{id rerank(property:"title" autocut:0){score}}}');
  assert.equal(scores(off.json).length, 6);
});

Deno.test("inheritQuery: an omitted query is the search text; an explicit one wins", async () => {
  const { app, spy } = await book(ON);
  await get(
    app,
    'Book(bm25:{query:"classic"}){_additional{rerank(property:"title" inheritQuery:true){score}}}',
  );
  await get(
    app,
    'Book(hybrid:{query:"space" alpha:0}){_additional{rerank(property:"title" inheritQuery:true){score}}}',
  );
  await get(
    app,
    'Book(bm25:{query:"classic"}){_additional{rerank(property:"title" inheritQuery:true query:"q"){score}}}',
  );
  await get(app, 'Book(bm25:{query:"classic"}){_additional{rerank(property:"title"){score}}}');
  await get(app, 'Book(limit:1){_additional{rerank(property:"title" inheritQuery:true){score}}}');
  assert.deepEqual(spy.calls.map((c) => c.query), ["classic", "space", "q", "", ""]);
});

Deno.test("properties: several properties and dotted paths joined with newlines", async () => {
  const spy = spyReranker();
  const col: TestCollection = {
    class: "Contact",
    properties: { name: "text", tags: "text[]", phone: "phoneNumber" },
    moduleConfig: { "reranker-dummy": {} },
    rerank: ON,
    records: [
      { id: B.b1, name: "Ann", tags: ["x", "y"], phone: { input: "0151" }, vector: [1, 0] },
      { id: B.b2, name: "Bob", vector: [1, 0] },
    ],
  };
  const { app } = await testGateway([col], { createReranker: () => spy });
  const res = await gql(
    app,
    '{Get{Contact{_additional{rerank(properties:["name","tags","phone.input"]){score}}}}}',
  );
  assert.equal(
    res.text,
    '{"data":{"Get":{"Contact":[{"_additional":{"rerank":[{"score":12}]}},' +
      '{"_additional":{"rerank":[{"score":3}]}}]}}}\n',
  );
  assert.deepEqual(spy.calls[0].documents, ["Ann\nx\ny\n0151", "Bob"]);
  await gql(app, '{Get{Contact{_additional{rerank(property:"phone.input"){score}}}}}');
  assert.deepEqual(spy.calls[1].documents, ["0151", ""]);
  const both = await gql(
    app,
    '{Get{Contact{_additional{rerank(property:"name" properties:["tags"]){score}}}}}',
  );
  assert.equal(
    (both.json.errors as { message: string }[])[0].message,
    "rerank: property and properties cannot both be set, choose one",
  );
});

/** A reranker that answers after `ms` (or when its signal aborts, with an error). */
function slowReranker(ms: number): Reranker & { aborted: number } {
  const self = {
    name: "reranker-dummy",
    maxDocuments: 1000,
    aborted: 0,
    rerank(_q: string, documents: readonly string[], opts?: { signal?: AbortSignal }) {
      return new Promise<{ index: number; score: number }[]>((resolve, reject) => {
        const t = setTimeout(() => resolve(documents.map((_, index) => ({ index, score: 1 }))), ms);
        opts?.signal?.addEventListener("abort", () => {
          self.aborted++;
          clearTimeout(t);
          reject(new Error("aborted"));
        });
      });
    },
  };
  return self as Reranker & { aborted: number };
}

Deno.test("timeoutMs: onTimeout error answers the class with Weaviate-style error text", async () => {
  const slow = slowReranker(5_000);
  const { app } = await book(ON, slow);
  const res = await get(
    app,
    'Book(limit:2){_additional{id rerank(property:"title" timeoutMs:50){score}}}',
  );
  assert.equal(
    res.text,
    '{"data":{"Get":{"Book":null}},"errors":[{"locations":[{"column":6,"line":1}],' +
      '"message":"explorer: list class: extend: extend rerank: client rank: no answer within ' +
      'timeoutMs 50 ms","path":["Get","Book"]}]}\n',
  );
  assert.equal(slow.aborted, 1, "the reranker call is aborted");
});

Deno.test("timeoutMs: onTimeout retrievalOrder keeps the data and adds an error entry", async () => {
  const slow = slowReranker(5_000);
  const { app } = await book(ON, slow);
  const res = await get(
    app,
    'Book(limit:2){_additional{id rerank(property:"title" timeoutMs:50 onTimeout:retrievalOrder){score}}}',
  );
  assert.equal(
    res.text,
    `{"data":{"Get":{"Book":[{"_additional":{"id":"${B.b1}","rerank":null}},` +
      `{"_additional":{"id":"${B.b2}","rerank":null}}]}},"errors":[{"locations":[{"column":6,"line":1}],` +
      '"message":"rerank: the reranker gave no answer within timeoutMs 50 ms; the results are ' +
      'in retrieval order without rerank scores (onTimeout: retrievalOrder)","path":["Get","Book"]}]}\n',
  );
  // A fast reranker within the timeout reranks as usual, with no error entry.
  const fast = await book(ON, slowReranker(1));
  const ok = await get(
    fast.app,
    'Book(limit:2){_additional{id rerank(property:"title" timeoutMs:5000 onTimeout:retrievalOrder){score}}}',
  );
  assert.equal(ok.json.errors, undefined);
  assert.deepEqual(scores(ok.json), [1, 1]);
});

Deno.test("config defaults apply when the query omits the argument; the query wins", async () => {
  const { app, spy } = await book({
    ...ON,
    window: 6,
    minScore: 11,
    inheritQuery: true,
    properties: ["title"],
  });
  const res = await get(app, 'Book(bm25:{query:"classic"} limit:1){_additional{id rerank{score}}}');
  // bm25 "classic" finds b1, b2, b6 (titles 10, 4, 19 bytes); minScore 11 keeps b6.
  assert.deepEqual(names(res.json, "Book"), ["b6"]);
  assert.equal(spy.calls[0].query, "classic");
  const over = await get(
    app,
    'Book(limit:2){_additional{id rerank(property:"title" window:2 minScore:0 query:""){score}}}',
  );
  assert.deepEqual(names(over.json, "Book"), ["b1", "b2"]);
  assert.deepEqual(spy.calls[1], { query: "", documents: ["The Hobbit", "Dune"] });
});

Deno.test("hidden extensions: defaults still apply with arguments:false, the args are refused", async () => {
  const { app, spy } = await book({ ...ON, arguments: false, window: 6 });
  const res = await get(app, 'Book(limit:1){_additional{id rerank(property:"title"){score}}}');
  assert.deepEqual(names(res.json, "Book"), ["b3"]);
  assert.equal(spy.calls[0].documents.length, 6);
  const refused = await get(
    app,
    'Book(limit:1){_additional{rerank(property:"title" window:2){score}}}',
  );
  assert.match(
    (refused.json.errors as { message: string }[])[0].message,
    /Unknown argument "window"/,
  );
});

Deno.test("argument errors: window bounds, window with groupBy, non-positive timeoutMs", async () => {
  const { app } = await book(ON);
  const message = async (q: string) =>
    ((await get(app, q)).json.errors as { message: string }[])[0].message;
  assert.equal(
    await message('Book{_additional{rerank(property:"title" window:0){score}}}'),
    "rerank: window must be at least 1, got 0",
  );
  assert.equal(
    await message('Book{_additional{rerank(property:"title" window:10001){score}}}'),
    "rerank: window 10001 exceeds the configured value for QUERY_MAXIMUM_RESULTS '10000'",
  );
  assert.equal(
    await message(
      'Book(groupBy:{path:["genre"] groups:2 objectsPerGroup:1}){_additional{rerank(property:"title" window:5){score}}}',
    ),
    "rerank: window cannot be combined with groupBy",
  );
  assert.equal(
    await message('Book{_additional{rerank(property:"title" timeoutMs:0){score}}}'),
    "rerank: timeoutMs must be at least 1, got 0",
  );
});

Deno.test("config: collections[].rerank is validated with key paths", () => {
  const raw = (rerank: unknown, moduleConfig: unknown = { "reranker-dummy": {} }) => ({
    collections: [{
      class: "Article",
      properties: [{ name: "title", dataType: ["text"] }],
      moduleConfig,
      store: { kind: "embedded", files: ["a.json"] },
      rerank,
    }],
  });
  const tooBig = parseConfig({ ...raw({ window: 501 }), limits: { queryMaximumResults: 500 } });
  assert.deepEqual(tooBig.ok ? [] : tooBig.problems, [
    "collections[0].rerank.window: 501 exceeds limits.queryMaximumResults (500)",
  ]);
  const ok = parseConfig(raw({ window: 50 }));
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.ok && ok.config.collections[0].rerank, {
    arguments: true,
    window: 50,
    inheritQuery: false,
    onTimeout: "error",
  });
  const bad = parseConfig(
    raw({ window: 0, onTimeout: "retry", properties: ["titel", "a..b"], extra: 1 }, {}),
  );
  assert.deepEqual(bad.ok ? [] : bad.problems, [
    "collections[0].rerank: the rerank extensions need a reranker module in moduleConfig (e.g. reranker-dummy)",
    "collections[0].rerank.extra: unknown key",
    'collections[0].rerank.onTimeout: invalid value "retry" (expected one of error, retrievalOrder)',
    'collections[0].rerank.properties[0]: unknown property "titel" (did you mean "title"?)',
    'collections[0].rerank.properties[1]: "a..b" is not a property name or dotted path (e.g. "title", "author.name")',
    "collections[0].rerank.window: must be >= 1, got 0",
  ]);
});

Deno.test("timeoutMs fallback: in a batch, the error entry stays with its own query", async () => {
  const { app } = await book(ON, slowReranker(5_000));
  const res = await app.request("/v1/graphql/batch", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify([
      {
        query:
          '{Get{Book(limit:1){_additional{id rerank(property:"title" timeoutMs:30 onTimeout:retrievalOrder){score}}}}}',
      },
      { query: "{Get{Book(limit:1){title}}}" },
    ]),
  });
  const body = await res.json() as { errors?: { message: string }[] }[];
  assert.equal(body.length, 2);
  assert.match(body[0].errors![0].message, /no answer within timeoutMs 30 ms/);
  assert.equal(body[1].errors, undefined);
});
