/**
 * `_additional` fields (spec §1.2) through POST /v1/graphql, and the REST views of the same app
 * (/v1/meta, /v1/schema), on the datasets of get_dataset.ts.
 */
import assert from "node:assert/strict";
import { testGateway } from "../helpers/harness.ts";
import { ARTICLE, B, BOOK, get, names, P, POINT, rows } from "./get_dataset.ts";

const gateway = testGateway([BOOK, ARTICLE, POINT]);

/** True when `token` is the shortest decimal that rounds to its float32 value. */
function isShortestFloat32(token: string): boolean {
  const f = Math.fround(Number(token));
  const digits = token.replace(/^-?0?\.?0*/, "").replace(/[.]/g, "").replace(/e.*$/, "");
  if (digits.length <= 1) return true;
  return Math.fround(Number(f.toPrecision(digits.length - 1))) !== f;
}

Deno.test("_additional vector: float32 values print with float32 precision (0.1 prints as 0.1)", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    "Point(nearVector:{vector:[0.1,0.2,0.3]} limit:1){_additional{id vector}}",
  );
  // float32(0.1) is 0.100000001490116...; Weaviate prints the shortest float32 form.
  assert.equal(
    res.text,
    `{"data":{"Get":{"Point":[{"_additional":{"id":"${P.p1}","vector":[0.1,0.2,0.3]}}]}}}\n`,
  );
  const list = await get(
    app,
    `Book(where:{path:["id"] operator:Equal valueText:"${B.b1}"}){_additional{vector}}`,
  );
  assert.ok(list.text.includes('"vector":[1,0]'), list.text);
});

Deno.test("_additional distance is float32 and certainty = 1 - distance/2 (cosine)", async () => {
  const { app } = await gateway;
  const res = await get(
    app,
    "Book(nearVector:{vector:[1,0]} limit:3){_additional{id distance certainty}}",
  );
  assert.deepEqual(names(res.json, "Book"), ["b1", "b2", "b3"]);
  const tokens = [...res.text.matchAll(/"distance":([-0-9.e+]+)/g)].map((m) => m[1]);
  assert.equal(tokens.length, 3);
  assert.equal(tokens[0], "0");
  const expected = [0, 1 - 1 / Math.sqrt(1.01), 1 - 1 / Math.sqrt(1.04)];
  tokens.forEach((t, i) => {
    assert.ok(isShortestFloat32(t), `${t} is printed with float32 digits`);
    assert.ok(Math.abs(Number(t) - expected[i]) < 1e-6, `${t} ~ ${expected[i]}`);
  });
  const certainties = rows(res.json, "Book").map((r) => r._additional!.certainty as number);
  tokens.forEach((t, i) => assert.equal(certainties[i], 1 - Math.fround(Number(t)) / 2));
  assert.equal(certainties[0], 1);
});

Deno.test('_additional score and explainScore: Strings on bm25 and hybrid, "0" and "" on nearVector', async () => {
  const { app } = await gateway;
  const bm25 = await get(
    app,
    'Book(bm25:{query:"classic"} limit:1){_additional{id score explainScore}}',
  );
  const top = rows(bm25.json, "Book")[0]._additional!;
  assert.equal(top.id, B.b6);
  assert.equal(typeof top.score, "string");
  assert.ok(Number(top.score) > 0);
  // b6's tags are ["classic"]: one occurrence in a one-token field.
  assert.match(String(top.explainScore), /BM25F_classic_frequency:1/);
  assert.match(String(top.explainScore), /BM25F_classic_propLength:1/);

  const hybrid = await get(
    app,
    'Book(hybrid:{query:"classic" vector:[1,0] alpha:0.5} limit:1){_additional{id score explainScore distance}}',
  );
  const h = rows(hybrid.json, "Book")[0]._additional!;
  assert.equal(h.id, B.b1);
  assert.equal(typeof h.score, "string");
  assert.match(String(h.explainScore), /keyword/);
  assert.match(String(h.explainScore), /vector/);
  assert.equal(h.distance, null, "hybrid has no distance; selected-but-missing is null");

  const near = await get(
    app,
    "Book(nearVector:{vector:[1,0]} limit:1){_additional{score explainScore}}",
  );
  assert.equal(
    near.text,
    '{"data":{"Get":{"Book":[{"_additional":{"explainScore":"","score":"0"}}]}}}\n',
  );
});

Deno.test("_additional creationTimeUnix / lastUpdateTimeUnix are ms-since-epoch Strings", async () => {
  const before = Date.now();
  const { app } = await testGateway([BOOK]);
  const after = Date.now();
  const res = await get(app, "Book(limit:2){_additional{creationTimeUnix lastUpdateTimeUnix}}");
  for (const row of rows(res.json, "Book")) {
    for (const key of ["creationTimeUnix", "lastUpdateTimeUnix"]) {
      const v = row._additional![key];
      assert.equal(typeof v, "string", key);
      assert.match(v as string, /^\d+$/);
      assert.ok(Number(v) >= before && Number(v) <= after, `${key} ${v} in [${before}, ${after}]`);
    }
  }
});

Deno.test("_additional is null when nothing selected in it is populated", async () => {
  const { app } = await gateway;
  const list = await get(app, "Book(limit:1){title _additional{distance certainty}}");
  assert.equal(
    list.text,
    '{"data":{"Get":{"Book":[{"_additional":null,"title":"The Hobbit"}]}}}\n',
  );
  const hybrid = await get(
    app,
    'Book(hybrid:{query:"classic" vector:[1,0]} limit:1){_additional{distance}}',
  );
  assert.equal(hybrid.text, '{"data":{"Get":{"Book":[{"_additional":null}]}}}\n');
  // With something populated, the missing field is null instead.
  const withId = await get(app, "Book(limit:1){_additional{id distance}}");
  assert.equal(
    withId.text,
    `{"data":{"Get":{"Book":[{"_additional":{"distance":null,"id":"${B.b1}"}}]}}}\n`,
  );
});

Deno.test("__typename works on Get, the class and _additional", async () => {
  const { app } = await gateway;
  const res = await get(app, "__typename Book(limit:1){__typename _additional{__typename id}}");
  assert.deepEqual(res.json, {
    data: {
      Get: {
        __typename: "GetObjectsObj",
        Book: [{ __typename: "Book", _additional: { __typename: "BookAdditional", id: B.b1 } }],
      },
    },
  });
});

Deno.test("/v1/meta on the test app lists the configured modules and no store details", async () => {
  const { app } = await gateway;
  const res = await app.request("/v1/meta");
  assert.equal(res.status, 200);
  const text = await res.text();
  const meta = JSON.parse(text);
  assert.equal(meta.version, "1.39.0");
  assert.ok("reranker-dummy" in meta.modules, text);
  assert.ok("text2vec-hash" in meta.modules, text);
  for (const secret of ["mem:", "Book.json", "files", "store"]) {
    assert.ok(!text.includes(secret), `${secret} in ${text}`);
  }
});

Deno.test("/v1/schema/{class} shows the reranker in moduleConfig and never the store", async () => {
  const { app } = await gateway;
  const res = await app.request("/v1/schema/Book");
  assert.equal(res.status, 200);
  const text = await res.text();
  const cls = JSON.parse(text);
  assert.equal(cls.class, "Book");
  assert.deepEqual(cls.moduleConfig, { "reranker-dummy": {} });
  assert.equal(cls.vectorizer, "none");
  assert.equal(cls.vectorIndexConfig.distance, "cosine");
  assert.deepEqual(
    cls.properties.map((p: { name: string; dataType: string[] }) => [p.name, p.dataType[0]]),
    [
      ["title", "text"],
      ["genre", "text"],
      ["tags", "text[]"],
      ["pages", "int"],
      ["rating", "number"],
      ["available", "boolean"],
      ["published", "date"],
      ["location", "geoCoordinates"],
      ["isbn", "uuid"],
    ],
  );
  for (const secret of ["mem:", "Book.json", "files", "store", "idField", "vectorField"]) {
    assert.ok(!text.includes(secret), `${secret} in ${text}`);
  }
  const article = await (await app.request("/v1/schema/article")).json();
  assert.equal(article.class, "Article", "the first letter is upper-cased like Weaviate does");
  assert.equal(article.vectorizer, "text2vec-hash");
  assert.ok("text2vec-hash" in article.moduleConfig);
  const point = await (await app.request("/v1/schema/Point")).json();
  assert.equal(point.vectorIndexConfig.distance, "l2-squared");
  const all = await (await app.request("/v1/schema")).text();
  assert.deepEqual(JSON.parse(all).classes.map((c: { class: string }) => c.class), [
    "Book",
    "Article",
    "Point",
  ]);
  assert.ok(!all.includes("mem:"));
  const missing = await app.request("/v1/schema/Nope");
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
});
