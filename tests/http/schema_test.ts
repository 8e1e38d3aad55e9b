import assert from "node:assert/strict";
import { fakeServices, testApp } from "./fake_services.ts";

const app = () => testApp(fakeServices());

Deno.test("schema: lists every class in Weaviate's class JSON", async () => {
  const res = await app().request("/v1/schema");
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ["classes"]);
  assert.deepEqual(body.classes.map((c: { class: string }) => c.class), ["Article", "Note"]);
});

Deno.test("schema: class JSON has Weaviate's keys and the reranker in moduleConfig", async () => {
  const res = await app().request("/v1/schema/Article");
  assert.equal(res.status, 200);
  const c = await res.json();
  assert.deepEqual(Object.keys(c), [
    "class",
    "description",
    "invertedIndexConfig",
    "moduleConfig",
    "multiTenancyConfig",
    "properties",
    "replicationConfig",
    "shardingConfig",
    "vectorIndexConfig",
    "vectorIndexType",
    "vectorizer",
  ]);
  assert.equal(c.class, "Article");
  assert.equal(c.description, "News articles");
  assert.deepEqual(c.invertedIndexConfig.bm25, { b: 0.75, k1: 1.2 });
  assert.deepEqual(c.moduleConfig, { "text2vec-hash": { dimensions: 64 }, "reranker-dummy": {} });
  assert.equal(c.multiTenancyConfig.enabled, false);
  assert.equal(c.replicationConfig.factor, 1);
  assert.equal(c.shardingConfig.desiredCount, 1);
  assert.equal(c.vectorIndexConfig.distance, "dot");
  assert.equal(c.vectorIndexType, "hnsw");
  assert.equal(c.vectorizer, "text2vec-hash");
});

Deno.test("schema: properties in Weaviate's shape", async () => {
  const c = await (await app().request("/v1/schema/Article")).json();
  assert.deepEqual(c.properties, [
    {
      dataType: ["text"],
      description: "Headline",
      indexFilterable: true,
      indexRangeFilters: false,
      indexSearchable: true,
      name: "title",
      tokenization: "word",
    },
    {
      dataType: ["text[]"],
      indexFilterable: true,
      indexRangeFilters: false,
      indexSearchable: true,
      name: "tags",
      tokenization: "field",
    },
    {
      dataType: ["int"],
      indexFilterable: true,
      indexRangeFilters: false,
      indexSearchable: false,
      name: "views",
    },
    {
      dataType: ["date"],
      indexFilterable: false,
      indexRangeFilters: false,
      indexSearchable: false,
      name: "published",
    },
  ]);
});

Deno.test("schema: a class without vectorizer or reranker", async () => {
  const c = await (await app().request("/v1/schema/Note")).json();
  assert.equal(c.vectorizer, "none");
  assert.deepEqual(c.moduleConfig, {});
  assert.equal(c.vectorIndexConfig.distance, "cosine");
  assert.equal("description" in c, false);
});

Deno.test("schema: store internals never leak", async () => {
  const text = await (await app().request("/v1/schema")).text();
  for (const secret of ["/secret/place", "embedded", "idField", "vectorField", "uuid", "store"]) {
    assert.ok(!text.includes(secret), `schema mentions ${secret}`);
  }
});

Deno.test("schema: unknown class -> 404 with no body", async () => {
  const res = await app().request("/v1/schema/Nope");
  assert.equal(res.status, 404);
  assert.equal(await res.text(), "");
});

Deno.test("schema: the class name's first letter is upper-cased, as in Weaviate", async () => {
  const res = await app().request("/v1/schema/article");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).class, "Article");
  assert.equal((await app().request("/v1/schema/ARTICLE")).status, 404);
});
