/**
 * `text2vec-cohere` end to end: objects embedded at start-up (search_document) and nearText /
 * hybrid queries embedded per request (search_query) by a local server that answers like Cohere's
 * `/v2/embed`, with `reranker-dummy` on top.
 */
import assert from "node:assert/strict";
import { gql, type TestCollection, testGateway } from "../helpers/harness.ts";
import {
  type FakeHandler,
  type FakeServer,
  json,
  startFakeServer,
} from "../rerankers/fake_server.ts";
import { cohereEmbedHandler } from "./fakes.ts";

const NAMES = ["a hot-air balloon", "a sailing ship", "a red car", "a zeppelin"];
const ENV = { COHERE_APIKEY: "env-key-77" };

function vehicles(baseURL: string): TestCollection {
  return {
    class: "Vehicle",
    properties: { name: "text" },
    vectorizer: "text2vec-cohere",
    moduleConfig: { "text2vec-cohere": { baseURL }, "reranker-dummy": {} },
    records: NAMES.map((name, i) => ({ id: `00000000-0000-0000-0000-00000000000${i}`, name })),
  };
}

async function withServer(
  fn: (s: FakeServer) => Promise<void>,
  handler: FakeHandler = cohereEmbedHandler,
): Promise<void> {
  const server = startFakeServer(handler);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

const body = (s: FakeServer, n: number) => JSON.parse(s.requests[n].body);

interface Row {
  name: string;
  _additional: { distance?: number; rerank?: { score: number }[] };
}

function rows(res: { json: Record<string, unknown> }): Row[] {
  assert.equal(res.json.errors, undefined, JSON.stringify(res.json.errors));
  return (res.json.data as { Get: { Vehicle: Row[] } }).Get.Vehicle;
}

Deno.test("cohere e2e: objects are embedded at start-up as search_document with the env key", async () => {
  await withServer(async (server) => {
    await testGateway([vehicles(server.url)], { env: ENV });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, "/v2/embed");
    assert.equal(server.requests[0].headers["authorization"], "Bearer env-key-77");
    assert.deepEqual(body(server, 0), {
      model: "embed-multilingual-v3.0",
      texts: NAMES.map((n) => `Vehicle ${n}`),
      input_type: "search_document",
      embedding_types: ["float"],
    });
  });
});

Deno.test("cohere e2e: nearText is embedded as search_query with the header key, nearest first", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([vehicles(server.url)], { env: ENV });
    const res = await gql(
      app,
      '{ Get { Vehicle(nearText: {concepts: ["flying"]}) { name _additional { distance } } } }',
      { headers: { "X-Cohere-Api-Key": "header-key-42" } },
    );
    // Vectors [air, sea, road, 1]: flying [1,0,0,1]; zeppelin [1,0,0,1] -> 0;
    // balloon [2,0,0,1] -> 1 - 3/sqrt(10); car [0,0,1,1] -> 1/2; ship [0,2,0,1] -> 1 - 1/sqrt(10).
    const got = rows(res);
    assert.deepEqual(got.map((r) => r.name), [
      "a zeppelin",
      "a hot-air balloon",
      "a red car",
      "a sailing ship",
    ]);
    const expected = [0, 1 - 3 / Math.sqrt(10), 0.5, 1 - 1 / Math.sqrt(10)];
    got.forEach((r, i) => assert.ok(Math.abs(r._additional.distance! - expected[i]) < 1e-6));
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1].headers["authorization"], "Bearer header-key-42");
    assert.deepEqual(body(server, 1), {
      model: "embed-multilingual-v3.0",
      texts: ["flying"],
      input_type: "search_query",
      embedding_types: ["float"],
    });
  });
});

Deno.test("cohere e2e: reranker-dummy reranks the nearText page", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([vehicles(server.url)], { env: ENV });
    const res = await gql(
      app,
      '{ Get { Vehicle(nearText: {concepts: ["flying"]} limit: 3) { name ' +
        '_additional { rerank(property: "name" query: "up") { score } } } } }',
    );
    // Page: zeppelin, balloon, car; dummy scores are byte lengths 10, 17, 9.
    const got = rows(res);
    assert.deepEqual(got.map((r) => r.name), ["a hot-air balloon", "a zeppelin", "a red car"]);
    assert.deepEqual(got.map((r) => r._additional.rerank![0].score), [17, 10, 9]);
    assert.equal(server.requests[1].headers["authorization"], "Bearer env-key-77");
  });
});

Deno.test("cohere e2e: hybrid embeds its query as search_query", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([vehicles(server.url)], { env: ENV });
    const res = await gql(
      app,
      '{ Get { Vehicle(hybrid: {query: "flying", alpha: 1}) { name } } }',
    );
    assert.equal(rows(res)[0].name, "a zeppelin");
    assert.deepEqual(body(server, 1).texts, ["flying"]);
    assert.equal(body(server, 1).input_type, "search_query");
  });
});

Deno.test("cohere e2e: a failing query vectorization is an error at [Get, <Class>]", async () => {
  const handler: FakeHandler = (req, n, signal) =>
    JSON.parse(req.body).input_type === "search_query"
      ? json({ message: "invalid api token" }, 401)
      : cohereEmbedHandler(req, n, signal);
  await withServer(async (server) => {
    const { app } = await testGateway([vehicles(server.url)], { env: ENV });
    const res = await gql(
      app,
      '{ Get { Vehicle(nearText: {concepts: ["flying"]}) { name } } }',
      { headers: { "X-Cohere-Api-Key": "bad-header-key" } },
    );
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.data, { Get: { Vehicle: null } });
    const [error] = res.json.errors as { message: string; path: string[] }[];
    assert.equal(
      error.message,
      "could not vectorize input for collection Vehicle with search-type nearText: " +
        "text2vec-cohere: connection to Cohere API failed with status 401: invalid api token",
    );
    assert.deepEqual(error.path, ["Get", "Vehicle"]);
    assert.ok(!res.text.includes("bad-header-key"));
  }, handler);
});

Deno.test("cohere e2e: start-up without COHERE_APIKEY fails with a clear message", async () => {
  await withServer(async (server) => {
    await assert.rejects(testGateway([vehicles(server.url)]), (err: Error) => {
      assert.match(
        err.message,
        /^class Vehicle: text2vec-cohere could not vectorize the objects without a stored vector at start-up: Cohere API Key: no api key found in environment variable under COHERE_APIKEY/,
      );
      return true;
    });
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("cohere e2e: /v1/meta lists text2vec-cohere as Weaviate does", async () => {
  await withServer(async (server) => {
    const { app } = await testGateway([vehicles(server.url)], { env: ENV });
    const meta = await (await app.request("/v1/meta")).json();
    assert.deepEqual(meta.modules["text2vec-cohere"], {
      documentationHref: "https://docs.cohere.ai/embedding-wiki/",
      name: "Cohere Module",
    });
  });
});
